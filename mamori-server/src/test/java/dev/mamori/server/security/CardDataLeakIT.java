package dev.mamori.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Role;
import dev.mamori.server.Api;
import dev.mamori.server.ConsoleClient;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import dev.mamori.server.Tenants.TestTenant;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Sends card numbers through every error path we know of (bodies, field names, paths, query
 * parameters, headers, credentials, the console login) and proves that no response, no log line
 * and no audit record contains one.
 */
@ExtendWith(OutputCaptureExtension.class)
class CardDataLeakIT extends IntegrationTest {
    private static final String PAN = "4111111111111111";
    private static final String GROUPED = "5555 5555 5555 4444";
    private static final String GROUPED_DIGITS = "5555555555554444";

    @Test
    void noErrorPathRepeatsACardNumber(CapturedOutput output) {
        TestTenant tenant = Tenants.create(api, unique("leak"));
        String admin = tenant.key(Role.ADMIN);
        List<Api.Reply> replies = new ArrayList<>();

        replies.add(api.post("/v1/api-keys", "{\"name\":\"" + PAN + "\",\"roles\":[\"admin\"]}", Api.withKey(admin)));
        replies.add(api.post("/v1/api-keys", "{\"name\":\"card " + GROUPED + "\",\"roles\":[\"admin\"]}", Api.withKey(admin)));
        replies.add(api.post("/v1/api-keys", "{\"name\": " + PAN + "x}", Api.withKey(admin)));
        replies.add(api.post("/v1/api-keys", "{\"name\":\"k\",\"roles\":" + PAN + "}", Api.withKey(admin)));
        replies.add(api.post("/v1/api-keys", "{\"name\":\"k\",\"roles\":[\"" + PAN + "\"]}", Api.withKey(admin)));
        replies.add(api.post("/v1/api-keys", "{\"" + PAN + "\":\"k\",\"name\":\"k\",\"roles\":[\"admin\"]}", Api.withKey(admin)));
        replies.add(api.post("/v1/users", "{\"username\":\"" + PAN + "\",\"password\":\"Card-" + PAN + "-pw\",\"roles\":[\"analyst\"]}", Api.withKey(admin)));
        replies.add(api.post("/v1/tenants", "{\"name\":\"" + GROUPED + "\"}", Api.withKey(OPERATOR_API_KEY)));
        replies.add(api.delete("/v1/api-keys/" + PAN, Api.withKey(admin)));
        replies.add(api.get("/v1/" + PAN, Api.withKey(admin)));
        replies.add(api.get("/v1/audit-events?limit=" + PAN, Api.withKey(tenant.key(Role.AUDITOR))));
        replies.add(api.get("/v1/audit-events?type=" + PAN, Api.withKey(tenant.key(Role.AUDITOR))));
        replies.add(api.get("/v1/audit-events?before=" + PAN + "0000", Api.withKey(tenant.key(Role.AUDITOR))));
        replies.add(api.get("/v1/tenants/current", "X-API-Key", PAN));
        replies.add(api.get("/v1/tenants/current", "Authorization", "Bearer " + PAN));
        replies.add(api.post("/v1/api-keys", "{\"name\":\"k\",\"roles\":[\"admin\"]}", Api.withKey(admin, "Idempotency-Key", PAN)));
        replies.add(api.post("/v1/api-keys", "{\"name\":\"k2\",\"roles\":[\"admin\"]}", Api.withKey(admin, "Idempotency-Key", PAN)));
        replies.add(api.post("/v1/api-keys", "{\"name\":\"k\",\"roles\":[\"admin\"]}", Api.withKey(admin, "Idempotency-Key", "pan " + GROUPED)));

        for (Api.Reply reply : replies) {
            assertThat(reply.status()).as(reply.toString()).isLessThan(500);
            assertThat(digitsOf(reply.body())).as(reply.toString()).doesNotContain(PAN).doesNotContain(GROUPED_DIGITS);
            assertThat(reply.raw().headers().map().toString()).doesNotContain(PAN);
        }
        // The refusals name the field and the rule.
        assertThat(replies.get(0).body()).contains("\"field\":\"name\"").contains("\"rule\":\"no-card-number\"");
        assertThat(replies.get(6).body()).contains("\"field\":\"username\"").contains("\"rule\":\"no-card-number\"");

        HttpResponse<String> login = new ConsoleClient(port).submit("/console/login", "/console/login",
                Map.of("username", PAN, "password", PAN));
        assertThat(ConsoleClient.location(login)).endsWith("/console/login?error");

        // The last line of defence: a card number that does reach a log call is masked.
        LoggerFactory.getLogger(CardDataLeakIT.class).error("legacy fallback logged pan={} and {}", PAN, GROUPED,
                new IllegalStateException("failed for " + PAN));

        assertThat(output.getAll()).contains("legacy fallback logged pan=411111******1111");
        assertThat(output.getAll()).contains("failed for 411111******1111");
        assertThat(digitsOf(output.getAll())).doesNotContain(PAN).doesNotContain(GROUPED_DIGITS);

        List<String> stored = jdbc.sql("select concat(actor, '|', coalesce(resource, ''), '|', coalesce(detail, '')) from platform.audit_events")
                .query(String.class).list();
        assertThat(stored).isNotEmpty();
        for (String row : stored) {
            assertThat(digitsOf(row)).doesNotContain(PAN).doesNotContain(GROUPED_DIGITS);
        }
        List<String> names = jdbc.sql("select name from platform.api_keys union all select name from platform.tenants union all select username from platform.users")
                .query(String.class).list();
        assertThat(names).allSatisfy(name -> assertThat(digitsOf(name)).doesNotContain(PAN).doesNotContain(GROUPED_DIGITS));
    }

    /** Separators removed, so a number split by spaces or hyphens is still found. */
    private static String digitsOf(String text) {
        return text.replaceAll("(?<=\\d)[ -](?=\\d)", "");
    }
}
