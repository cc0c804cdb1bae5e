package dev.mamori.server.console;

import dev.mamori.common.Role;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.tenant.TenantService;
import dev.mamori.server.vault.VaultOperations;
import dev.mamori.vault.InvalidCardException;
import dev.mamori.vault.KeyManagement;
import dev.mamori.vault.KeyStateException;
import dev.mamori.vault.KeyUnavailableException;
import dev.mamori.vault.Vault;
import dev.mamori.vault.VaultPolicy;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A tenant's own vault page: its policy (who may see card numbers, how long tokens live) and its
 * key rotations. Admins change the policy and rotate; auditors read (as {@code /v1/vault/policy}).
 */
@Controller
class VaultTenantConsoleController {
    private static final Logger log = LoggerFactory.getLogger(VaultTenantConsoleController.class);
    private static final String PAGE = "/console/vault";
    /** Merchants are never offered: shops hold no card numbers (非保持化). */
    static final List<Role> CHOOSABLE = Arrays.stream(Role.values()).filter(r -> r != Role.MERCHANT).toList();

    private final Vault vault;
    private final VaultOperations operations;
    private final TenantService tenants;
    private final VaultConsoleSupport support;

    VaultTenantConsoleController(Vault vault, VaultOperations operations, TenantService tenants, VaultConsoleSupport support) {
        this.vault = vault;
        this.operations = operations;
        this.tenants = tenants;
        this.support = support;
    }

    @GetMapping(PAGE)
    String page(Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!VaultConsoleSupport.mayReadTenantVault(me)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        return tenantPage(me, model, null);
    }

    /** htmx: this tenant's rotations, polled every 2 s while one runs. */
    @GetMapping(PAGE + "/rotations")
    String rotations(Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!me.has(Role.ADMIN)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        rotationsModel(me, model);
        return "console/vault-rotations :: rotations";
    }

    @PostMapping(PAGE + "/policy")
    String updatePolicy(@RequestParam(name = "roles", required = false) List<String> roles,
                        @RequestParam(defaultValue = "") String ttlSeconds, Model model, HttpServletResponse response,
                        RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!me.has(Role.ADMIN)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        Set<Role> chosen = EnumSet.noneOf(Role.class);
        for (String id : roles == null ? List.<String>of() : roles) {
            Role role = Role.fromId(id).orElse(null);
            if (role == null) {
                return policyRefused(me, model, response, support.message("vault.error.known-role"), null);
            }
            chosen.add(role);
        }
        Long ttl = null;
        if (!ttlSeconds.isBlank()) {
            try {
                ttl = Long.parseLong(ttlSeconds.trim());
            } catch (NumberFormatException e) {
                return policyRefused(me, model, response, support.message("vault.error.range"), chosen);
            }
        }
        try {
            operations.updatePolicy(me, chosen, ttl);
            redirect.addFlashAttribute("notice", support.message("vault.policy.saved"));
            return "redirect:" + PAGE;
        } catch (ApiProblem | InvalidCardException e) {
            return policyRefused(me, model, response, support.refusal(e), chosen);
        }
    }

    @GetMapping(PAGE + "/rotate")
    String confirmRotation(Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!me.has(Role.ADMIN)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        String name = tenants.find(me.tenant()).map(t -> t.name()).orElse("");
        return VaultKeysConsoleController.confirm(me, model, support.message("vault.confirm.ownTenant", name), PAGE + "/rotate", PAGE);
    }

    @PostMapping(PAGE + "/rotate")
    String rotate(Model model, HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!me.has(Role.ADMIN)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        try {
            KeyManagement.Rotation rotation = operations.rotateTenantKeys(me, me.tenant());
            redirect.addFlashAttribute("notice", support.message("vault.tenant.rotated", rotation.toVersion(), rotation.total()));
            return "redirect:" + PAGE;
        } catch (ApiProblem | KeyStateException | InvalidCardException | KeyUnavailableException e) {
            if (e instanceof KeyUnavailableException) {
                log.error("master key provider failed", e);
            }
            response.setStatus(e instanceof KeyUnavailableException ? HttpServletResponse.SC_SERVICE_UNAVAILABLE : HttpServletResponse.SC_CONFLICT);
            model.addAttribute("error", support.refusal(e));
            return tenantPage(me, model, null);
        }
    }

    private String policyRefused(MamoriPrincipal me, Model model, HttpServletResponse response, String error, Set<Role> chosen) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("error", error);
        return tenantPage(me, model, chosen);
    }

    /** @param chosen the roles as the admin just ticked them (on a refusal), or null for the stored policy */
    private String tenantPage(MamoriPrincipal me, Model model, Set<Role> chosen) {
        VaultPolicy policy = operations.policy(me.tenant());
        model.addAttribute("me", me);
        model.addAttribute("tenant", tenants.find(me.tenant()).orElseThrow());
        model.addAttribute("policy", policy);
        model.addAttribute("policyRoles", policy.detokenizeRoles().stream().sorted().map(Role::id).toList());
        model.addAttribute("checked", (chosen == null ? policy.detokenizeRoles() : chosen).stream().map(Role::id).toList());
        model.addAttribute("choosable", CHOOSABLE.stream().map(Role::id).toList());
        model.addAttribute("ttlSeconds", policy.defaultTtl() == null ? null : policy.defaultTtl().toSeconds());
        model.addAttribute("admin", me.has(Role.ADMIN));
        if (me.has(Role.ADMIN)) {
            rotationsModel(me, model);
        }
        return "console/vault";
    }

    private void rotationsModel(MamoriPrincipal me, Model model) {
        List<KeyManagement.Rotation> mine = vault.keys().status().rotations().stream()
                .filter(r -> me.tenant().equals(r.tenant())).toList();
        model.addAttribute("rotations", mine);
        model.addAttribute("rotationsUrl", PAGE + "/rotations");
        model.addAttribute("polling", VaultConsoleSupport.anyRunning(mine));
        model.addAttribute("showTenant", false);
    }
}
