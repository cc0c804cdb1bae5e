package dev.mamori.server.security;

import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.principal.ActorType;
import dev.mamori.server.identity.ConsoleLogin;
import dev.mamori.server.identity.UserAccount;
import dev.mamori.server.tenant.TenantRepository;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * The first console factor. Success grants only {@link Authorities#FACTOR_PASSWORD}: the roles
 * become authorities after the TOTP step ({@code ConsoleMfaController}).
 */
class ConsolePasswordAuthenticationProvider implements AuthenticationProvider {
    private final ConsoleLogin login;
    private final TenantRepository tenants;

    ConsolePasswordAuthenticationProvider(ConsoleLogin login, TenantRepository tenants) {
        this.login = login;
        this.tenants = tenants;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String origin = authentication.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : null;
        String password = authentication.getCredentials() == null ? null : authentication.getCredentials().toString();
        ConsoleLogin.PasswordCheck check = login.checkPassword(authentication.getName(), password, origin);
        switch (check.result()) {
            case ACCEPTED -> {
                UserAccount user = check.account();
                MamoriPrincipal principal = new MamoriPrincipal(user.tenant(), "user:" + user.username(), ActorType.USER,
                        user.roles(), user.id());
                return new MamoriAuthentication(principal, Authorities.of(java.util.Set.of(), false, Authorities.FACTOR_PASSWORD));
            }
            case LOCKED -> throw new LockedException("locked");
            default -> throw new BadCredentialsException("bad credentials");
        }
    }

    /** The full console authentication, after both factors. */
    MamoriAuthentication completed(MamoriPrincipal principal) {
        boolean operator = tenants.find(principal.tenant()).map(t -> t.operator()).orElse(false);
        return new MamoriAuthentication(principal,
                Authorities.of(principal.roles(), operator, Authorities.FACTOR_PASSWORD, Authorities.FACTOR_TOTP));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
