package dev.mamori.server.console;

import dev.mamori.phishing.PhishingModule;
import dev.mamori.server.phishing.PhishingRoles;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The anti-phishing overview: the tenant's brand domains and what each section of the work does. */
@Controller
class PhishingConsoleController {
    private final PhishingModule phishing;

    PhishingConsoleController(PhishingModule phishing) {
        this.phishing = phishing;
    }

    @GetMapping("/console/phishing")
    String overview(Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!PhishingRoles.any(me, PhishingRoles.READERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        model.addAttribute("me", me);
        model.addAttribute("domains", phishing.brandDomains().list(me.tenant()));
        return "console/phishing";
    }
}
