package dev.mamori.server.console;

import dev.mamori.common.Role;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.security.Authorities;
import dev.mamori.vault.InvalidCardException;
import dev.mamori.vault.KeyManagement;
import dev.mamori.vault.KeyStateException;
import dev.mamori.vault.KeyUnavailableException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * What the vault pages share: who may open which page (the same rules as the API's filter chain),
 * the refusal page, and refusals said in the reader's language. A refusal's message key is
 * {@code vault.error.<rule>}, after the rule the vault or the shared service named.
 */
@Component
class VaultConsoleSupport {
    /** The roles the API lets read a token's metadata ({@code GET /v1/tokens/*}). */
    static final Set<Role> METADATA_ROLES = EnumSet.of(Role.MERCHANT, Role.PSP, Role.ACQUIRER, Role.ISSUER, Role.ANALYST);

    private final MessageSource messages;

    VaultConsoleSupport(MessageSource messages) {
        this.messages = messages;
    }

    static boolean operatorAdmin() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getAuthorities().stream()
                .anyMatch(a -> Authorities.OPERATOR_ADMIN.equals(a.getAuthority()));
    }

    /** The tenant page: its admins change the policy, its auditors read it (as {@code GET /v1/vault/policy}). */
    static boolean mayReadTenantVault(MamoriPrincipal me) {
        return me.has(Role.ADMIN) || me.has(Role.AUDITOR);
    }

    static boolean mayReadMetadata(MamoriPrincipal me) {
        return me.roles().stream().anyMatch(METADATA_ROLES::contains);
    }

    static String forbidden(MamoriPrincipal me, Model model, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        model.addAttribute("me", me);
        return "console/forbidden";
    }

    /** Running rotations make the progress fragment poll itself. */
    static boolean anyRunning(List<KeyManagement.Rotation> rotations) {
        return rotations.stream().anyMatch(r -> KeyManagement.RUNNING.equals(r.state()));
    }

    /** A refusal in the reader's language, after the rule it broke; a generic sentence for the unexpected. */
    String refusal(RuntimeException e) {
        String rule = "generic";
        if (e instanceof ApiProblem p && !p.violations().isEmpty()) {
            rule = p.violations().get(0).rule();
        } else if (e instanceof KeyStateException k) {
            rule = k.rule();
        } else if (e instanceof InvalidCardException i) {
            rule = i.rule();
        } else if (e instanceof KeyUnavailableException) {
            rule = "key-unavailable";
        }
        return message("vault.error." + rule);
    }

    String message(String key, Object... args) {
        Locale locale = LocaleContextHolder.getLocale();
        return messages.getMessage(key, args, messages.getMessage("vault.error.generic", null, locale), locale);
    }
}
