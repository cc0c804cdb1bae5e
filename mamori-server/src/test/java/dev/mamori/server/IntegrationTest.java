package dev.mamori.server;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of every integration test: the whole application on a random port, on H2 or, when the
 * build runs with {@code -Dmamori.test.db=postgres} (the failsafe execution {@code it-postgres}),
 * on the PostgreSQL named by {@code MAMORI_TEST_POSTGRES_URL}. The bootstrap secrets are fixed,
 * as an operator would fix them through the environment, so tests can drive the instance.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {
    public static final String OPERATOR_API_KEY = "mk_test_operator_key_0123456789abcdefghijklmnop";
    public static final String ADMIN_PASSWORD = "Bootstrap-Operator-2026";

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    protected Api api;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        if ("postgres".equals(System.getProperty("mamori.test.db"))) {
            String url = System.getenv("MAMORI_TEST_POSTGRES_URL");
            if (url == null) {
                throw new IllegalStateException("mamori.test.db=postgres needs MAMORI_TEST_POSTGRES_URL");
            }
            registry.add("spring.datasource.url", () -> url);
            registry.add("spring.datasource.username", () -> envOr("MAMORI_TEST_POSTGRES_USER", "mamori"));
            registry.add("spring.datasource.password", () -> envOr("MAMORI_TEST_POSTGRES_PASSWORD", "mamori"));
        } else {
            registry.add("spring.datasource.url",
                    () -> "jdbc:h2:mem:mamori-it;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        }
        instance(registry);
    }

    /**
     * Everything but the database: fixed bootstrap secrets, JWT test key, vault settings. For a
     * test that needs its own database it cannot inherit (a {@code @DynamicPropertySource} of a
     * subclass does not override this class's).
     */
    public static void instance(DynamicPropertyRegistry registry) {
        registry.add("mamori.bootstrap.api-key", () -> OPERATOR_API_KEY);
        // Fixed, so every test JVM (and a rerun on the same PostgreSQL) verifies the same audit chains.
        registry.add("mamori.platform-secret", () -> "bWFtb3JpLXRlc3QtcGxhdGZvcm0tc2VjcmV0LTMyYnl0ZXMh");
        registry.add("spring.datasource.hikari.leak-detection-threshold", () -> "10000");
        registry.add("mamori.bootstrap.admin-password", () -> ADMIN_PASSWORD);
        // The keys the instance makes for itself (ACS signing, DS device data) go under target, never into the source tree.
        registry.add("mamori.data-dir", () -> "target/it-data");
        // One key store for every test JVM of the build, so a rerun on the same PostgreSQL still
        // unwraps the tenant keys stored by the previous run.
        registry.add("mamori.vault.keystore-path", () -> System.getProperty("user.home") + "/.mamori-test/vault-master.p12");
        registry.add("mamori.vault.keystore-password", () -> "mamori-test-keystore-passphrase");
        // Rotations finish in seconds rather than minutes.
        registry.add("mamori.vault.key-cache-ttl", () -> "PT1S");
        registry.add("mamori.vault.rotation-interval", () -> "PT0.2S");
        registry.add("mamori.vault.rotation-batch-size", () -> "100");
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "classpath:jwt/test-public.pem");
        // Every test context gets its own free ISO 8583 port.
        registry.add("mamori.risk.iso-port", () -> "0");
        // Every DNS lookup (SPF, DKIM, DMARC, posture) goes to a real local server with the test zones.
        registry.add("mamori.phishing.dns-server", TestDns::hostAndPort);
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    @BeforeEach
    void connectApi() {
        api = new Api("http://localhost:" + port);
    }

    protected static String unique(String prefix) {
        return prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }
}
