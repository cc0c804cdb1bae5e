package dev.mamori.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Role;
import dev.mamori.common.Totp;
import dev.mamori.server.Api;
import dev.mamori.server.ConsoleClient;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import dev.mamori.server.Tenants.TestTenant;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Console login over HTTP as a browser does it: password, then TOTP (enrolled at first login);
 * lockout after six failures of either factor; a TOTP code works once; everything is audited.
 */
class ConsoleLoginIT extends IntegrationTest {
    private static final String PASSWORD = "Twelve-chars-or-more-1";
    private TestTenant tenant;
    private String username;
    private String userId;

    @BeforeEach
    void user() {
        tenant = Tenants.create(api, unique("console"));
        username = unique("operator");
        Api.Reply created = api.post("/v1/users", "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"analyst\",\"auditor\"]}",
                Api.withKey(tenant.key(Role.ADMIN)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        userId = created.json().get("id").asString();
    }

    @Test
    void passwordAloneOnlyReachesTheSecondFactor() {
        ConsoleClient browser = new ConsoleClient(port);
        HttpResponse<String> afterPassword = browser.password(username, PASSWORD);
        assertThat(ConsoleClient.location(afterPassword)).endsWith("/console/mfa");
        assertThat(ConsoleClient.location(browser.get("/console"))).endsWith("/console/mfa");
        assertThat(ConsoleClient.location(browser.get("/console/audit"))).endsWith("/console/mfa");
    }

    @Test
    void enrolmentThenTotpLogsIn() {
        ConsoleClient browser = new ConsoleClient(port);
        browser.password(username, PASSWORD);
        String secret = browser.enrolmentSecret();
        assertThat(secret).isNotNull().hasSizeGreaterThanOrEqualTo(32);
        assertThat(browser.enrolmentSecret()).as("a reload shows the same pending secret").isEqualTo(secret);
        String stored = jdbc.sql("select totp_secret from platform.users where id = ?").param(java.util.UUID.fromString(userId))
                .query(String.class).single();
        assertThat(stored).as("sealed in storage (PCI DSS 8.3.2)").startsWith("v1:").doesNotContain(secret);
        HttpResponse<String> verified = browser.totp(currentCode(secret));
        assertThat(ConsoleClient.location(verified)).endsWith("/console");
        HttpResponse<String> dashboard = browser.get("/console");
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("id=\"dashboard-title\"");
        assertThat(dashboard.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'");

        JsonNode trail = api.get("/v1/audit-events?limit=50", Api.withKey(tenant.key(Role.AUDITOR))).json();
        assertThat(trail.toString()).contains("auth.login.password").contains("auth.mfa.enrolled").contains("auth.login.mfa");
    }

    @Test
    void aTotpCodeCannotBeUsedTwice() {
        ConsoleClient first = new ConsoleClient(port);
        first.password(username, PASSWORD);
        String secret = first.enrolmentSecret();
        String code = currentCode(secret);
        assertThat(ConsoleClient.location(first.totp(code))).endsWith("/console");

        ConsoleClient replay = new ConsoleClient(port);
        replay.password(username, PASSWORD);
        assertThat(replay.enrolmentSecret()).as("enrolled users are not shown a secret again").isNull();
        assertThat(ConsoleClient.location(replay.totp(code))).endsWith("/console/mfa?error");
        assertThat(replay.get("/console").statusCode()).isEqualTo(302);
    }

    @Test
    void sixWrongPasswordsLockTheAccountEvenForTheRightOne() {
        ConsoleClient browser = new ConsoleClient(port);
        for (int i = 0; i < 6; i++) {
            assertThat(ConsoleClient.location(browser.password(username, "Wrong-password-" + i))).endsWith("/console/login?error");
        }
        assertThat(ConsoleClient.location(browser.password(username, PASSWORD))).endsWith("/console/login?error");
        JsonNode users = api.get("/v1/users", Api.withKey(tenant.key(Role.ADMIN))).json();
        boolean locked = false;
        for (JsonNode user : users) {
            if (user.get("id").asString().equals(userId)) {
                locked = user.get("locked").asBoolean();
            }
        }
        assertThat(locked).isTrue();
        JsonNode trail = api.get("/v1/audit-events?type=auth.account.locked", Api.withKey(tenant.key(Role.AUDITOR))).json();
        assertThat(trail.size()).isEqualTo(1);
        assertThat(trail.get(0).get("resource").asString()).isEqualTo("user:" + userId);

        // An admin unlocks; the right password works again.
        assertThat(api.post("/v1/users/" + userId + "/unlock", null, Api.withKey(tenant.key(Role.ADMIN))).status()).isEqualTo(204);
        assertThat(ConsoleClient.location(new ConsoleClient(port).password(username, PASSWORD))).endsWith("/console/mfa");
    }

    @Test
    void wrongTotpCodesCountTowardsTheLockout() {
        ConsoleClient browser = new ConsoleClient(port);
        browser.password(username, PASSWORD);
        String wrong = codeOutsideTheWindow(browser.enrolmentSecret());
        for (int i = 0; i < 5; i++) {
            assertThat(ConsoleClient.location(browser.totp(wrong))).endsWith("/console/mfa?error");
        }
        assertThat(ConsoleClient.location(browser.totp(wrong))).endsWith("/console/login?error");
        assertThat(ConsoleClient.location(new ConsoleClient(port).password(username, PASSWORD))).endsWith("/console/login?error");
    }

    @Test
    void anUnknownUserFailsLikeAWrongPasswordAndIsAudited() {
        String ghost = unique("nobody");
        assertThat(ConsoleClient.location(new ConsoleClient(port).password(ghost, PASSWORD))).endsWith("/console/login?error");
        // Recorded, but not under the name typed: people type passwords into the username box.
        assertThat(jdbc.sql("select count(*) from platform.audit_events where actor = ?").param(ghost)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from platform.audit_events where actor = '(unknown user)' and event_type = 'auth.login.password' and outcome = 'FAILURE'")
                .query(Long.class).single()).isPositive();
    }

    @Test
    void parallelGuessesCannotOutrunTheLockout() throws Exception {
        int guesses = 12;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(guesses);
        try {
            java.util.List<java.util.concurrent.Future<HttpResponse<String>>> results = new java.util.ArrayList<>();
            for (int i = 0; i < guesses; i++) {
                int n = i;
                results.add(pool.submit(() -> new ConsoleClient(port).password(username, "Parallel-guess-" + n)));
            }
            for (var result : results) {
                assertThat(ConsoleClient.location(result.get())).endsWith("/console/login?error");
            }
        } finally {
            pool.shutdownNow();
        }
        int counted = jdbc.sql("select failed_attempts from platform.users where id = ?").param(java.util.UUID.fromString(userId))
                .query(Integer.class).single();
        assertThat(counted).as("every guess counted").isEqualTo(guesses);
        assertThat(ConsoleClient.location(new ConsoleClient(port).password(username, PASSWORD))).endsWith("/console/login?error");
        assertThat(jdbc.sql("select count(*) from platform.audit_events where event_type = 'auth.account.locked' and resource = ?")
                .param("user:" + userId).query(Long.class).single()).isEqualTo(1);
    }

    /** A six-digit code that is not valid in any step the server accepts now. */
    static String codeOutsideTheWindow(String base32Secret) {
        Totp totp = Totp.authenticatorApp();
        byte[] key = new Base32().decode(base32Secret);
        long step = totp.step(Instant.now());
        java.util.Set<String> valid = new java.util.HashSet<>();
        for (long s = step - 2; s <= step + 2; s++) {
            valid.add(totp.code(key, s));
        }
        for (int candidate = 0; ; candidate++) {
            String code = String.format("%06d", candidate);
            if (!valid.contains(code)) {
                return code;
            }
        }
    }

    static String currentCode(String base32Secret) {
        Totp totp = Totp.authenticatorApp();
        return totp.code(new Base32().decode(base32Secret), totp.step(Instant.now()));
    }
}
