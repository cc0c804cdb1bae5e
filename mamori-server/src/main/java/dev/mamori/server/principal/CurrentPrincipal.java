package dev.mamori.server.principal;

import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The caller of the current request, when authenticated. */
public final class CurrentPrincipal {
    private CurrentPrincipal() {}

    public static Optional<MamoriPrincipal> get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof MamoriPrincipal principal) {
            return Optional.of(principal);
        }
        return Optional.empty();
    }

    /** For endpoints behind authentication: the chain guarantees a principal. */
    public static MamoriPrincipal require() {
        return get().orElseThrow(() -> new IllegalStateException("no authenticated principal"));
    }
}
