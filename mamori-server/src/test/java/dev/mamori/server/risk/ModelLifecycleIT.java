package dev.mamori.server.risk;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Role;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole life of a model over the API on a real database: authorizations, fraud labelled by an
 * analyst as it is found, a model trained from the decision log and those labels, promoted by a
 * second admin, then scoring new payments with reasons; a fraud-like payment scores above an
 * ordinary one.
 */
class ModelLifecycleIT extends IntegrationTest {

    @Test
    void labelledTrafficTrainsAModelThatAnotherAdminPromotesAndThatThenScoresWithReasons() {
        IssuerFixture issuer = new IssuerFixture(api, unique("lifecycle"));
        issuer.generousScoringBudget();
        Instant start = Instant.now().minus(1, ChronoUnit.MINUTES);
        List<String> pans = new ArrayList<>();
        for (int c = 0; c < 24; c++) {
            String pan = issuer.newPan();
            issuer.open(pan, 50_000_000, null);
            pans.add(pan);
        }
        SplittableRandom random = new SplittableRandom(3);
        int stan = 0;
        for (int round = 0; round < 8; round++) {
            for (int c = 0; c < pans.size(); c++) {
                send(issuer, pans.get(c), 500 + random.nextInt(6_000), "SHOP" + (c % 5), "5411", "dev-" + c, ++stan);
            }
            // Two cards a round are stolen and run up at game shops from one device; an analyst finds each burst soon after.
            for (int c = round * 2 % pans.size(); c < round * 2 % pans.size() + 2; c++) {
                List<String> burst = new ArrayList<>();
                for (int p = 0; p < 3; p++) {
                    burst.add(send(issuer, pans.get(c), 80_000 + random.nextInt(70_000), "GAME" + p, "5816", "evil-1", ++stan));
                }
                Api.Reply labelled = api.post("/v1/risk/labels", "{\"authorizationIds\":[\"" + String.join("\",\"", burst)
                        + "\"],\"fraud\":true,\"note\":\"confirmed with the cardholder\"}", withKey(issuer.tenant.key(Role.ANALYST)));
                assertThat(labelled.status()).as(labelled.toString()).isIn(200, 201);
            }
        }
        Instant end = Instant.now().plus(1, ChronoUnit.MINUTES);

        Api.Reply trained = api.post("/v1/risk/models/train", "{\"from\":\"" + start + "\",\"to\":\"" + end
                + "\",\"rounds\":40,\"depth\":4,\"suggestedThresholds\":true,\"note\":\"first model\"}", withKey(issuer.tenant.adminKey()));
        assertThat(trained.status()).as(trained.toString()).isEqualTo(201);
        JsonNode model = trained.json();
        int version = model.get("version").asInt();
        assertThat(model.get("status").asString()).isEqualTo("draft");
        assertThat(model.get("trainingSource").asString()).startsWith("decision-log");
        assertThat(model.get("metrics").asString()).contains("\"trainFraud\"").contains("\"test\"");
        assertThat(model.get("declineThreshold").isNull()).as("suggested from the validation period").isFalse();

        assertThat(api.post("/v1/risk/models/" + version + "/promote", "", withKey(issuer.tenant.adminKey())).status())
                .as("the admin who trained it").isEqualTo(409);
        assertThat(api.post("/v1/risk/models/" + version + "/promote", "", withKey(issuer.tenant.key(Role.ADMIN))).status()).isEqualTo(200);
        Instant promoted = Instant.now();

        JsonNode ordinary = issuer.authorize(body(pans.get(20), 3_000, "SHOP0", "5411", "dev-20", ++stan)).json();
        JsonNode stolen = issuer.authorize(body(pans.get(21), 120_000, "GAME1", "5816", "evil-1", ++stan)).json();
        assertThat(ordinary.get("modelVersion").asInt()).isEqualTo(version);
        assertThat(stolen.get("score").asDouble()).isGreaterThan(ordinary.get("score").asDouble());
        assertThat(stolen.get("modelReasons").size()).isBetween(1, 3);
        assertThat(stolen.get("modelReasons").get(0).get("ja").asString()).contains("リスクを上げた");

        // No training/serving skew, on this database: the scores the host logged since the promotion and the
        // same version replayed offline over the log give the same evaluation, curve point for curve point.
        for (int p = 0; p < 30; p++) {
            boolean fraud = p % 5 == 0;
            String id = fraud ? send(issuer, pans.get(p % 24), 90_000 + random.nextInt(50_000), "GAME2", "5816", "evil-2", ++stan)
                    : send(issuer, pans.get(p % 24), 700 + random.nextInt(5_000), "SHOP" + (p % 5), "5411", "dev-" + (p % 24), ++stan);
            if (fraud) {
                api.post("/v1/risk/labels", "{\"authorizationIds\":[\"" + id + "\"],\"fraud\":true}", withKey(issuer.tenant.key(Role.ANALYST)));
            }
        }
        String period = "\"from\":\"" + promoted + "\",\"to\":\"" + Instant.now().plusSeconds(1) + "\"";
        JsonNode live = api.post("/v1/risk/evaluations", "{\"subject\":\"live-model\"," + period + "}",
                withKey(issuer.tenant.key(Role.ANALYST))).json().get("evaluation");
        JsonNode replayed = api.post("/v1/risk/evaluations", "{\"subject\":\"model\",\"model\":\"" + version + "\"," + period + "}",
                withKey(issuer.tenant.key(Role.ANALYST))).json().get("evaluation");
        assertThat(live.get("rows").asLong()).isEqualTo(32);
        assertThat(live.get("unscoredRows").asLong()).isZero();
        assertThat(replayed.get("rows").asLong()).isEqualTo(32);
        assertThat(replayed.get("curve")).isEqualTo(live.get("curve"));
        assertThat(replayed.get("averagePrecision")).isEqualTo(live.get("averagePrecision"));
        assertThat(replayed.get("rocAuc")).isEqualTo(live.get("rocAuc"));
    }

    private String send(IssuerFixture issuer, String pan, long amount, String shop, String mcc, String device, int stan) {
        Api.Reply reply = issuer.authorize(body(pan, amount, shop, mcc, device, stan));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().get("id").asString();
    }

    private static String body(String pan, long amount, String shop, String mcc, String device, int stan) {
        return "{\"pan\":\"" + pan + "\",\"expiryMonth\":12,\"expiryYear\":" + IssuerFixture.NEXT_YEAR + ",\"amount\":" + amount
                + ",\"currency\":\"JPY\",\"channel\":\"ec\",\"stan\":\"" + String.format("%06d", stan) + "\",\"merchant\":{\"id\":\"" + shop
                + "\",\"terminalId\":\"T0000001\",\"mcc\":\"" + mcc + "\",\"country\":\"JP\"},\"ec\":{\"deviceId\":\"" + device + "\"}}";
    }
}
