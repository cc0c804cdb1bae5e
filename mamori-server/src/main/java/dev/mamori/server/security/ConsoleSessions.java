package dev.mamori.server.security;

import dev.mamori.server.principal.MamoriPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.stereotype.Component;

/** Moves a console session from "password given" to fully logged in, or ends it. */
@Component
public class ConsoleSessions {
    private final SecurityContextRepository repository = new HttpSessionSecurityContextRepository();
    // The repository Spring Security's CSRF filter uses by default (same session attribute).
    private final HttpSessionCsrfTokenRepository csrfTokens = new HttpSessionCsrfTokenRepository();
    private final ConsolePasswordAuthenticationProvider provider;

    ConsoleSessions(ConsolePasswordAuthenticationProvider provider) {
        this.provider = provider;
    }

    public void completeLogin(MamoriPrincipal principal, HttpServletRequest request, HttpServletResponse response) {
        request.changeSessionId(); // a new session id once privileges grow (session fixation)
        csrfTokens.saveToken(null, request, response); // and a new CSRF token on the next page
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(provider.completed(principal));
        SecurityContextHolder.setContext(context);
        repository.saveContext(context, request, response);
    }

    public void end(HttpServletRequest request, HttpServletResponse response) {
        new SecurityContextLogoutHandler().logout(request, response, SecurityContextHolder.getContext().getAuthentication());
    }
}
