package dev.mamori.server.console;

import dev.mamori.common.TenantId;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.tenant.Tenant;
import dev.mamori.server.tenant.TenantService;
import dev.mamori.server.vault.VaultOperations;
import dev.mamori.vault.InvalidCardException;
import dev.mamori.vault.KeyCeremony;
import dev.mamori.vault.KeyManagement;
import dev.mamori.vault.KeyStateException;
import dev.mamori.vault.KeyUnavailableException;
import dev.mamori.vault.Vault;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The operator's key management page: master key versions, every tenant's key versions,
 * rotations with their progress, and key ceremonies. Operator admins only, like
 * {@code /v1/vault/keys} and {@code /v1/vault/ceremonies}; everyone else gets 403.
 */
@Controller
class VaultKeysConsoleController {
    private static final Logger log = LoggerFactory.getLogger(VaultKeysConsoleController.class);
    private static final String PAGE = "/console/vault/keys";

    private final Vault vault;
    private final VaultOperations operations;
    private final TenantService tenants;
    private final VaultConsoleSupport support;

    VaultKeysConsoleController(Vault vault, VaultOperations operations, TenantService tenants, VaultConsoleSupport support) {
        this.vault = vault;
        this.operations = operations;
        this.tenants = tenants;
        this.support = support;
    }

    @GetMapping(PAGE)
    String page(Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!VaultConsoleSupport.operatorAdmin()) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        return keysPage(me, model);
    }

    /** htmx: the rotations table, polled every 2 s while a rotation runs. */
    @GetMapping(PAGE + "/rotations")
    String rotations(Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!VaultConsoleSupport.operatorAdmin()) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        KeyManagement.Status status = vault.keys().status();
        rotationsModel(model, status);
        return "console/vault-rotations :: rotations";
    }

    // --- rotations ---------------------------------------------------------------------------------

    @GetMapping(PAGE + "/master/rotate")
    String confirmMasterRotation(Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!VaultConsoleSupport.operatorAdmin()) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        KeyManagement.Status status = vault.keys().status();
        return confirm(me, model, support.message("vault.confirm.master", status.currentMasterVersion()), PAGE + "/master/rotate", PAGE);
    }

    @PostMapping(PAGE + "/master/rotate")
    String rotateMaster(Model model, HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!VaultConsoleSupport.operatorAdmin()) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        try {
            KeyManagement.Rotation rotation = operations.rotateMasterKey(me);
            redirect.addFlashAttribute("notice", support.message("vault.keys.masterRotated", rotation.fromVersion(), rotation.toVersion()));
            return "redirect:" + PAGE;
        } catch (ApiProblem | KeyStateException | InvalidCardException | KeyUnavailableException e) {
            return refused(me, model, response, e);
        }
    }

    @GetMapping(PAGE + "/tenants/{tenantId}/rotate")
    String confirmTenantRotation(@PathVariable UUID tenantId, Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!VaultConsoleSupport.operatorAdmin()) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        String name = tenants.find(new TenantId(tenantId)).map(Tenant::name).orElse(tenantId.toString());
        return confirm(me, model, support.message("vault.confirm.tenant", name, tenantId), PAGE + "/tenants/" + tenantId + "/rotate", PAGE);
    }

    @PostMapping(PAGE + "/tenants/{tenantId}/rotate")
    String rotateTenant(@PathVariable UUID tenantId, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!VaultConsoleSupport.operatorAdmin()) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        TenantId tenant = new TenantId(tenantId);
        if (tenants.find(tenant).isEmpty()) {
            model.addAttribute("error", support.message("vault.error.tenant-unknown"));
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            return keysPage(me, model);
        }
        try {
            KeyManagement.Rotation rotation = operations.rotateTenantKeys(me, tenant);
            redirect.addFlashAttribute("notice", support.message("vault.keys.tenantRotated",
                    tenants.find(tenant).map(Tenant::name).orElse(tenantId.toString()), rotation.toVersion(), rotation.total()));
            return "redirect:" + PAGE;
        } catch (ApiProblem | KeyStateException | InvalidCardException | KeyUnavailableException e) {
            return refused(me, model, response, e);
        }
    }

    // --- key ceremony --------------------------------------------------------------------------------

    @PostMapping(PAGE + "/ceremonies")
    String startCeremony(@RequestParam(defaultValue = "") String components, Model model, HttpServletResponse response,
                         RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!VaultConsoleSupport.operatorAdmin()) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        int count;
        try {
            count = Integer.parseInt(components.trim());
        } catch (NumberFormatException e) {
            count = -1;
        }
        if (count < KeyCeremony.MIN_COMPONENTS || count > KeyCeremony.MAX_COMPONENTS) {
            model.addAttribute("error", support.message("vault.error.ceremony-components", KeyCeremony.MIN_COMPONENTS, KeyCeremony.MAX_COMPONENTS));
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return keysPage(me, model);
        }
        try {
            KeyCeremony.View view = operations.startCeremony(me, count);
            redirect.addFlashAttribute("notice", support.message("vault.ceremony.started", view.required()));
            return "redirect:" + PAGE + "#ceremony-" + view.id();
        } catch (ApiProblem | KeyStateException | InvalidCardException | KeyUnavailableException e) {
            return refused(me, model, response, e);
        }
    }

    /** The signed-in custodian's component. Never echoed back: on refusal the field comes back empty. */
    @PostMapping(PAGE + "/ceremonies/{id}/components")
    String submitComponent(@PathVariable UUID id, @RequestParam(defaultValue = "") String component,
                           @RequestParam(defaultValue = "") String checkValue, Model model, HttpServletResponse response,
                           RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!VaultConsoleSupport.operatorAdmin()) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        try {
            KeyCeremony.View view = operations.submitComponent(me, id, component, checkValue);
            redirect.addFlashAttribute("notice", view.result() == null
                    ? support.message("vault.ceremony.accepted", view.custodians().size(), view.required())
                    : support.message("vault.ceremony.completed", view.result().version(), view.result().checkValue()));
            return "redirect:" + PAGE + "#ceremony-" + id;
        } catch (ApiProblem | KeyStateException | InvalidCardException | KeyUnavailableException e) {
            return refused(me, model, response, e);
        }
    }

    // --- rendering ------------------------------------------------------------------------------------

    private String refused(MamoriPrincipal me, Model model, HttpServletResponse response, RuntimeException e) {
        if (e instanceof KeyUnavailableException) {
            log.error("master key provider failed", e);
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        } else {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
        }
        model.addAttribute("error", support.refusal(e));
        return keysPage(me, model);
    }

    private String keysPage(MamoriPrincipal me, Model model) {
        KeyManagement.Status status = vault.keys().status();
        model.addAttribute("me", me);
        model.addAttribute("status", status);
        Map<TenantId, String> names = new LinkedHashMap<>();
        for (KeyManagement.TenantKeyStatus t : status.tenants()) {
            names.put(t.tenant(), tenants.find(t.tenant()).map(Tenant::name).orElse("?"));
        }
        model.addAttribute("tenantNames", names);
        model.addAttribute("ceremonies", operations.recentCeremonies());
        model.addAttribute("minComponents", KeyCeremony.MIN_COMPONENTS);
        model.addAttribute("maxComponents", KeyCeremony.MAX_COMPONENTS);
        rotationsModel(model, status);
        return "console/vault-keys";
    }

    private void rotationsModel(Model model, KeyManagement.Status status) {
        model.addAttribute("rotations", status.rotations());
        model.addAttribute("rotationsUrl", PAGE + "/rotations");
        model.addAttribute("polling", VaultConsoleSupport.anyRunning(status.rotations()));
        model.addAttribute("showTenant", true);
    }

    /** The confirmation step before a rotation: the question, a button that posts, a way back. */
    static String confirm(MamoriPrincipal me, Model model, String question, String action, String back) {
        model.addAttribute("me", me);
        model.addAttribute("question", question);
        model.addAttribute("action", action);
        model.addAttribute("back", back);
        return "console/vault-confirm";
    }
}
