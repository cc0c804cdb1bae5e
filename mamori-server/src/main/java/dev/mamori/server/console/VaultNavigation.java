package dev.mamori.server.console;

import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.vault.VaultOperations;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Which vault pages the dashboard links to: only those the signed-in user may open. */
@ControllerAdvice(assignableTypes = ConsoleController.class)
class VaultNavigation {
    private final VaultOperations operations;

    VaultNavigation(VaultOperations operations) {
        this.operations = operations;
    }

    /** @param keys the operator's key management page; tenant: the tenant's vault page; lookup: the card look-up */
    public record Links(boolean keys, boolean tenant, boolean lookup) {
        public boolean any() {
            return keys || tenant || lookup;
        }
    }

    @ModelAttribute("vaultLinks")
    Links vaultLinks() {
        MamoriPrincipal me = CurrentPrincipal.get().orElse(null);
        if (me == null || me.roles().isEmpty()) {
            return new Links(false, false, false);
        }
        return new Links(VaultConsoleSupport.operatorAdmin(), VaultConsoleSupport.mayReadTenantVault(me),
                VaultConsoleSupport.mayReadMetadata(me) || operations.mayDetokenize(me));
    }
}
