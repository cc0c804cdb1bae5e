package dev.mamori.server.threeds.challenge;

import dev.mamori.common.Role;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.threeds.challenge.Outbox;
import jakarta.servlet.http.HttpServletResponse;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.http.CacheControl;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The demo outbox: the one-time passwords, SMS texts and app notifications that would have gone
 * out without an SMTP server or gateway, so a demo can finish a challenge. The tenant's admins
 * only, and only the tenant's own messages: they hold live codes.
 */
@Controller
class OutboxConsoleController {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private final Outbox outbox;
    private final ChallengeProperties properties;

    OutboxConsoleController(Outbox outbox, ChallengeProperties properties) {
        this.outbox = outbox;
        this.properties = properties;
    }

    @GetMapping("/console/threeds/outbox")
    String page(Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        model.addAttribute("me", me);
        if (!me.has(Role.ADMIN)) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            return "console/forbidden";
        }
        // Codes must not linger in a browser's or proxy's cache.
        response.setHeader("Cache-Control", CacheControl.noStore().getHeaderValue());
        model.addAttribute("messages", outbox.list(me.tenant()));
        model.addAttribute("smtp", properties.smtpConfigured());
        model.addAttribute("capacity", outbox.capacity());
        model.addAttribute("time", TIME);
        return "console/threeds-outbox";
    }
}
