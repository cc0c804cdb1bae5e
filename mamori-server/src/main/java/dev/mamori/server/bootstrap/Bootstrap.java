package dev.mamori.server.bootstrap;

import dev.mamori.common.Role;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.audit.AuditEvent;
import dev.mamori.server.principal.ActorType;
import dev.mamori.server.audit.AuditEvent.Outcome;
import dev.mamori.server.audit.AuditEventTypes;
import dev.mamori.server.audit.AuditTrail;
import dev.mamori.server.config.MamoriProperties;
import dev.mamori.server.hostedfields.HostedFieldsProperties;
import dev.mamori.server.hostedfields.PublishableKey;
import dev.mamori.server.hostedfields.PublishableKeyService;
import dev.mamori.server.identity.ApiKeyService;
import dev.mamori.server.identity.IssuedApiKey;
import dev.mamori.server.identity.UserAccount;
import dev.mamori.server.identity.UserService;
import dev.mamori.server.tenant.Tenant;
import dev.mamori.server.tenant.TenantService;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * First start of an empty database: creates the operator tenant (the demo network), an admin
 * and an API key, and prints them once. Like Keycloak's bootstrap admin, the environment can fix
 * the secrets instead ({@code MAMORI_BOOTSTRAP_ADMIN_PASSWORD}, {@code MAMORI_BOOTSTRAP_API_KEY});
 * secrets taken from the environment are not printed.
 *
 * <p>The credentials go to standard output, not to the log: log files are kept and shipped,
 * the terminal of the person starting the instance is not.
 */
@Component
@Profile("!cli")
public class Bootstrap {
    /** The demo network plays every party of a payment, and the API key may also administer the tenant. */
    static final Set<Role> DEMO_KEY_ROLES = EnumSet.of(Role.MERCHANT, Role.PSP, Role.ACQUIRER, Role.ISSUER, Role.ANALYST, Role.ADMIN);

    private final TenantService tenants;
    private final UserService users;
    private final ApiKeyService keys;
    private final AuditTrail audit;
    private final MamoriProperties properties;
    private final PublishableKeyService publishableKeys;
    private final HostedFieldsProperties hostedFields;
    private final TransactionTemplate transaction;
    private final PrintStream out;
    private final SecureRandom random = new SecureRandom();

    public Bootstrap(TenantService tenants, UserService users, ApiKeyService keys, AuditTrail audit, MamoriProperties properties,
                     PublishableKeyService publishableKeys, HostedFieldsProperties hostedFields,
                     PlatformTransactionManager txManager) {
        this.publishableKeys = publishableKeys;
        this.hostedFields = hostedFields;
        this.transaction = new TransactionTemplate(txManager);
        this.tenants = tenants;
        this.users = users;
        this.keys = keys;
        this.audit = audit;
        this.properties = properties;
        this.out = System.out;
    }

    @EventListener
    @Order(Ordered.LOWEST_PRECEDENCE - 1)
    public void onReady(ApplicationReadyEvent event) {
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web ? web.getWebServer().getPort() : -1;
        String consoleUrl = port > 0 ? "http://localhost:" + port + "/console" : "/console";
        Credentials created = transaction.execute(status -> createIfEmpty(port));
        if (created == null) {
            out.println("Mamori is running. Console: " + consoleUrl + "  (data: " + properties.dataDir().toAbsolutePath().normalize() + ")");
            return;
        }
        StringBuilder banner = new StringBuilder();
        banner.append("\n==================== Mamori first start ====================\n");
        banner.append("Console:   ").append(consoleUrl).append('\n');
        banner.append("Tenant:    ").append(created.tenant().name()).append(" (").append(created.tenant().id()).append(")\n");
        banner.append("Admin:     ").append(created.username()).append(" / ")
                .append(created.generatedPassword() == null ? "(password from MAMORI_BOOTSTRAP_ADMIN_PASSWORD)" : created.generatedPassword())
                .append("   (enrol an authenticator app at first login)\n");
        banner.append("API key:   ").append(created.generatedApiKey() == null ? "(key from MAMORI_BOOTSTRAP_API_KEY)" : created.generatedApiKey())
                .append("\n           send it as the X-API-Key header; roles ").append(DEMO_KEY_ROLES.stream().map(Role::id).toList()).append('\n');
        if (created.demoKey() != null) {
            banner.append("Demo shop: http://localhost:").append(port).append("/demo/shop")
                    .append("\n           card fields from http://127.0.0.1:").append(port)
                    .append(" (another origin), publishable key ").append(created.demoKey().key()).append('\n');
        }
        banner.append("These credentials are shown once. API docs: ").append(consoleUrl.replace("/console", "/swagger-ui.html")).append('\n');
        banner.append("=============================================================\n");
        out.println(banner);
    }

    record Credentials(Tenant tenant, String username, String generatedPassword, String generatedApiKey, PublishableKey demoKey) {
        @Override
        public String toString() {
            return "Credentials[" + username + "]";
        }
    }

    /** Null when the instance was already set up: bootstrap happens once. All or nothing. */
    Credentials createIfEmpty() {
        return createIfEmpty(-1);
    }

    /** With the HTTP port, also the demo shop's publishable key (when {@code mamori.hosted-fields.demo}). */
    Credentials createIfEmpty(int port) {
        if (!tenants.isEmpty()) {
            return null;
        }
        MamoriProperties.Bootstrap settings = properties.bootstrap();
        Tenant tenant = tenants.create(settings.tenantName(), true);
        String password = blankToNull(settings.adminPassword());
        String generatedPassword = password == null ? generatePassword() : null;
        UserAccount admin;
        try {
            admin = users.create(tenant.id(), settings.adminUsername(), password == null ? generatedPassword : password,
                    EnumSet.of(Role.ADMIN, Role.AUDITOR));
        } catch (ApiProblem rejected) {
            throw new IllegalStateException("MAMORI_BOOTSTRAP_ADMIN_PASSWORD breaks the password policy: " + rejected.getMessage());
        }
        String suppliedKey = blankToNull(settings.apiKey());
        IssuedApiKey key = suppliedKey == null
                ? keys.issue(tenant.id(), "demo network key", DEMO_KEY_ROLES, "bootstrap")
                : keys.register(tenant.id(), "demo network key", DEMO_KEY_ROLES, "bootstrap", suppliedKey);
        audit.record(new AuditEvent(tenant.id(), "bootstrap", ActorType.SYSTEM, AuditEventTypes.TENANT_CREATED, Outcome.SUCCESS,
                null, "tenant:" + tenant.id(), "operator tenant created at first start"));
        audit.record(new AuditEvent(tenant.id(), "bootstrap", ActorType.SYSTEM, AuditEventTypes.USER_CREATED, Outcome.SUCCESS,
                null, "user:" + admin.id(), admin.username() + " with roles [admin, auditor]"));
        audit.record(new AuditEvent(tenant.id(), "bootstrap", ActorType.SYSTEM, AuditEventTypes.API_KEY_CREATED, Outcome.SUCCESS,
                null, "api-key:" + key.key().id(), "demo network key"));
        PublishableKey demoKey = null;
        if (hostedFields.demo() && port > 0) {
            // The demo shop page and the fields use the two loopback names of this port: two origins.
            demoKey = publishableKeys.create(tenant.id(), "Demo shop",
                    List.of("http://localhost:" + port, "http://127.0.0.1:" + port), PublishableKeyService.DEMO_CREATOR);
            audit.record(new AuditEvent(tenant.id(), "bootstrap", ActorType.SYSTEM, AuditEventTypes.PUBLISHABLE_KEY_CREATED,
                    Outcome.SUCCESS, null, "publishable-key:" + demoKey.id(), "demo shop key, allowed origins " + demoKey.allowedOrigins()));
        }
        return new Credentials(tenant, admin.username(), generatedPassword, suppliedKey == null ? key.secret() : null, demoKey);
    }

    /** 20 characters from an alphabet without look-alikes, always with letters and digits. */
    private String generatePassword() {
        String letters = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
        String digits = "23456789";
        String all = letters + digits;
        StringBuilder password = new StringBuilder();
        password.append(letters.charAt(random.nextInt(letters.length())));
        password.append(digits.charAt(random.nextInt(digits.length())));
        while (password.length() < 20) {
            password.append(all.charAt(random.nextInt(all.length())));
        }
        return password.toString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
