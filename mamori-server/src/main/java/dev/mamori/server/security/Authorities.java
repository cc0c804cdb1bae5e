package dev.mamori.server.security;

import dev.mamori.common.Role;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** The authority names the filter chains check. */
public final class Authorities {
    private Authorities() {}

    /** Granted after the console password step; enough only to reach the TOTP page. */
    public static final String FACTOR_PASSWORD = "FACTOR_PASSWORD";
    /** Granted after the TOTP step; required for the rest of the console. */
    public static final String FACTOR_TOTP = "FACTOR_TOTP";
    /** An admin of the operator tenant: administers the instance (creates tenants, reads metrics). */
    public static final String OPERATOR_ADMIN = "OPERATOR_ADMIN";

    public static List<GrantedAuthority> of(Collection<Role> roles, boolean operator, String... extra) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (Role role : roles) {
            authorities.add(new SimpleGrantedAuthority("ROLE_" + role.name()));
        }
        if (operator && roles.contains(Role.ADMIN)) {
            authorities.add(new SimpleGrantedAuthority(OPERATOR_ADMIN));
        }
        for (String name : extra) {
            authorities.add(new SimpleGrantedAuthority(name));
        }
        return authorities;
    }
}
