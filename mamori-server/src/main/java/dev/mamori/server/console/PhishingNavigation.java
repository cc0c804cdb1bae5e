package dev.mamori.server.console;

import dev.mamori.server.phishing.PhishingRoles;
import dev.mamori.server.principal.CurrentPrincipal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Whether the console menu links to anti-phishing: every role but none reads it (PhishingRoles.READERS). */
@ControllerAdvice(basePackageClasses = PhishingNavigation.class)
class PhishingNavigation {

    @ModelAttribute("phishingLink")
    boolean phishingLink() {
        return PhishingRoles.any(CurrentPrincipal.get().orElse(null), PhishingRoles.READERS);
    }
}
