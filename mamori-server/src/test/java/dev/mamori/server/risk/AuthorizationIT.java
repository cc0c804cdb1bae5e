package dev.mamori.server.risk;

import static dev.mamori.server.Api.withKey;
import static dev.mamori.server.risk.IssuerFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Pan;
import dev.mamori.common.Role;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import dev.mamori.vault.keys.CardVerificationValues;
import dev.mamori.vault.keys.MasterKeyProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The JSON interface of the authorization host against the whole application and a real database. */
class AuthorizationIT extends IntegrationTest {
    @Autowired
    MasterKeyProvider keys;

    IssuerFixture issuer;

    @BeforeEach
    void issuer() {
        issuer = new IssuerFixture(api, unique("issuer"));
    }

    @Test
    void approvalsHoldOpenToBuyUntilTheLimitAndAReversalReleasesItOnce() {
        String pan = issuer.newPan();
        String card = issuer.open(pan, 10_000, null);

        Api.Reply first = issuer.authorize(request(pan, 6_000, ",\"stan\":\"000101\",\"rrn\":\"R101\""));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().get("responseCode").asString()).isEqualTo("00");
        assertThat(first.json().get("approvalCode").asString()).matches("[0-9A-Z]{6}");
        assertThat(issuer.card(card).get("openToBuy").asLong()).isEqualTo(4_000);

        Api.Reply over = issuer.authorize(request(pan, 5_000, ",\"stan\":\"000102\",\"rrn\":\"R102\""));
        assertThat(over.json().get("responseCode").asString()).isEqualTo("51");
        assertThat(over.json().get("reasons").toString()).contains("over-limit");
        assertThat(issuer.card(card).get("openToBuy").asLong()).isEqualTo(4_000);

        String id = first.json().get("id").asString();
        Api.Reply reversal = api.post("/v1/authorizations/" + id + "/reversal", "", withKey(issuer.tenant.key(Role.ISSUER)));
        assertThat(reversal.status()).as(reversal.toString()).isEqualTo(200);
        assertThat(reversal.json().get("responseCode").asString()).isEqualTo("00");
        assertThat(reversal.json().get("reasons").toString()).contains("released");
        assertThat(issuer.card(card).get("openToBuy").asLong()).isEqualTo(10_000);

        Api.Reply again = api.post("/v1/authorizations/" + id + "/reversal", "", withKey(issuer.tenant.key(Role.ISSUER)));
        assertThat(again.json().get("duplicate").asBoolean()).isTrue();
        assertThat(issuer.card(card).get("openToBuy").asLong()).isEqualTo(10_000);

        assertThat(issuer.authorize(request(pan, 5_000, ",\"stan\":\"000103\",\"rrn\":\"R103\"")).json().get("responseCode").asString())
                .isEqualTo("00");
    }

    @Test
    void aRepeatedMessageGetsTheFirstAnswerAndIsNeverProcessedTwiceEvenConcurrently() throws Exception {
        String pan = issuer.newPan();
        String card = issuer.open(pan, 100_000, null);
        String body = request(pan, 1_000, ",\"stan\":\"000777\",\"rrn\":\"DUP777\"");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Api.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                replies.add(pool.submit((Callable<Api.Reply>) () -> issuer.authorize(body)));
            }
            List<String> ids = new ArrayList<>();
            int duplicates = 0;
            for (Future<Api.Reply> reply : replies) {
                JsonNode json = reply.get().json();
                ids.add(json.get("id").asString());
                duplicates += json.get("duplicate").asBoolean() ? 1 : 0;
                assertThat(json.get("responseCode").asString()).isEqualTo("00");
            }
            assertThat(ids).containsOnly(ids.get(0));
            assertThat(duplicates).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
        assertThat(issuer.card(card).get("openToBuy").asLong()).isEqualTo(99_000);
    }

    @Test
    void cardStatusAndExpiryGiveTheIndustryResponseCodes() {
        String[][] cases = {{"lost", "41"}, {"stolen", "43"}, {"blocked", "62"}, {"expired", "54"}};
        for (String[] c : cases) {
            String pan = issuer.newPan();
            String card = issuer.open(pan, 10_000, null);
            Api.Reply changed = api.send("PATCH", "/v1/cards/" + card, "{\"status\":\"" + c[0] + "\"}",
                    withKey(issuer.tenant.key(Role.ISSUER)));
            assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
            assertThat(issuer.authorize(request(pan, 100, "")).json().get("responseCode").asString()).as(c[0]).isEqualTo(c[1]);
        }
        String unknown = issuer.newPan();
        assertThat(issuer.authorize(request(unknown, 100, "")).json().get("responseCode").asString()).isEqualTo("14");
        String pan = issuer.newPan();
        issuer.open(pan, 10_000, null);
        String wrongExpiry = request(pan, 100, "").replace("\"expiryMonth\":12", "\"expiryMonth\":11");
        Api.Reply mismatch = issuer.authorize(wrongExpiry);
        assertThat(mismatch.json().get("responseCode").asString()).isEqualTo("05");
        assertThat(mismatch.json().get("reasons").toString()).contains("expiry-mismatch");
    }

    @Test
    void cvc2IsVerifiedWithTheIssuersKeyInTheKeyProviderAndNeverStored() throws Exception {
        Api.Reply cvk = api.post("/v1/risk/cvks", "{\"name\":\"cvk-1\"}", withKey(issuer.tenant.adminKey()));
        assertThat(cvk.status()).as(cvk.toString()).isEqualTo(201);
        assertThat(cvk.json().get("checkValue").asString()).matches("[0-9A-F]{6}");
        String pan = issuer.newPan();
        issuer.open(pan, 50_000, "cvk-1");
        String expiry = String.format("%02d12", IssuerFixture.NEXT_YEAR % 100);
        String cvc = CardVerificationValues.compute(keys, issuer.tenant.id(), "cvk-1", Pan.of(pan), expiry, "000", 3);
        String wrong = String.format("%03d", (Integer.parseInt(cvc) + 1) % 1000);

        Api.Reply good = issuer.authorize(request(pan, 1_000, ",\"cvc\":\"" + cvc + "\""));
        assertThat(good.json().get("responseCode").asString()).as(good.toString()).isEqualTo("00");
        Api.Reply bad = issuer.authorize(request(pan, 1_000, ",\"cvc\":\"" + wrong + "\""));
        assertThat(bad.json().get("responseCode").asString()).isEqualTo("05");
        assertThat(bad.json().get("reasons").toString()).contains("cvc-mismatch");

        List<String> everything = jdbc.sql("select * from risk.decisions where tenant_id = cast(:t as uuid)").param("t", issuer.tenant.id())
                .query((rs, n) -> {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.append(rs.getString(i)).append('|');
                    }
                    return row.toString();
                }).list();
        assertThat(everything).isNotEmpty().noneMatch(row -> row.contains(pan));
        assertThat(String.join("\n", everything)).doesNotContain("|" + cvc + "|").doesNotContain("|" + wrong + "|");
    }

    @Test
    void activeRulesDecideShadowRulesOnlyReportAndABadRuleIsRefusedWithLineAndColumn() {
        String analyst = issuer.tenant.key(Role.ANALYST);
        Api.Reply broken = api.post("/v1/rules", "{\"source\":\"when amount > 30000\\nthen declne \\\"big\\\"\"}", withKey(analyst));
        assertThat(broken.status()).as(broken.toString()).isEqualTo(422);
        assertThat(broken.json().get("errors").get(0).get("field").asString()).isEqualTo("source");
        assertThat(broken.json().get("errors").get(0).get("message").asString()).contains("line 2, column 6");

        Api.Reply saved = api.post("/v1/rules", "{\"source\":\"rule \\\"big\\\" when amount > 30000 then decline \\\"big-amount\\\" code 61\"}",
                withKey(analyst));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
        int version = saved.json().get("version").asInt();
        assertThat(api.post("/v1/rules/" + version + "/activate", "", withKey(analyst)).status()).isEqualTo(403);
        Api.Reply unbacktested = api.post("/v1/rules/" + version + "/activate", "", withKey(issuer.tenant.adminKey()));
        assertThat(unbacktested.status()).as(unbacktested.toString()).isEqualTo(409);
        assertThat(unbacktested.json().get("errors").get(0).get("rule").asString()).isEqualTo("backtest-required");
        issuer.backtest(version);
        assertThat(api.post("/v1/rules/" + version + "/activate", "", withKey(issuer.tenant.adminKey())).status()).isEqualTo(200);

        Api.Reply shadowSaved = api.post("/v1/rules", "{\"source\":\"rule \\\"small\\\" when amount < 1000 then decline \\\"tiny\\\"\"}",
                withKey(analyst));
        int shadowVersion = shadowSaved.json().get("version").asInt();
        assertThat(api.post("/v1/rules/" + shadowVersion + "/shadow", "", withKey(analyst)).status()).isEqualTo(200);

        String pan = issuer.newPan();
        issuer.open(pan, 1_000_000, null);
        Api.Reply big = issuer.authorize(request(pan, 50_000, ""));
        assertThat(big.json().get("responseCode").asString()).as(big.toString()).isEqualTo("61");
        assertThat(big.json().get("ruleVersion").asInt()).isEqualTo(version);
        assertThat(big.json().get("firedRules").get(0).get("name").asString()).isEqualTo("big");

        Api.Reply small = issuer.authorize(request(pan, 500, ""));
        assertThat(small.json().get("responseCode").asString()).isEqualTo("00");
        JsonNode fired = small.json().get("firedRules").get(0);
        assertThat(fired.get("name").asString()).isEqualTo("small");
        assertThat(fired.get("shadow").asBoolean()).isTrue();
        assertThat(fired.get("version").asInt()).isEqualTo(shadowVersion);
    }

    @Test
    void creditMasterProbesFromOneDeviceAreStoppedAndTheCardsTheyFoundAreFlagged() {
        List<String> pans = new ArrayList<>();
        List<String> cards = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String pan = issuer.newPan();
            pans.add(pan);
            cards.add(issuer.open(pan, 100_000, null));
        }
        String device = ",\"ec\":{\"deviceId\":\"dev-attacker-1\",\"ip\":\"203.0.113.9\"}";
        List<String> codes = new ArrayList<>();
        for (String pan : pans) {
            codes.add(issuer.authorize(request(pan, 100, device)).json().get("responseCode").asString());
        }
        // Default policy: five distinct cards from one device make it a card tester.
        assertThat(codes.subList(0, 4)).containsOnly("00");
        assertThat(codes.subList(4, 8)).containsOnly("59");
        Api.Reply flagged = api.get("/v1/cards?atRisk=true", withKey(issuer.tenant.key(Role.ANALYST)));
        assertThat(flagged.json().size()).isEqualTo(4);
        Api.Reply alerts = api.get("/v1/risk/alerts", withKey(issuer.tenant.key(Role.ANALYST)));
        assertThat(alerts.json().get(0).get("kind").asString()).isEqualTo("card-testing");
        Api.Reply blocks = api.get("/v1/risk/blocks", withKey(issuer.tenant.key(Role.ANALYST)));
        assertThat(blocks.body()).contains("dev-attacker-1");
        // A good customer's own card from another device still works.
        String pan = issuer.newPan();
        issuer.open(pan, 100_000, null);
        assertThat(issuer.authorize(request(pan, 100, ",\"ec\":{\"deviceId\":\"dev-customer\"}")).json().get("responseCode").asString())
                .isEqualTo("00");
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndRule() {
        String key = issuer.tenant.key(Role.ISSUER);
        Api.Reply malformed = api.post("/v1/authorizations", "{\"pan\":", withKey(key));
        assertThat(malformed.status()).isEqualTo(400);
        String pan = issuer.newPan();
        issuer.open(pan, 10_000, null);
        Api.Reply luhn = issuer.authorize(request(pan.substring(0, 15) + ((pan.charAt(15) - '0' + 1) % 10), 100, ""));
        assertThat(luhn.status()).isEqualTo(422);
        assertThat(luhn.json().get("errors").get(0).get("field").asString()).isEqualTo("pan");
        assertThat(luhn.body()).doesNotContain(pan.substring(0, 15));
        Api.Reply currency = issuer.authorize(request(pan, 100, "").replace("\"JPY\"", "\"XXZ\""));
        assertThat(currency.status()).isEqualTo(422);
        assertThat(currency.json().get("errors").get(0).get("field").asString()).isEqualTo("currency");
        Api.Reply mcc = issuer.authorize(request(pan, 100, "").replace("\"5411\"", "\"54x1\""));
        assertThat(mcc.json().get("errors").get(0).get("field").asString()).isEqualTo("merchant.mcc");
        Api.Reply both = api.post("/v1/authorizations", "{\"pan\":\"" + pan + "\",\"token\":\"tok_x\",\"amount\":1,\"currency\":\"JPY\","
                + "\"merchant\":{}}", withKey(key));
        assertThat(both.status()).isEqualTo(422);
        assertThat(api.post("/v1/authorizations", request(pan, 100, ""), withKey(issuer.tenant.key(Role.MERCHANT))).status())
                .isEqualTo(403);
        Long decisions = jdbc.sql("select count(*) from risk.decisions where tenant_id = cast(:t as uuid)").param("t", issuer.tenant.id())
                .query(Long.class).single();
        assertThat(decisions).isZero();
    }

    @Test
    void anotherTenantSeesNeitherTheDecisionsNorTheCards() {
        String pan = issuer.newPan();
        String card = issuer.open(pan, 10_000, null);
        String id = issuer.authorize(request(pan, 100, "")).json().get("id").asString();
        Tenants.TestTenant other = Tenants.create(api, unique("other"));
        assertThat(api.get("/v1/authorizations/" + id, withKey(other.key(Role.ANALYST))).status()).isEqualTo(404);
        assertThat(api.get("/v1/cards/" + card, withKey(other.key(Role.ANALYST))).status()).isEqualTo(404);
        assertThat(api.get("/v1/cards/" + card + "/timeline", withKey(other.key(Role.ANALYST))).status()).isEqualTo(404);
        assertThat(api.post("/v1/authorizations/" + id + "/reversal", "", withKey(other.key(Role.ISSUER))).status()).isEqualTo(404);
        assertThat(api.get("/v1/authorizations", withKey(other.key(Role.ANALYST))).json().size()).isZero();
        // An acquirer of another tenant may send the card (routed by BIN) but sees only the answer.
        Api.Reply routed = api.post("/v1/authorizations", request(pan, 100, ""), withKey(other.key(Role.ACQUIRER)));
        assertThat(routed.json().get("responseCode").asString()).isEqualTo("00");
        assertThat(routed.json().has("reasons")).isFalse();
        assertThat(issuer.card(card).get("held").asLong()).isEqualTo(200);
        // The acquirer reverses its own authorization; the issuer's other decisions stay out of its reach.
        String routedId = routed.json().get("id").asString();
        Api.Reply reversed = api.post("/v1/authorizations/" + routedId + "/reversal", "", withKey(other.key(Role.ACQUIRER)));
        assertThat(reversed.status()).as(reversed.toString()).isEqualTo(200);
        assertThat(reversed.json().has("reasons")).isFalse();
        assertThat(issuer.card(card).get("held").asLong()).isEqualTo(100);
        assertThat(api.post("/v1/authorizations/" + id + "/reversal", "", withKey(other.key(Role.ACQUIRER))).status()).isEqualTo(404);
        Api.Reply timeline = api.get("/v1/cards/" + card + "/timeline", withKey(issuer.tenant.key(Role.ANALYST)));
        assertThat(timeline.json().size()).as("two authorizations and the acquirer's reversal").isEqualTo(3);
    }

    @Test
    void aTenantCannotClaimAPrefixInsideAnotherIssuersRange() {
        Tenants.TestTenant other = Tenants.create(api, unique("squatter"));
        Api.Reply longer = api.post("/v1/risk/bin-routes", "{\"prefix\":\"" + issuer.prefix + "12\"}", withKey(other.adminKey()));
        assertThat(longer.status()).as(longer.toString()).isEqualTo(409);
        Api.Reply shorter = api.post("/v1/risk/bin-routes", "{\"prefix\":\"" + issuer.prefix.substring(0, 7) + "\"}",
                withKey(other.adminKey()));
        assertThat(shorter.status()).isEqualTo(409);
        Api.Reply nested = api.post("/v1/risk/bin-routes", "{\"prefix\":\"" + issuer.prefix + "34\"}", withKey(issuer.tenant.adminKey()));
        assertThat(nested.status()).as("an issuer may split its own range").isEqualTo(201);
    }

    @Test
    void cardChangesFollowTheRolesAndKeysMustExist() {
        String pan = issuer.newPan();
        Api.Reply unknownKey = api.post("/v1/cards", "{\"pan\":\"" + pan + "\",\"expiryMonth\":12,\"expiryYear\":" + IssuerFixture.NEXT_YEAR
                + ",\"currency\":\"JPY\",\"creditLimit\":1000,\"cvkName\":\"no-such-key\"}", withKey(issuer.tenant.key(Role.ISSUER)));
        assertThat(unknownKey.status()).isEqualTo(422);
        assertThat(unknownKey.json().get("errors").get(0).get("field").asString()).isEqualTo("cvkName");
        String card = issuer.open(pan, 10_000, null);
        Api.Reply analystLimit = api.send("PATCH", "/v1/cards/" + card, "{\"creditLimit\":99999999}", withKey(issuer.tenant.key(Role.ANALYST)));
        assertThat(analystLimit.status()).isEqualTo(403);
        Api.Reply analystStatus = api.send("PATCH", "/v1/cards/" + card, "{\"status\":\"blocked\"}", withKey(issuer.tenant.key(Role.ANALYST)));
        assertThat(analystStatus.status()).isEqualTo(200);
        assertThat(issuer.card(card).get("creditLimit").asLong()).isEqualTo(10_000);
    }

    @Test
    void theActiveRuleSetCannotBeMovedToShadow() {
        Api.Reply saved = api.post("/v1/rules", "{\"source\":\"when amount > 1 then review \\\"x\\\"\"}", withKey(issuer.tenant.key(Role.ANALYST)));
        int version = saved.json().get("version").asInt();
        issuer.activate(version);
        assertThat(api.post("/v1/rules/" + version + "/shadow", "", withKey(issuer.tenant.key(Role.ANALYST))).status()).isEqualTo(409);
        assertThat(api.get("/v1/rules/" + version, withKey(issuer.tenant.key(Role.ANALYST))).json().get("status").asString())
                .isEqualTo("active");
    }
}
