package dev.mamori.server.vault;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.mamori.common.Role;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import dev.mamori.server.Tenants;
import dev.mamori.server.Tenants.TestTenant;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole vault with its master key in a PKCS#11 HSM (SoftHSM2, as CI installs it): the token
 * is created before the server starts, the server generates its master key inside it, and
 * tokenize, detokenize and a master key rotation go through the HSM.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class VaultHsmIT {
    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api api;

    @BeforeEach
    void connect() {
        api = new Api("http://localhost:" + port);
    }

    static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    static final String PIN = "246810";

    @DynamicPropertySource
    static void hsm(DynamicPropertyRegistry registry) throws Exception {
        createToken();
        IntegrationTest.instance(registry);
        // Its own database: tenant keys wrapped by the HSM's master key mean nothing to the key
        // store the other tests share.
        registry.add("spring.datasource.url",
                () -> "jdbc:h2:mem:mamori-hsm-it;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("spring.datasource.username", () -> "mamori");
        registry.add("spring.datasource.password", () -> "");
        registry.add("mamori.vault.key-provider", () -> "pkcs11");
        registry.add("mamori.vault.pkcs11-library", LIBRARY::toString);
        registry.add("mamori.vault.pkcs11-pin", () -> PIN);
    }

    static void createToken() throws Exception {
        String confSetting = System.getenv("SOFTHSM2_CONF");
        if (!Files.isRegularFile(LIBRARY) || !Files.isExecutable(Path.of("/usr/bin/softhsm2-util"))) {
            fail("SoftHSM2 is not installed: apt-get install softhsm2   (./mamori test and .ci/run install it)");
        }
        if (confSetting == null) {
            fail("SOFTHSM2_CONF is not set: run the tests through Maven (failsafe sets it)");
        }
        Path conf = Path.of(confSetting).toAbsolutePath();
        Path tokens = conf.getParent().resolve("server-tokens");
        if (Files.exists(tokens)) {
            try (Stream<Path> paths = Files.walk(tokens)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(tokens);
        Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        ProcessBuilder init = new ProcessBuilder("/usr/bin/softhsm2-util", "--init-token", "--free", "--label", "mamori-server-it",
                "--pin", PIN, "--so-pin", "13579135").redirectErrorStream(true);
        init.environment().put("SOFTHSM2_CONF", conf.toString());
        Process process = init.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail("softhsm2-util --init-token failed: " + output);
        }
    }

    @Test
    void cardsAreProtectedByAMasterKeyInsideTheHsmAndSurviveItsRotation() throws Exception {
        JsonNode keys = api.get("/v1/vault/keys", withKey(IntegrationTest.OPERATOR_API_KEY)).json();
        assertThat(keys.get("providerId").asString()).isEqualTo("pkcs11");
        assertThat(keys.get("providerDescription").asString()).contains("libsofthsm2");
        assertThat(keys.get("masterKeys")).hasSize(1);

        TestTenant tenant = Tenants.create(api, "hsm-" + java.util.UUID.randomUUID().toString().substring(0, 8));
        String pan = "5555555555554444";
        Api.Reply created = api.post("/v1/tokens", "{\"pan\":\"" + pan + "\",\"expiryMonth\":1,\"expiryYear\":"
                + (java.time.Year.now().getValue() + 1) + "}", withKey(tenant.key(Role.PSP)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String token = created.json().get("token").asString();

        Api.Reply rotation = api.post("/v1/vault/keys/master/rotate", "", withKey(IntegrationTest.OPERATOR_API_KEY));
        assertThat(rotation.status()).as(rotation.toString()).isEqualTo(202);
        String id = rotation.json().get("id").asString();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String state = "running";
        while (state.equals("running") && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            state = api.get("/v1/vault/rotations/" + id, withKey(IntegrationTest.OPERATOR_API_KEY)).json().get("state").asString();
        }
        assertThat(state).isEqualTo("finished");
        int current = api.get("/v1/vault/keys", withKey(IntegrationTest.OPERATOR_API_KEY)).json().get("currentMasterVersion").asInt();
        assertThat(jdbc.sql("select distinct wrapped_by from vault.tenant_keys where purpose = 'kek'").query(Integer.class).list())
                .containsExactly(current);

        Api.Reply revealed = api.post("/v1/tokens/" + token + "/detokenize", "{\"purpose\":\"hsm test\"}", withKey(tenant.key(Role.PSP)));
        assertThat(revealed.status()).as(revealed.toString()).isEqualTo(200);
        assertThat(revealed.json().get("pan").asString()).isEqualTo(pan);
    }
}
