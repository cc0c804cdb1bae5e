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
        Database database,
        Vault vault,
        Risk risk,
        Phishing phishing) {

    public MamoriProperties {
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        bootstrap = bootstrap == null ? new Bootstrap(null, null, null, null) : bootstrap;
        http = http == null ? new Http(null, null) : http;
        security = security == null ? new Security(null, null, null, null) : security;
        database = database == null ? new Database(null) : database;
        vault = vault == null ? new Vault(null, null, null, null, null, null, null, null, null) : vault;
        risk = risk == null ? new Risk(null, null, null, null, null, null, null, null) : risk;
        phishing = phishing == null ? new Phishing(null, null, null, null) : phishing;
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

    /**
     * Request body limits: {@code maxRequestSize} for the API, {@code maxUploadSize} for the endpoints
     * that take files (messages, DMARC reports, domain lists, phishing evidence), listed in
     * {@code RequestSizeLimitFilter.UPLOAD_PATHS}.
     */
    public record Http(DataSize maxRequestSize, DataSize maxUploadSize) {
        public Http {
            maxRequestSize = maxRequestSize == null ? DataSize.ofKilobytes(64) : maxRequestSize;
            maxUploadSize = maxUploadSize == null ? DataSize.ofMegabytes(64) : maxUploadSize;
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
            moduleSchemas = moduleSchemas == null ? List.of("platform", "vault", "risk", "phishing", "threeds") : List.copyOf(moduleSchemas);
        }
    }

    /**
     * The card vault. {@code keyProvider} is {@code pkcs12} (a key store file, the default) or
     * {@code pkcs11} (an HSM). Passphrase and PIN come from the environment
     * ({@code MAMORI_VAULT_KEYSTORE_PASSWORD}, {@code MAMORI_VAULT_PKCS11_PIN}).
     */
    public record Vault(String keyProvider, Path keystorePath, String keystorePassword, Path pkcs11Library,
                        Integer pkcs11SlotListIndex, String pkcs11Pin, Duration keyCacheTtl, Duration securityCodeWindow,
                        Integer rotationBatchSize) {
        public Vault {
            keyProvider = keyProvider == null || keyProvider.isBlank() ? "pkcs12" : keyProvider.trim();
            pkcs11Library = pkcs11Library == null ? Path.of("/usr/lib/softhsm/libsofthsm2.so") : pkcs11Library;
            pkcs11SlotListIndex = pkcs11SlotListIndex == null ? 0 : pkcs11SlotListIndex;
            keyCacheTtl = keyCacheTtl == null ? Duration.ofSeconds(30) : keyCacheTtl;
            securityCodeWindow = securityCodeWindow == null ? Duration.ofMinutes(10) : securityCodeWindow;
            rotationBatchSize = rotationBatchSize == null ? 500 : rotationBatchSize;
            if (securityCodeWindow.compareTo(Duration.ofMinutes(30)) > 0) {
                throw new IllegalArgumentException("mamori.vault.security-code-window must be at most 30 minutes: "
                        + "a security code is held only until the authorization (PCI DSS 3.3.1.2)");
            }
        }

        @Override
        public String toString() {
            return "Vault[keyProvider=" + keyProvider + ", keystorePath=" + keystorePath + ", secrets hidden]";
        }
    }

    /**
     * The issuer authorization host.
     *
     * @param isoPort TCP port of the ISO 8583 listener (0 picks a free port; negative turns it off)
     * @param isoHost address the listener binds
     * @param isoWorkers threads deciding ISO 8583 requests (they wait on the database)
     * @param windows feature windows rules can use
     * @param maxEntities in-memory feature entities kept (cards, devices, IPs, ...), least recently active evicted
     * @param smallAmount amounts up to this (major units) count as card-testing probes
     * @param refreshInterval how often rules, lists and policies changed by another instance are picked up
     * @param cardTesting when a source counts as testing card numbers, and for how long it is then declined
     */
    public record Risk(Integer isoPort, String isoHost, Integer isoWorkers, List<Duration> windows, Integer maxEntities,
                       Double smallAmount, Duration refreshInterval, CardTesting cardTesting) {
        public Risk {
            isoPort = isoPort == null ? 8583 : isoPort;
            isoHost = isoHost == null || isoHost.isBlank() ? "0.0.0.0" : isoHost.trim();
            isoWorkers = isoWorkers == null ? 16 : isoWorkers;
            windows = windows == null || windows.isEmpty()
                    ? List.of(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofHours(24), Duration.ofDays(7))
                    : List.copyOf(windows);
            maxEntities = maxEntities == null ? 1_000_000 : maxEntities;
            smallAmount = smallAmount == null ? 1000.0 : smallAmount;
            refreshInterval = refreshInterval == null ? Duration.ofSeconds(5) : refreshInterval;
            cardTesting = cardTesting == null ? new CardTesting(null, null, null, null, null, null, null, null) : cardTesting;
        }
    }

    /** Card-testing (credit master) thresholds per hour, except security-code failures (per day). */
    public record CardTesting(Integer distinctCards, Integer distinctCardsPerIp, Integer sequentialCards, Double declineRatio,
                              Integer minAttempts, Integer merchantSmallProbes, Integer securityCodeFailures, Duration blockFor) {
        public CardTesting {
            distinctCards = distinctCards == null ? 5 : distinctCards;
            distinctCardsPerIp = distinctCardsPerIp == null ? 10 : distinctCardsPerIp;
            sequentialCards = sequentialCards == null ? 3 : sequentialCards;
            declineRatio = declineRatio == null ? 0.6 : declineRatio;
            minAttempts = minAttempts == null ? 6 : minAttempts;
            merchantSmallProbes = merchantSmallProbes == null ? 20 : merchantSmallProbes;
            securityCodeFailures = securityCodeFailures == null ? 3 : securityCodeFailures;
            blockFor = blockFor == null ? Duration.ofHours(1) : blockFor;
            if (distinctCards < 2 || distinctCardsPerIp < 2 || sequentialCards < 2 || minAttempts < 1 || merchantSmallProbes < 2
                    || securityCodeFailures < 1 || declineRatio <= 0 || declineRatio > 1 || blockFor.isNegative() || blockFor.isZero()) {
                throw new IllegalArgumentException("mamori.risk.card-testing: thresholds must be at least 2 (attempts and code "
                        + "failures at least 1), the decline ratio in (0, 1] and block-for positive");
            }
        }
    }

    /**
     * Anti-phishing. {@code dnsServer} ({@code host:port}) sends every DNS lookup (SPF, DKIM, DMARC,
     * posture) to that resolver instead of the system's, e.g. an internal resolver or a test server.
     * {@code authservId} names this checker in the Authentication-Results it writes.
     * {@code postureInterval} (default 6 hours) is how often every brand domain's posture is re-checked.
     */
    public record Phishing(String dnsServer, Duration dnsTimeout, String authservId, Duration postureInterval) {
        public Phishing {
            authservId = authservId == null || authservId.isBlank() ? "mamori" : authservId.trim();
            if (!authservId.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("mamori.phishing.authserv-id must be a host name");
            }
            dnsServer = dnsServer == null || dnsServer.isBlank() ? null : dnsServer.trim();
            dnsTimeout = dnsTimeout == null ? Duration.ofSeconds(5) : dnsTimeout;
            if (dnsTimeout.isNegative() || dnsTimeout.isZero()) {
                throw new IllegalArgumentException("mamori.phishing.dns-timeout must be positive");
            }
            postureInterval = postureInterval == null ? Duration.ofHours(6) : postureInterval;
            if (postureInterval.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("mamori.phishing.posture-interval must be at least one minute");
            }
        }
    }
}
