package dev.mamori.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Every {@code mamori.*} setting, documented in README.md. */
@ConfigurationProperties("mamori")
public record MamoriProperties(
        Path dataDir,
        String platformSecret,
        Bootstrap bootstrap,
        Http http,
        Security security,
        Database database) {

    public MamoriProperties {
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        bootstrap = bootstrap == null ? new Bootstrap(null, null, null, null) : bootstrap;
        http = http == null ? new Http(null) : http;
        security = security == null ? new Security(null, null, null, null) : security;
        database = database == null ? new Database(null) : database;
    }

    @Override
    public String toString() {
        return "MamoriProperties[dataDir=" + dataDir + ", platformSecret=" + (platformSecret == null ? "none" : "(hidden)") + "]";
    }

    /** First-start set-up; like Keycloak's bootstrap admin, the environment can fix the secrets. */
    public record Bootstrap(String tenantName, String adminUsername, String adminPassword, String apiKey) {
        public Bootstrap {
            tenantName = tenantName == null ? "Demo Network" : tenantName;
            adminUsername = adminUsername == null ? "admin" : adminUsername;
        }

        @Override
        public String toString() {
            return "Bootstrap[tenantName=" + tenantName + ", adminUsername=" + adminUsername + ", secrets hidden]";
        }
    }

    public record Http(DataSize maxRequestSize) {
        public Http {
            maxRequestSize = maxRequestSize == null ? DataSize.ofKilobytes(64) : maxRequestSize;
        }
    }

    public record Security(Boolean hsts, Integer maxFailedLogins, Duration lockoutDuration, String totpIssuer) {
        public Security {
            hsts = hsts != null && hsts;
            // PCI DSS 8.3.4: lock out after at most 10 attempts for at least 30 minutes; the
            // Japanese guideline's EC checklist asks for 6.
            maxFailedLogins = maxFailedLogins == null ? 6 : maxFailedLogins;
            lockoutDuration = lockoutDuration == null ? Duration.ofMinutes(30) : lockoutDuration;
            if (maxFailedLogins < 1 || maxFailedLogins > 10) {
                throw new IllegalArgumentException("mamori.security.max-failed-logins must be 1 to 10 (PCI DSS 8.3.4)");
            }
            if (lockoutDuration.compareTo(Duration.ofMinutes(30)) < 0) {
                throw new IllegalArgumentException("mamori.security.lockout-duration must be at least 30 minutes (PCI DSS 8.3.4)");
            }
            totpIssuer = totpIssuer == null ? "Mamori" : totpIssuer;
        }
    }

    /** Each module owns one database schema, migrated by Flyway from {@code db/migration/<schema>}. */
    public record Database(List<String> moduleSchemas) {
        public Database {
            moduleSchemas = moduleSchemas == null ? List.of("platform") : List.copyOf(moduleSchemas);
        }
    }
}
