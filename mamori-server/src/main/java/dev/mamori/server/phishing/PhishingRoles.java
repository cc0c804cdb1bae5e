package dev.mamori.server.phishing;

import dev.mamori.common.Role;
import dev.mamori.server.principal.MamoriPrincipal;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who may do what in anti-phishing, for the console (the API's rules are in SecurityConfig and match).
 * Every party protects its own domains and brand, so every role reads; analysts and admins change
 * things; anyone but an auditor may submit a report or check a message.
 */
public final class PhishingRoles {
    public static final Set<Role> READERS = EnumSet.of(Role.ANALYST, Role.ADMIN, Role.AUDITOR, Role.ISSUER, Role.PSP, Role.ACQUIRER,
            Role.MERCHANT);
    public static final Set<Role> WRITERS = EnumSet.of(Role.ANALYST, Role.ADMIN);
    public static final Set<Role> REPORTERS = EnumSet.of(Role.ANALYST, Role.ADMIN, Role.ISSUER, Role.PSP, Role.ACQUIRER, Role.MERCHANT);

    private PhishingRoles() {
    }

    public static boolean any(MamoriPrincipal principal, Set<Role> roles) {
        return principal != null && principal.roles().stream().anyMatch(roles::contains);
    }
}
