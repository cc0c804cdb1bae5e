package dev.mamori.server.console;

import dev.mamori.phishing.mail.MalformedMessageException;
import dev.mamori.phishing.mail.MessageAuthentication;
import dev.mamori.phishing.mail.MessageAuthenticator;
import dev.mamori.phishing.mail.SmtpEnvelope;
import dev.mamori.server.phishing.PhishingRoles;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "Check a message": paste a received message (or pick an .eml file; a script reads it into the
 * form) with the SMTP client's IP, HELO and MAIL FROM, and see SPF, DKIM and DMARC as a receiving
 * server decides them. The same check as {@code POST /v1/phishing/messages/verify}; nothing is stored.
 */
@Controller
class PhishingMessagesConsoleController {
    static final String PAGE = "/console/phishing/messages";
    /** A pasted message larger than this is refused before any check (Tomcat's form limit is 2 MB). */
    static final int MAX_MESSAGE_CHARS = 1_000_000;

    private final MessageAuthenticator authenticator;
    private final MessageSource messages;

    PhishingMessagesConsoleController(MessageAuthenticator authenticator, MessageSource messages) {
        this.authenticator = authenticator;
        this.messages = messages;
    }

    /** One verdict row: what was checked, the result word, and a CSS class (ok / error / neutral). */
    record Verdict(String check, String result, String css, String detail) {
    }

    @GetMapping(PAGE)
    String page(Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!PhishingRoles.any(me, PhishingRoles.REPORTERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        return show(me, model, Map.of("ip", "", "helo", "", "mailFrom", "", "message", ""));
    }

    @PostMapping(PAGE)
    String check(@RequestParam(defaultValue = "") String ip, @RequestParam(defaultValue = "") String helo,
                 @RequestParam(defaultValue = "") String mailFrom, @RequestParam(defaultValue = "") String message, Model model,
                 HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!PhishingRoles.any(me, PhishingRoles.REPORTERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        // The message is echoed back into the form so it can be corrected; never into a log.
        Map<String, String> form = Map.of("ip", ip, "helo", helo, "mailFrom", mailFrom, "message", message);
        Locale locale = LocaleContextHolder.getLocale();
        if (message.length() > MAX_MESSAGE_CHARS) {
            model.addAttribute("error", messages.getMessage("phishing.messages.tooLarge", new Object[] {MAX_MESSAGE_CHARS}, locale));
            response.setStatus(422);
            return show(me, model, Map.of("ip", ip, "helo", helo, "mailFrom", mailFrom, "message", ""));
        }
        try {
            MessageAuthentication result = authenticator.authenticate(message.getBytes(StandardCharsets.UTF_8),
                    SmtpEnvelope.parse(ip, helo, mailFrom));
            model.addAttribute("result", result);
            model.addAttribute("verdicts", verdicts(result));
            model.addAttribute("failed", result.dmarcFailed());
        } catch (MalformedMessageException e) {
            model.addAttribute("error", messages.getMessage("phishing.messages.invalid", new Object[] {e.field(), e.rule()}, locale)
                    + " " + e.getMessage());
            model.addAttribute("errorField", e.field());
            response.setStatus(422);
        }
        return show(me, model, form);
    }

    private String show(MamoriPrincipal me, Model model, Map<String, String> form) {
        model.addAttribute("me", me);
        model.addAttribute("form", form);
        return "console/phishing-messages";
    }

    static java.util.List<Verdict> verdicts(MessageAuthentication result) {
        java.util.List<Verdict> rows = new java.util.ArrayList<>();
        String spf = result.spf().result().keyword();
        rows.add(new Verdict("SPF", spf, css(spf), (result.envelope().spfChecksHelo() ? "HELO " : "MAIL FROM ")
                + result.envelope().spfDomain() + (result.spf().explanation().isEmpty() ? "" : " — " + result.spf().explanation())));
        for (var dkim : result.dkim()) {
            String word = dkim.result().word();
            rows.add(new Verdict("DKIM", word, css(word), (dkim.domain() == null ? "" : "d=" + dkim.domain() + " s=" + dkim.selector()
                    + " (" + dkim.algorithm() + ") — ") + dkim.reason()));
        }
        String dmarc = result.dmarc().result().keyword();
        rows.add(new Verdict("DMARC", dmarc, css(dmarc), result.fromDomain() + " — " + result.dmarc().reason()));
        return rows;
    }

    private static String css(String result) {
        return switch (result) {
            case "pass" -> "ok";
            case "fail", "softfail", "permerror" -> "error";
            default -> "muted";
        };
    }
}
