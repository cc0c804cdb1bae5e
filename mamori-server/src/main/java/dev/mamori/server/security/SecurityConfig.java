package dev.mamori.server.security;

import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.api.ProblemResponses;
import dev.mamori.server.api.ProblemType;
import dev.mamori.server.api.Problems;
import dev.mamori.server.audit.AuditEvent;
import dev.mamori.server.audit.AuditEventTypes;
import dev.mamori.server.audit.AuditTrail;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.api.RequestSizeLimitFilter;
import dev.mamori.server.config.MamoriProperties;
import dev.mamori.server.identity.ApiKeyService;
import dev.mamori.server.identity.ConsoleLogin;
import dev.mamori.server.tenant.TenantRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.HstsHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Six filter chains: the 3-D Secure protocol endpoints, hosted payment fields and the demo shop (public, each page with its own
 * CSP), the JSON API (stateless, API key or JWT, problem+json errors), the console
 * (session, password then TOTP, CSRF, strict CSP) and public pages (OpenAPI, assets). The role
 * each API path needs is written here, in one place, and walked by {@code AccessMatrixIT}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {
    /** HSTS lasts a year (and covers subdomains) when {@code mamori.security.hsts} is on. */
    private static final long HSTS_MAX_AGE_SECONDS = 31_536_000;
    /** No inline script or style anywhere in the console; htmx and our JS come from 'self'. */
    static final String CONSOLE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";
    static final String DOCS_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; object-src 'none'; frame-ancestors 'none'";

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    ConsolePasswordAuthenticationProvider consolePasswordAuthenticationProvider(ConsoleLogin login, TenantRepository tenants) {
        return new ConsolePasswordAuthenticationProvider(login, tenants);
    }

    @Bean
    @ConditionalOnWebApplication // not in the command-line mode (./mamori audit verify)
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ApiKeyService keys, TenantRepository tenants,
                                 ProblemSecurityHandlers problems, ObjectProvider<JwtDecoder> jwtDecoder,
                                 ProblemResponses responses, RequestAudit audit, MamoriProperties properties)
            throws Exception {
        http.securityMatcher("/v1/**", "/actuator/**")
                // Credentials travel in headers, never in cookies, so cross-site requests carry none: no CSRF.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> {})
                .addFilterBefore(new ApiKeyAuthenticationFilter(keys, tenants, problems), BasicAuthenticationFilter.class)
                .addFilterAfter(new RequestSizeLimitFilter(properties, responses, audit), AuthorizationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        // Metrics are instance-wide, so only the operator's admins see them.
                        .requestMatchers("/actuator/**").hasAuthority(Authorities.OPERATOR_ADMIN)
                        .requestMatchers(HttpMethod.POST, "/v1/tenants").hasAuthority(Authorities.OPERATOR_ADMIN)
                        .requestMatchers(HttpMethod.GET, "/v1/tenants/current").authenticated()
                        .requestMatchers("/v1/api-keys", "/v1/api-keys/**", "/v1/users", "/v1/users/**").hasRole("ADMIN")
                        .requestMatchers("/v1/audit-events", "/v1/audit-events/**").hasRole("AUDITOR")
                        .requestMatchers("/v1/publishable-keys", "/v1/publishable-keys/**").hasRole("ADMIN")
                        // Vault. Merchants tokenize through hosted payment fields, never server-side (非保持化).
                        .requestMatchers(HttpMethod.POST, "/v1/tokens", "/v1/tokens/batch").hasAnyRole("PSP", "ACQUIRER", "ISSUER")
                        .requestMatchers(HttpMethod.GET, "/v1/tokens/*").hasAnyRole("MERCHANT", "PSP", "ACQUIRER", "ISSUER", "ANALYST")
                        .requestMatchers(HttpMethod.DELETE, "/v1/tokens/*").hasAnyRole("MERCHANT", "PSP", "ACQUIRER", "ISSUER", "ADMIN")
                        // Any role may ask; the tenant's vault policy decides, and every attempt is audited.
                        .requestMatchers(HttpMethod.POST, "/v1/tokens/detokenize", "/v1/tokens/*/detokenize").authenticated()
                        .requestMatchers(HttpMethod.GET, "/v1/vault/policy").hasAnyRole("ADMIN", "AUDITOR")
                        .requestMatchers(HttpMethod.PUT, "/v1/vault/policy").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/v1/vault/keys/tenant/rotate").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/v1/vault/rotations/*").hasRole("ADMIN")
                        .requestMatchers("/v1/vault/keys", "/v1/vault/keys/**", "/v1/vault/ceremonies", "/v1/vault/ceremonies/**",
                                "/v1/vault/tenants/**").hasAuthority(Authorities.OPERATOR_ADMIN)
                        // Authorization host. Acquirers and PSPs send authorizations; the issuer's people read and steer.
                        .requestMatchers(HttpMethod.POST, "/v1/authorizations", "/v1/authorizations/*/reversal")
                                .hasAnyRole("ISSUER", "ACQUIRER", "PSP")
                        .requestMatchers(HttpMethod.GET, "/v1/authorizations", "/v1/authorizations/*")
                                .hasAnyRole("ISSUER", "ANALYST", "ADMIN", "AUDITOR")
                        .requestMatchers(HttpMethod.GET, "/v1/cards", "/v1/cards/*", "/v1/cards/*/timeline").hasAnyRole("ISSUER", "ANALYST", "ADMIN")
                        .requestMatchers(HttpMethod.POST, "/v1/cards").hasAnyRole("ISSUER", "ADMIN")
                        .requestMatchers(HttpMethod.PATCH, "/v1/cards/*").hasAnyRole("ISSUER", "ANALYST", "ADMIN")
                        .requestMatchers(HttpMethod.GET, "/v1/rules", "/v1/rules/*").hasAnyRole("ISSUER", "ANALYST", "ADMIN", "AUDITOR")
                        .requestMatchers(HttpMethod.POST, "/v1/rules", "/v1/rules/validate").hasAnyRole("ANALYST", "ADMIN")
                        .requestMatchers(HttpMethod.POST, "/v1/rules/*/shadow").hasAnyRole("ANALYST", "ADMIN")
                        .requestMatchers(HttpMethod.DELETE, "/v1/rules/shadow").hasAnyRole("ANALYST", "ADMIN")
                        // Enforcing a rule set changes who gets declined: admins only.
                        .requestMatchers(HttpMethod.POST, "/v1/rules/*/activate").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/v1/lists", "/v1/lists/**").hasAnyRole("ISSUER", "ANALYST", "ADMIN", "AUDITOR")
                        .requestMatchers(HttpMethod.POST, "/v1/lists", "/v1/lists/**").hasAnyRole("ANALYST", "ADMIN")
                        .requestMatchers(HttpMethod.DELETE, "/v1/lists/*").hasAnyRole("ANALYST", "ADMIN")
                        .requestMatchers(HttpMethod.GET, "/v1/risk/blocks", "/v1/risk/alerts").hasAnyRole("ISSUER", "ANALYST", "ADMIN")
                        .requestMatchers(HttpMethod.DELETE, "/v1/risk/blocks").hasAnyRole("ANALYST", "ADMIN")
                        .requestMatchers("/v1/risk/policy", "/v1/risk/bin-routes", "/v1/risk/bin-routes/*", "/v1/risk/cvks").hasRole("ADMIN")
                        // Fraud model lab (issue 5). Labels come from the issuer's systems (chargebacks) and its people;
                        // models, backtests and evaluations are read by every risk role and built by analysts; only an
                        // admin promotes (a second person: four-eyes, checked by the service).
                        .requestMatchers(HttpMethod.GET, "/v1/risk/labels", "/v1/risk/labels/**", "/v1/risk/labelled-history",
                                "/v1/risk/labelled-history/**", "/v1/risk/models", "/v1/risk/models/**", "/v1/risk/backtests",
                                "/v1/risk/backtests/**", "/v1/risk/evaluations", "/v1/risk/evaluations/**", "/v1/risk/drift",
                                "/v1/risk/drift/**").hasAnyRole("ISSUER", "ANALYST", "ADMIN", "AUDITOR")
                        .requestMatchers(HttpMethod.POST, "/v1/risk/labels", "/v1/risk/labels/**").hasAnyRole("ISSUER", "ANALYST", "ADMIN")
                        .requestMatchers(HttpMethod.DELETE, "/v1/risk/labels/*", "/v1/risk/labelled-history/*").hasAnyRole("ANALYST", "ADMIN")
                        .requestMatchers(HttpMethod.POST, "/v1/risk/models/*/promote", "/v1/risk/models/*/rollback").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/v1/risk/labelled-history", "/v1/risk/models", "/v1/risk/models/**",
                                "/v1/risk/backtests", "/v1/risk/evaluations", "/v1/risk/drift/**").hasAnyRole("ANALYST", "ADMIN")
                        .requestMatchers(HttpMethod.DELETE, "/v1/risk/models/shadow").hasAnyRole("ANALYST", "ADMIN")
                        // Anti-phishing (PhishingRoles): every role reads, analysts and admins change, anyone but an
                        // auditor reports a phishing site or checks a message.
                        .requestMatchers(HttpMethod.POST, "/v1/phishing/reports", "/v1/phishing/messages/verify")
                                .hasAnyRole("ANALYST", "ADMIN", "ISSUER", "PSP", "ACQUIRER", "MERCHANT")
                        .requestMatchers(HttpMethod.GET, "/v1/phishing/**")
                                .hasAnyRole("ANALYST", "ADMIN", "AUDITOR", "ISSUER", "PSP", "ACQUIRER", "MERCHANT")
                        .requestMatchers(HttpMethod.POST, "/v1/phishing/**").hasAnyRole("ANALYST", "ADMIN")
                        .requestMatchers(HttpMethod.PUT, "/v1/phishing/**").hasAnyRole("ANALYST", "ADMIN")
                        .requestMatchers(HttpMethod.PATCH, "/v1/phishing/**").hasAnyRole("ANALYST", "ADMIN")
                        .requestMatchers(HttpMethod.DELETE, "/v1/phishing/**").hasAnyRole("ANALYST", "ADMIN")
                        // 3-D Secure: the merchant's 3DS Server API, the issuer's ACS settings, the DS's card ranges.
                        .requestMatchers(HttpMethod.POST, "/v1/threeds/authentications", "/v1/threeds/authentications/**")
                                .hasAnyRole("MERCHANT", "PSP", "ACQUIRER")
                        .requestMatchers(HttpMethod.GET, "/v1/threeds/authentications", "/v1/threeds/authentications/**")
                                .hasAnyRole("MERCHANT", "PSP", "ACQUIRER", "ANALYST", "ADMIN")
                        // Enrolments hold cardholders' contact data: issuers and admins only, before the GET rule below.
                        .requestMatchers("/v1/threeds/acs/enrolments", "/v1/threeds/acs/enrolments/**").hasAnyRole("ISSUER", "ADMIN")
                        .requestMatchers(HttpMethod.GET, "/v1/threeds/acs/**", "/v1/threeds/stats")
                                .hasAnyRole("ISSUER", "ANALYST", "ADMIN", "AUDITOR")
                        .requestMatchers(HttpMethod.POST, "/v1/threeds/acs/oob/**").hasAnyRole("ISSUER", "ADMIN")
                        .requestMatchers("/v1/threeds/acs/policy").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/v1/threeds/ds/**").hasAnyRole("ADMIN", "AUDITOR")
                        .requestMatchers("/v1/threeds/ds/**").hasRole("ADMIN")
                        // Deny by default: a new endpoint is reachable only once a rule above names it.
                        .anyRequest().denyAll())
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .headers(h -> {
                    h.contentSecurityPolicy(csp -> csp.policyDirectives(API_CSP));
                    hsts(h, properties);
                });
        JwtDecoder decoder = jwtDecoder.getIfAvailable();
        if (decoder != null) {
            http.oauth2ResourceServer(o -> o
                    .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(new JwtPrincipalConverter(tenants)))
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems));
        }
        return http.build();
    }

    /**
     * Hosted payment fields: the frame page, its static files and the frame's tokenize endpoint.
     * Authenticated by the publishable key and the signed frame session in the request, checked by
     * the controller, never by cookies: no session, no CSRF token. No CORS either, except for
     * the shop's script, which shops load cross-origin with an SRI hash (that needs CORS); the
     * tokenize endpoint is same-origin only. Each page sets its own CSP (the frame's
     * {@code frame-ancestors} names the one shop origin it was served for), so no X-Frame-Options.
     */
    @Bean
    @ConditionalOnWebApplication
    @Order(-1) // its paths overlap no other chain; it only has to come before the catch-all public chain
    SecurityFilterChain hostedFieldsChain(HttpSecurity http, ProblemResponses responses, MamoriProperties properties)
            throws Exception {
        CorsConfiguration scriptCors = new CorsConfiguration();
        scriptCors.addAllowedOrigin("*");
        scriptCors.addAllowedMethod(HttpMethod.GET);
        scriptCors.setAllowCredentials(false);
        UrlBasedCorsConfigurationSource cors = new UrlBasedCorsConfigurationSource();
        cors.registerCorsConfiguration("/hosted-fields/v1/mamori-fields.js", scriptCors);
        cors.registerCorsConfiguration("/hosted-fields/v1/integrity.json", scriptCors);
        http.securityMatcher("/hosted-fields/**")
                .csrf(csrf -> csrf.disable())
                .cors(c -> c.configurationSource(cors))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.GET, "/hosted-fields/v1/frame", "/hosted-fields/v1/integrity.json",
                                "/hosted-fields/v1/*.js", "/hosted-fields/v1/*.css", "/hosted-fields/demo/*").permitAll()
                        .requestMatchers(HttpMethod.POST, "/hosted-fields/v1/tokens").permitAll()
                        .anyRequest().denyAll())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, denied) -> responses.write(response,
                                Problems.of(ProblemType.FORBIDDEN, "Not available on the hosted-fields paths")))
                        .accessDeniedHandler((request, response, denied) -> responses.write(response,
                                Problems.of(ProblemType.FORBIDDEN, "Not available on the hosted-fields paths"))))
                .headers(h -> {
                    h.frameOptions(f -> f.disable());
                    h.referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER));
                    hsts(h, properties);
                });
        return http.build();
    }

    /**
     * The 3-D Secure protocol endpoints ({@code /threeds/**}): the ACS's app challenge endpoint, its challenge pages and 3DS Method
     * page (posted to from the merchant's page in the cardholder's browser, so cross-site by
     * design: no session, no CSRF token; each transaction is found by its own unguessable ids), and
     * the 3DS Server's notification endpoints. Each controller checks its messages itself and
     * answers with 3DS Erro messages; pages set their own CSP (framed by the merchant's page). The JSON
     * message endpoints between the 3DS domains (the DS's AReq, RReq and PReq, the ACS's AReq) are answered
     * before this chain, with the headers of {@link #threeDsHeaderWriters}.
     */
    @Bean
    @ConditionalOnWebApplication
    @Order(-2)
    SecurityFilterChain threeDsChain(HttpSecurity http, ProblemResponses responses, MamoriProperties properties) throws Exception {
        http.securityMatcher("/threeds/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(a -> a
                        // A POST to the JSON message endpoints (the DS's areq, rreq and preq, the ACS's areq) is
                        // answered before this chain (ProtocolMessageFilter); any other method ends at denyAll.
                        .requestMatchers(HttpMethod.POST, "/threeds/acs/app-challenge").permitAll()
                        .requestMatchers("/threeds/acs/challenge", "/threeds/acs/challenge/**", "/threeds/acs/method").permitAll()
                        .requestMatchers(HttpMethod.POST, "/threeds/server/rreq", "/threeds/server/method-notification",
                                "/threeds/server/challenge-notification").permitAll()
                        .requestMatchers(HttpMethod.GET, "/threeds/assets/**").permitAll()
                        .anyRequest().denyAll())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, denied) -> responses.write(response,
                                Problems.of(ProblemType.FORBIDDEN, "Not available on the 3-D Secure paths")))
                        .accessDeniedHandler((request, response, denied) -> responses.write(response,
                                Problems.of(ProblemType.FORBIDDEN, "Not available on the 3-D Secure paths"))))
                .headers(h -> {
                    // The challenge and 3DS Method pages are shown in the merchant's iframe; they set their own CSP.
                    h.frameOptions(f -> f.disable());
                    h.referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER));
                    hsts(h, properties);
                });
        return http.build();
    }

    /** The demo shop ({@code /demo/shop}): public, stores nothing; the page sets its own CSP. */
    @Bean
    @ConditionalOnWebApplication
    @Order(0)
    SecurityFilterChain demoShopChain(HttpSecurity http, MamoriProperties properties) throws Exception {
        http.securityMatcher("/demo/**")
                // The order endpoint only echoes what it receives: nothing for a forged request to change.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.GET, "/demo/shop").permitAll()
                        .requestMatchers(HttpMethod.POST, "/demo/shop/orders").permitAll()
                        // Paying with 3-D Secure: the shop's own server steps (no card numbers, tokens only).
                        .requestMatchers("/demo/shop/checkout", "/demo/shop/checkout/**").permitAll()
                        .anyRequest().denyAll())
                .headers(h -> {
                    h.frameOptions(f -> f.deny());
                    hsts(h, properties);
                });
        return http.build();
    }

    @Bean
    @ConditionalOnWebApplication
    @Order(2)
    SecurityFilterChain consoleChain(HttpSecurity http, ConsolePasswordAuthenticationProvider passwordProvider,
                                     AuditTrail audit, MamoriProperties properties) throws Exception {
        http.securityMatcher("/console", "/console/**")
                .authenticationManager(new ProviderManager(passwordProvider))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/console/login", "/console/assets/**").permitAll()
                        .requestMatchers("/console/mfa", "/console/mfa/**").hasAuthority(Authorities.FACTOR_PASSWORD)
                        .anyRequest().hasAuthority(Authorities.FACTOR_TOTP))
                .formLogin(form -> form
                        .loginPage("/console/login")
                        .loginProcessingUrl("/console/login")
                        .successHandler((request, response, auth) -> response.sendRedirect(request.getContextPath() + "/console/mfa"))
                        .failureUrl("/console/login?error"))
                .logout(logout -> logout.logoutUrl("/console/logout").logoutSuccessUrl("/console/login?logout")
                        .addLogoutHandler((request, response, auth) -> {
                            if (auth != null && auth.getPrincipal() instanceof MamoriPrincipal who) {
                                audit.record(new AuditEvent(who.tenant(), who.subject(), who.type(), AuditEventTypes.LOGOUT,
                                        AuditEvent.Outcome.SUCCESS, RequestAudit.origin(request), "user:" + who.userId(), "logged out"));
                            }
                        }))
                .exceptionHandling(e -> e.accessDeniedHandler((request, response, denied) -> {
                    // Refused although authenticated: either only the password step is done (finish
                    // the login) or the CSRF token is missing or stale (start again from the login).
                    boolean passwordOnly = CurrentPrincipal.get().isPresent() && !hasTotpFactor();
                    response.sendRedirect(request.getContextPath() + (passwordOnly ? "/console/mfa" : "/console/login")); }))
                .headers(h -> {
                    h.contentSecurityPolicy(csp -> csp.policyDirectives(CONSOLE_CSP));
                    h.frameOptions(f -> f.deny());
                    h.referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER));
                    hsts(h, properties);
                });
        return http.build();
    }

    @Bean
    @ConditionalOnWebApplication
    @Order(3)
    SecurityFilterChain publicChain(HttpSecurity http, MamoriProperties properties) throws Exception {
        http.authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.GET, "/", "/webjars/**", "/v3/api-docs", "/v3/api-docs/**",
                                "/swagger-ui.html", "/swagger-ui/**", "/favicon.ico").permitAll()
                        .requestMatchers("/error").permitAll()
                        .anyRequest().denyAll())
                .headers(h -> {
                    h.contentSecurityPolicy(csp -> csp.policyDirectives(DOCS_CSP));
                    h.frameOptions(f -> f.deny());
                    hsts(h, properties);
                });
        return http.build();
    }

    private static boolean hasTotpFactor() {
        var authentication = org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getAuthorities().stream()
                .anyMatch(a -> Authorities.FACTOR_TOTP.equals(a.getAuthority()));
    }

    private static void hsts(org.springframework.security.config.annotation.web.configurers.HeadersConfigurer<HttpSecurity> h,
                             MamoriProperties properties) {
        if (properties.security().hsts()) {
            // Behind a TLS-terminating proxy the request looks like plain HTTP, so send HSTS on every response.
            h.httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(HSTS_MAX_AGE_SECONDS)
                    .requestMatcher(AnyRequestMatcher.INSTANCE));
        } else {
            h.httpStrictTransportSecurity(hsts -> hsts.disable());
        }
    }

    /**
     * The headers this chain sends (Spring Security's defaults less X-Frame-Options, no referrer, HSTS
     * when on), for the 3DS message endpoints answered before it. Keep in step with {@link #threeDsChain}.
     */
    public static List<HeaderWriter> threeDsHeaderWriters(MamoriProperties properties) {
        List<HeaderWriter> writers = new ArrayList<>(List.of(new CacheControlHeadersWriter(), new XContentTypeOptionsHeaderWriter(),
                new XXssProtectionHeaderWriter(), new ReferrerPolicyHeaderWriter(ReferrerPolicy.NO_REFERRER)));
        if (properties.security().hsts()) {
            writers.add(new HstsHeaderWriter(AnyRequestMatcher.INSTANCE, HSTS_MAX_AGE_SECONDS, true));
        }
        return List.copyOf(writers);
    }
}
