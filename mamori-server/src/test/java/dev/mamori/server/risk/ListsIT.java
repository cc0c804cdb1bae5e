package dev.mamori.server.risk;

import static dev.mamori.server.Api.withKey;
import static dev.mamori.server.risk.IssuerFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Role;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Block and allow lists through the API, matched by the host on live authorizations. */
class ListsIT extends IntegrationTest {
    IssuerFixture issuer;
    String analyst;

    @BeforeEach
    void issuer() {
        issuer = new IssuerFixture(api, unique("lists"));
        analyst = issuer.tenant.key(Role.ANALYST);
    }

    Api.Reply add(String kind, String list, String value, String extra) {
        return api.post("/v1/lists", "{\"kind\":\"" + kind + "\",\"list\":\"" + list + "\",\"value\":\"" + value
                + "\",\"reason\":\"test\"" + extra + "}", withKey(analyst));
    }

    static String shipTo(String address) {
        return ",\"ec\":{\"deliveryAddress\":\"" + address + "\"}";
    }

    @Test
    void oneDropAddressWrittenManyWaysIsOneBlockEntry() {
        Api.Reply added = add("delivery-address", "block", "東京都新宿区西新宿2丁目8番1号 都庁ハイツ101号室", "");
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        List<String> spellings = List.of(
                "東京都新宿区西新宿2-8-1 都庁ハイツ101号室",
                "新宿区西新宿２－８－１－１０１",
                "東京都新宿区西新宿二丁目八番一号　都庁ハイツ　１０１",
                "〒163-8001 東京都新宿区西新宿2丁目8-1 101号室",
                "東京新宿区西新宿2ー8ー1 都庁ﾊｲﾂ 101");
        for (String spelling : spellings) {
            String pan = issuer.newPan();
            issuer.open(pan, 100_000, null);
            Api.Reply decided = issuer.authorize(request(pan, 1_000, shipTo(spelling)));
            assertThat(decided.json().get("responseCode").asString()).as(spelling).isEqualTo("59");
            assertThat(decided.json().get("reasons").get(0).asString()).isEqualTo("blocklist:delivery-address");
        }
        String pan = issuer.newPan();
        issuer.open(pan, 100_000, null);
        assertThat(issuer.authorize(request(pan, 1_000, shipTo("東京都新宿区西新宿2-8-2 101号室"))).json().get("responseCode").asString())
                .as("the neighbouring block").isEqualTo("00");
        Api.Reply again = add("delivery-address", "block", "新宿区西新宿２－８－１ 101号室", "");
        assertThat(again.status()).as("another spelling of the same entry").isEqualTo(409);
    }

    @Test
    void blockEntriesOfEachKindDeclineAndExpiredOrRemovedOnesDoNot() {
        String pan = issuer.newPan();
        issuer.open(pan, 100_000, null);
        Api.Reply ip = add("ip", "block", "203.0.113.0/24", "");
        assertThat(ip.status()).as(ip.toString()).isEqualTo(201);
        assertThat(issuer.authorize(request(pan, 100, ",\"ec\":{\"ip\":\"203.0.113.77\"}")).json().get("responseCode").asString())
                .isEqualTo("59");
        assertThat(issuer.authorize(request(pan, 100, ",\"ec\":{\"ip\":\"203.0.114.1\"}")).json().get("responseCode").asString())
                .isEqualTo("00");
        Api.Reply email = add("email", "block", "@fraud.example", "");
        assertThat(email.status()).isEqualTo(201);
        assertThat(issuer.authorize(request(pan, 100, ",\"ec\":{\"email\":\"Drop@Fraud.Example\"}")).json().get("responseCode").asString())
                .isEqualTo("59");
        Api.Reply bin = add("bin", "block", issuer.prefix.substring(0, 8), "");
        assertThat(bin.status()).as(bin.toString()).isEqualTo(201);
        assertThat(issuer.authorize(request(pan, 100, "")).json().get("reasons").get(0).asString()).isEqualTo("blocklist:bin");
        long binId = bin.json().get("id").asLong();
        assertThat(api.delete("/v1/lists/" + binId, withKey(analyst)).status()).isEqualTo(204);
        assertThat(issuer.authorize(request(pan, 100, "")).json().get("responseCode").asString()).isEqualTo("00");

        Api.Reply expiring = add("device", "block", "dev-soon", ",\"expiresAt\":\"" + Instant.now().plus(2, ChronoUnit.SECONDS) + "\"");
        assertThat(expiring.status()).isEqualTo(201);
        assertThat(issuer.authorize(request(pan, 100, ",\"ec\":{\"deviceId\":\"dev-soon\"}")).json().get("responseCode").asString())
                .isEqualTo("59");
        // One retry after the expiry: polling would itself look like card testing from that device.
        sleepUntil(Instant.parse(expiring.json().get("expiresAt").asString()).plusMillis(200));
        assertThat(issuer.authorize(request(pan, 100, ",\"ec\":{\"deviceId\":\"dev-soon\"}")).json().get("responseCode").asString())
                .isEqualTo("00");
    }

    @Test
    void allowListsAreAFactRulesCanUse() {
        Api.Reply rules = api.post("/v1/rules", "{\"source\":\"rule \\\"vip\\\" when list.allowed then approve \\\"vip\\\"\\n"
                + "rule \\\"big\\\" when amount > 50000 then decline \\\"big\\\"\"}", withKey(analyst));
        assertThat(rules.status()).as(rules.toString()).isEqualTo(201);
        issuer.activate(rules.json().get("version").asInt());
        String pan = issuer.newPan();
        issuer.open(pan, 1_000_000, null);
        assertThat(issuer.authorize(request(pan, 60_000, ",\"ec\":{\"deviceId\":\"dev-vip\"}")).json().get("responseCode").asString())
                .isEqualTo("05");
        assertThat(add("device", "allow", "dev-vip", "").status()).isEqualTo(201);
        assertThat(issuer.authorize(request(pan, 60_000, ",\"ec\":{\"deviceId\":\"dev-vip\"}")).json().get("responseCode").asString())
                .isEqualTo("00");
    }

    @Test
    void badValuesNameTheRuleAndOtherTenantsNeverSeeOrTouchTheEntries() {
        Api.Reply badIp = add("ip", "block", "999.1.1.1", "");
        assertThat(badIp.status()).isEqualTo(422);
        assertThat(badIp.json().get("errors").get(0).get("field").asString()).isEqualTo("value");
        Api.Reply badKind = add("phone", "block", "0312345678", "");
        assertThat(badKind.json().get("errors").get(0).get("field").asString()).isEqualTo("kind");
        Api.Reply badList = add("ip", "grey", "192.0.2.1", "");
        assertThat(badList.json().get("errors").get(0).get("field").asString()).isEqualTo("list");
        Api.Reply cardNumber = add("device", "block", issuer.newPan(), "");
        assertThat(cardNumber.status()).as("a card number is never a list value").isEqualTo(422);
        assertThat(api.post("/v1/lists", "{\"kind\":\"ip\",\"list\":\"block\",\"value\":\"192.0.2.1\"}",
                withKey(issuer.tenant.key(Role.MERCHANT))).status()).isEqualTo(403);

        Api.Reply mine = add("ip", "block", "192.0.2.1", "");
        long id = mine.json().get("id").asLong();
        Tenants.TestTenant other = Tenants.create(api, unique("other"));
        assertThat(api.get("/v1/lists", withKey(other.key(Role.ANALYST))).json().size()).isZero();
        assertThat(api.delete("/v1/lists/" + id, withKey(other.key(Role.ANALYST))).status()).isEqualTo(404);
        assertThat(api.get("/v1/lists", withKey(analyst)).json().size()).isEqualTo(1);
    }

    private static void sleepUntil(Instant when) {
        long millis = java.time.Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
