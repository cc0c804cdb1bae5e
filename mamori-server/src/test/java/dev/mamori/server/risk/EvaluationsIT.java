package dev.mamori.server.risk;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mamori.common.Role;
import dev.mamori.common.Totp;
import dev.mamori.server.Api;
import dev.mamori.server.ConsoleClient;
import dev.mamori.server.IntegrationTest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Evaluations of the live rules and the live model over logged decisions: decisions made through
 * the authorization API with rules active, some labelled fraud, and every figure checked against
 * a computation written here from the definitions (pairs for ROC AUC, thresholds for AP, cards per
 * Tokyo day for precision@k, actions for the money view).
 */
class EvaluationsIT extends IntegrationTest {
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    /** One decision as the test sent it. */
    record Sent(UUID id, String pan, String channel, String mcc, long amount, String action, boolean fraud, Instant at) {
    }

    IssuerFixture issuer;
    final List<Sent> sent = new ArrayList<>();
    Instant from;
    Instant to;

    @BeforeEach
    void decisions() {
        issuer = new IssuerFixture(api, "evaluations");
        Api.Reply saved = api.post("/v1/rules", "{\"source\":\"rule \\\"big\\\" when amount >= 50000 then decline \\\"big\\\"\\n"
                + "rule \\\"mid\\\" when amount >= 20000 then challenge \\\"mid\\\"\\n"
                + "rule \\\"watch\\\" when amount >= 10000 then review \\\"watch\\\"\"}", withKey(issuer.tenant.key(Role.ANALYST)));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
        issuer.activate(saved.json().get("version").asInt()); // backtests it first, as activation asks
        from = Instant.now().minus(1, ChronoUnit.HOURS);
        List<String> pans = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            String pan = issuer.newPan();
            issuer.open(pan, 10_000_000, null);
            pans.add(pan);
        }
        long[] amounts = {60_000, 25_000, 12_000, 3_000, 55_000, 1_500, 22_000, 11_000, 800, 70_000, 4_000, 30_000, 15_000, 2_500, 9_000,
                51_000, 26_000, 700};
        // Fraud on a mix of declines, challenges, reviews and approvals: no action separates them perfectly.
        Set<Integer> fraud = Set.of(0, 1, 3, 6, 8, 12, 15);
        for (int i = 0; i < amounts.length; i++) {
            String pan = pans.get(i % pans.size());
            String channel = i % 3 == 0 ? "f2f" : "ec";
            String mcc = i % 2 == 0 ? "5411" : "5732";
            Api.Reply reply = issuer.authorize("{\"pan\":\"" + pan + "\",\"expiryMonth\":12,\"expiryYear\":" + IssuerFixture.NEXT_YEAR
                    + ",\"amount\":" + amounts[i] + ",\"currency\":\"JPY\",\"channel\":\"" + channel + "\",\"stan\":\"" + String.format("%06d", i + 1)
                    + "\",\"merchant\":{\"id\":\"SHOP" + i + "\",\"terminalId\":\"T0000001\",\"mcc\":\"" + mcc + "\",\"country\":\"JP\"}}");
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            UUID id = UUID.fromString(reply.json().get("id").asString());
            String action = reply.json().get("action").asString();
            boolean isFraud = fraud.contains(i);
            sent.add(new Sent(id, pan, channel, mcc, amounts[i], action, isFraud, Instant.now()));
            if (isFraud) {
                label(issuer.tenant.key(Role.ANALYST), id, true);
            } else if (i % 4 == 0) {
                label(issuer.tenant.key(Role.ANALYST), id, false); // confirmed good
            }
        }
        // A reversal message is not a decision to evaluate; the reversed authorization stays one.
        Sent approved = sent.stream().filter(s -> s.action().equals("approve")).findFirst().orElseThrow();
        assertThat(api.post("/v1/authorizations/" + approved.id() + "/reversal", "", withKey(issuer.tenant.key(Role.ISSUER))).status())
                .isEqualTo(200);
        // Another tenant's decisions in the same period are never read.
        IssuerFixture other = new IssuerFixture(api, "evaluations-other");
        String otherPan = other.newPan();
        other.open(otherPan, 1_000_000, null);
        Api.Reply foreign = other.authorize(IssuerFixture.request(otherPan, 5_000, ""));
        label(other.tenant.key(Role.ANALYST), UUID.fromString(foreign.json().get("id").asString()), true);
        to = Instant.now().plus(1, ChronoUnit.HOURS);
    }

    /** An analyst's finding through the labels API, known now. */
    void label(String analystKey, UUID authorization, boolean fraud) {
        Api.Reply labelled = api.post("/v1/risk/labels", "{\"authorizationIds\":[\"" + authorization + "\"],\"fraud\":" + fraud + "}",
                withKey(analystKey));
        assertThat(labelled.status()).as(labelled.toString()).isIn(200, 201);
    }

    Api.Reply evaluate(String body, String... headers) {
        String[] all = withKey(issuer.tenant.key(Role.ANALYST), headers);
        return api.post("/v1/risk/evaluations", body, all);
    }

    String period() {
        return "\"from\":\"" + from + "\",\"to\":\"" + to + "\"";
    }

    static double friction(String action) {
        return switch (action) {
            case "decline" -> 3;
            case "challenge" -> 2;
            case "review" -> 1;
            default -> 0;
        };
    }

    @Test
    void theLiveRulesAreMeasuredAgainstTheLabelsAsComputedHere() {
        assertThat(sent.stream().map(Sent::action).distinct()).contains("decline", "challenge", "review", "approve");
        Api.Reply reply = evaluate("{\"subject\":\"live-rules\"," + period() + ",\"k\":3}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode e = reply.json().get("evaluation");
        assertThat(reply.json().get("subject").asString()).isEqualTo("live-rules");
        assertThat(e.get("rows").asLong()).isEqualTo(sent.size());
        assertThat(e.get("fraud").asLong()).isEqualTo(sent.stream().filter(Sent::fraud).count());
        assertThat(e.get("unscoredRows").asLong()).isZero();

        List<double[]> scored = sent.stream().map(s -> new double[] {friction(s.action()), s.fraud() ? 1 : 0}).toList();
        assertThat(e.get("averagePrecision").asDouble()).isCloseTo(averagePrecision(scored), within(1e-12));
        assertThat(e.get("rocAuc").asDouble()).isCloseTo(pairwiseAuc(scored), within(1e-12));

        JsonNode money = e.get("money");
        assertThat(money.get("fraudDeclined").asLong()).isEqualTo(count(true, "decline"));
        assertThat(money.get("fraudChallenged").asLong()).isEqualTo(count(true, "challenge"));
        assertThat(money.get("fraudMissed").asLong()).isEqualTo(count(true, "review") + count(true, "approve"));
        assertThat(money.get("goodDeclined").asLong()).isEqualTo(count(false, "decline"));
        assertThat(money.get("goodChallenged").asLong()).isEqualTo(count(false, "challenge"));
        assertThat(money.get("fraudAmountDeclined").asDouble()).isEqualTo(sent.stream().filter(s -> s.fraud() && s.action().equals("decline"))
                .mapToLong(Sent::amount).sum());
        assertThat(money.get("goodAmountChallenged").asDouble()).isEqualTo(sent.stream().filter(s -> !s.fraud()
                && s.action().equals("challenge")).mapToLong(Sent::amount).sum());
        assertThat(e.get("operatingPoint").get("mode").asString()).isEqualTo("enforced-actions");

        // Card precision@3 per Tokyo day: each card by its highest friction that day, ties by card key.
        Map<LocalDate, Double> expected = cardPrecisionAtK(3);
        JsonNode days = e.get("cardPrecisionAtK");
        assertThat(days.size()).isEqualTo(expected.size());
        int compared = 0;
        for (JsonNode day : days) {
            LocalDate date = LocalDate.parse(day.get("day").asString());
            if (!hasTiesAtTheCut(date, 3)) {
                assertThat(day.get("precision").asDouble()).as(date.toString()).isCloseTo(expected.get(date), within(1e-12));
                compared++;
            }
            assertThat(day.get("cards").asInt()).isEqualTo((int) sent.stream().filter(s -> tokyo(s.at()).equals(date)).map(Sent::pan).distinct()
                    .count());
        }
        assertThat(compared).as("days whose top 3 cards do not depend on tie-breaking").isPositive();

        // Segments: each channel's rows and fraud as sent, and the parts sum to the whole.
        Map<String, long[]> byChannel = new TreeMap<>();
        for (Sent s : sent) {
            long[] c = byChannel.computeIfAbsent(s.channel(), x -> new long[2]);
            c[0]++;
            c[1] += s.fraud() ? 1 : 0;
        }
        long rows = 0;
        for (JsonNode segment : e.get("segments")) {
            if (segment.get("dimension").asString().equals("channel")) {
                long[] c = byChannel.get(segment.get("key").asString());
                assertThat(segment.get("rows").asLong()).isEqualTo(c[0]);
                assertThat(segment.get("fraud").asLong()).isEqualTo(c[1]);
                rows += c[0];
            }
            if (segment.get("dimension").asString().equals("mcc")) {
                assertThat(segment.get("key").asString()).isIn("5411", "5732");
            }
        }
        assertThat(rows).isEqualTo(sent.size());
    }

    @Test
    void theLiveModelIsMeasuredByItsLoggedScoresAndDecisionsWithoutOneAreUnscored() {
        Api.Reply none = evaluate("{\"subject\":\"live-model\"," + period() + "}");
        assertThat(none.status()).as(none.toString()).isEqualTo(200);
        assertThat(none.json().get("evaluation").get("rows").asLong()).isZero();
        assertThat(none.json().get("evaluation").get("unscoredRows").asLong()).isEqualTo(sent.size());
        assertThat(none.json().get("evaluation").get("averagePrecision").isNull()).isTrue();

        // A model's scores as the host logs them, on all but two decisions.
        List<double[]> scored = new ArrayList<>();
        for (int i = 0; i < sent.size() - 2; i++) {
            Sent s = sent.get(i);
            double score = (s.fraud() ? 0.5 : 0.2) + (i % 5) * 0.1;
            jdbc.sql("update risk.decisions set score = ? where id = ?").param(score).param(s.id()).update();
            scored.add(new double[] {score, s.fraud() ? 1 : 0});
        }
        Api.Reply reply = evaluate("{\"subject\":\"live-model\"," + period() + ",\"threshold\":0.6}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode e = reply.json().get("evaluation");
        assertThat(e.get("rows").asLong()).isEqualTo(sent.size() - 2);
        assertThat(e.get("unscoredRows").asLong()).isEqualTo(2);
        assertThat(e.get("averagePrecision").asDouble()).isCloseTo(averagePrecision(scored), within(1e-12));
        assertThat(e.get("rocAuc").asDouble()).isCloseTo(pairwiseAuc(scored), within(1e-12));
        long caught = scored.stream().filter(s -> s[1] == 1 && s[0] >= 0.6).count();
        assertThat(e.get("money").get("fraudDeclined").asLong()).isEqualTo(caught);
        assertThat(e.get("money").get("goodDeclined").asLong()).isEqualTo(scored.stream().filter(s -> s[1] == 0 && s[0] >= 0.6).count());
        assertThat(e.get("operatingPoint").get("declineAt").asDouble()).isEqualTo(0.6);
    }

    @Test
    void aRegisteredModelReplayedOverThePeriodIsScoredAsTheHostWouldHaveScoredIt() {
        Api.Reply registered = api.post("/v1/risk/models", FraudModelsITSupport.MODEL, withKey(issuer.tenant.key(Role.ANALYST)));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        int version = registered.json().get("version").asInt();
        // Six cards in turn: no card reaches three payments in the hour, so tree 0 gives -2 and only the amount splits.
        List<double[]> scored = new ArrayList<>();
        for (Sent s : sent) {
            double margin = -2 + (s.amount() >= 50_000 ? 1.0 : -0.5);
            scored.add(new double[] {1 / (1 + Math.exp(-margin)), s.fraud() ? 1 : 0});
        }
        Api.Reply reply = evaluate("{\"subject\":\"model\",\"model\":\"" + version + "\"," + period() + "}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode e = reply.json().get("evaluation");
        assertThat(e.get("rows").asLong()).isEqualTo(sent.size());
        assertThat(e.get("unscoredRows").asLong()).isZero();
        assertThat(e.get("averagePrecision").asDouble()).isCloseTo(averagePrecision(scored), within(1e-6));
        assertThat(e.get("rocAuc").asDouble()).isCloseTo(pairwiseAuc(scored), within(1e-6));

        assertViolation(evaluate("{\"subject\":\"model\"," + period() + "}"), "model", "version");
        assertViolation(evaluate("{\"subject\":\"model\",\"model\":\"999\"," + period() + "}"), "model", "unknown-version");
    }

    @Test
    void csvByAcceptHeaderOrFormat() {
        Api.Reply segments = evaluate("{\"subject\":\"live-rules\"," + period() + "}", "Accept", "text/csv");
        assertThat(segments.status()).as(segments.toString()).isEqualTo(200);
        assertThat(segments.header("Content-Type")).startsWith("text/csv");
        String[] lines = segments.body().split("\n");
        assertThat(lines[0]).startsWith("dimension,segment,rows,fraud,fraud_amount,average_precision");
        assertThat(lines[1]).startsWith("all,all," + sent.size() + "," + sent.stream().filter(Sent::fraud).count() + ",");

        Api.Reply curves = api.post("/v1/risk/evaluations?format=csv&table=curves", "{\"subject\":\"live-rules\"," + period() + "}",
                withKey(issuer.tenant.key(Role.ANALYST)));
        assertThat(curves.status()).as(curves.toString()).isEqualTo(200);
        String[] points = curves.body().split("\n");
        assertThat(points[0]).isEqualTo("threshold,true_positives,false_positives,recall,precision,false_positive_rate");
        assertThat(points.length - 1).isEqualTo((int) sent.stream().map(s -> friction(s.action())).distinct().count());
        assertThat(points[points.length - 1]).startsWith("0," + sent.stream().filter(Sent::fraud).count() + ",");

        Api.Reply days = api.post("/v1/risk/evaluations?format=csv&table=days", "{\"subject\":\"live-rules\"," + period() + ",\"k\":2}",
                withKey(issuer.tenant.key(Role.ANALYST)));
        assertThat(days.body()).startsWith("day,cards,k,fraud_cards,precision\n");
        assertThat(days.body()).contains(",2,");
    }

    @Test
    void badRequestsNameTheFieldAndTheRule() {
        assertViolation(evaluate("{\"subject\":\"best-model\"," + period() + "}"), "subject", "one-of");
        assertViolation(evaluate("{" + period() + "}"), "subject", "required");
        assertViolation(evaluate("{\"subject\":\"live-rules\",\"to\":\"" + to + "\"}"), "from", "required");
        assertViolation(evaluate("{\"subject\":\"live-rules\",\"from\":\"" + to + "\",\"to\":\"" + from + "\"}"), "to", "after-from");
        assertViolation(evaluate("{\"subject\":\"live-rules\",\"from\":\"2020-01-01T00:00:00Z\",\"to\":\"2022-01-01T00:00:00Z\"}"), "to",
                "max-period");
        assertViolation(evaluate("{\"subject\":\"live-rules\"," + period() + ",\"k\":0}"), "k", "range");
        assertViolation(evaluate("{\"subject\":\"live-model\"," + period() + ",\"model\":\"7\"}"), "model", "not-for-subject");
        Api.Reply format = api.post("/v1/risk/evaluations?format=xml", "{\"subject\":\"live-rules\"," + period() + "}",
                withKey(issuer.tenant.key(Role.ANALYST)));
        assertViolation(format, "format", "one-of");
        Api.Reply malformed = evaluate("{\"subject\":\"live-rules\",\"from\":\"yesterday\",\"to\":\"" + to + "\"}");
        assertThat(malformed.status()).as(malformed.toString()).isEqualTo(400);
        assertThat(malformed.header("Content-Type")).startsWith("application/problem+json");
        assertThat(malformed.body()).contains("from");
        // Issuers read decisions but do not run evaluations (the route's roles: analyst and admin).
        Api.Reply issuerKey = api.post("/v1/risk/evaluations", "{\"subject\":\"live-rules\"," + period() + "}",
                withKey(issuer.tenant.key(Role.ISSUER)));
        assertThat(issuerKey.status()).isEqualTo(403);
    }

    static void assertViolation(Api.Reply reply, String field, String rule) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        JsonNode violation = reply.json().get("errors").get(0);
        assertThat(violation.get("field").asString()).isEqualTo(field);
        assertThat(violation.get("rule").asString()).isEqualTo(rule);
    }

    @Test
    void theConsolePageShowsTheMeasuresChartsAndTablesAndOffersTheDownloads() {
        ConsoleClient analyst = logIn("eval-analyst-" + UUID.randomUUID().toString().substring(0, 8), "analyst");
        LocalDate day = tokyo(Instant.now());
        String query = "?subject=live-rules&from=" + day.minusDays(1) + "&to=" + day + "&k=3";
        HttpResponse<String> page = analyst.get("/console/risk/lab/evaluation" + query);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        String html = page.body();
        assertThat(html).contains("id=\"rows\">" + sent.size() + "<").contains("id=\"fraud\">" + sent.stream().filter(Sent::fraud).count() + "<");
        assertThat(html).contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"eval-chart\"").contains("eval-pr-title")
                .contains("eval-roc-title").contains("eval-pak-title").contains("class=\"diagonal\"").contains("<polyline");
        assertThat(html).contains("id=\"tab-evaluation\"").contains("id=\"tab-models\"");
        assertThat(html).contains("id=\"segments-channel\"").contains("data-segment=\"f2f\"").contains("data-segment=\"5732\"");
        assertThat(html).doesNotContain("style=\"").doesNotContain("<script>");
        for (String pan : sent.stream().map(Sent::pan).distinct().toList()) {
            assertThat(html).doesNotContain(pan);
        }
        String japanese = analyst.get("/console/risk/lab/evaluation" + query + "&lang=ja").body();
        assertThat(japanese).contains("評価").contains("適合率-再現率曲線").contains("チャネル別").contains("id=\"rows\">" + sent.size() + "<");

        HttpResponse<String> json = analyst.get("/console/risk/lab/evaluation/export" + query + "&format=json");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
        assertThat(json.body()).contains("\"rows\" : " + sent.size());
        HttpResponse<String> csv = analyst.get("/console/risk/lab/evaluation/export" + query + "&format=segments");
        assertThat(csv.body()).startsWith("dimension,segment,rows,");

        HttpResponse<String> bad = analyst.get("/console/risk/lab/evaluation?subject=live-rules&from=" + day + "&to=" + day.minusDays(3));
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("data-field=\"to\"").contains("after-from");

        ConsoleClient issuerUser = logIn("eval-issuer-" + UUID.randomUUID().toString().substring(0, 8), "issuer");
        assertThat(issuerUser.get("/console/risk/lab/evaluation" + query).statusCode()).isEqualTo(403);
        assertThat(issuerUser.get("/console/risk/lab/evaluation/export" + query).statusCode()).isEqualTo(403);
    }

    ConsoleClient logIn(String username, String role) {
        String password = "Twelve-chars-or-more-1";
        Api.Reply created = api.post("/v1/users", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\",\"roles\":[\"" + role
                + "\"]}", withKey(issuer.tenant.adminKey()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        ConsoleClient browser = new ConsoleClient(port);
        browser.password(username, password);
        String secret = browser.enrolmentSecret();
        Totp totp = Totp.authenticatorApp();
        String code = totp.code(new Base32().decode(secret), totp.step(Instant.now()));
        assertThat(ConsoleClient.location(browser.totp(code))).endsWith("/console");
        return browser;
    }

    long count(boolean fraud, String action) {
        return sent.stream().filter(s -> s.fraud() == fraud && s.action().equals(action)).count();
    }

    static LocalDate tokyo(Instant at) {
        return LocalDate.ofInstant(at, TOKYO);
    }

    /** AP as scikit-learn defines it: Σ over distinct thresholds, highest first, of (recall gained) × precision there. */
    static double averagePrecision(List<double[]> scored) {
        double positives = scored.stream().filter(s -> s[1] == 1).count();
        List<Double> thresholds = scored.stream().map(s -> s[0]).distinct().sorted(Comparator.reverseOrder()).toList();
        double ap = 0;
        double previousRecall = 0;
        for (double t : thresholds) {
            long tp = scored.stream().filter(s -> s[0] >= t && s[1] == 1).count();
            long flagged = scored.stream().filter(s -> s[0] >= t).count();
            double recall = tp / positives;
            ap += (recall - previousRecall) * tp / flagged;
            previousRecall = recall;
        }
        return ap;
    }

    /** The share of (fraud, good) pairs where the fraud scores higher, ties counted half. */
    static double pairwiseAuc(List<double[]> scored) {
        double sum = 0;
        long pairs = 0;
        for (double[] f : scored) {
            for (double[] g : scored) {
                if (f[1] == 1 && g[1] == 0) {
                    sum += f[0] > g[0] ? 1 : f[0] == g[0] ? 0.5 : 0;
                    pairs++;
                }
            }
        }
        return sum / pairs;
    }

    /** Each Tokyo day: cards by their highest friction that day; the share of the top k with fraud that day, over k. */
    Map<LocalDate, Double> cardPrecisionAtK(int k) {
        Map<LocalDate, Map<String, double[]>> days = new TreeMap<>();
        for (Sent s : sent) {
            double[] card = days.computeIfAbsent(tokyo(s.at()), d -> new HashMap<>()).computeIfAbsent(s.pan(), p -> new double[] {-1, 0});
            card[0] = Math.max(card[0], friction(s.action()));
            card[1] = Math.max(card[1], s.fraud() ? 1 : 0);
        }
        Map<LocalDate, Double> out = new TreeMap<>();
        days.forEach((day, cards) -> {
            List<double[]> ranked = cards.values().stream().sorted((a, b) -> Double.compare(b[0], a[0])).toList();
            out.put(day, ranked.stream().limit(k).filter(c -> c[1] == 1).count() / (double) k);
        });
        return out;
    }

    /**
     * Whether the k-th and (k+1)-th cards of a day tie on score with different labels: the server
     * breaks ties by card fingerprint, which the test cannot compute, so such a day is not compared.
     */
    boolean hasTiesAtTheCut(LocalDate day, int k) {
        Map<String, double[]> cards = new HashMap<>();
        for (Sent s : sent) {
            if (tokyo(s.at()).equals(day)) {
                double[] card = cards.computeIfAbsent(s.pan(), p -> new double[] {-1, 0});
                card[0] = Math.max(card[0], friction(s.action()));
                card[1] = Math.max(card[1], s.fraud() ? 1 : 0);
            }
        }
        List<double[]> ranked = cards.values().stream().sorted((a, b) -> Double.compare(b[0], a[0])).toList();
        if (ranked.size() <= k) {
            return false;
        }
        double cut = ranked.get(k - 1)[0];
        if (ranked.get(k)[0] != cut) {
            return false; // the tie, if any, is wholly inside the top k
        }
        Set<Double> labelsAtCut = new HashSet<>();
        for (double[] c : ranked) {
            if (c[0] == cut) {
                labelsAtCut.add(c[1]);
            }
        }
        return labelsAtCut.size() > 1;
    }
}
