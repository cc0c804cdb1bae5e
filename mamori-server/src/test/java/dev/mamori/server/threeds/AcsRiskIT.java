package dev.mamori.server.threeds;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mamori.common.Luhn;
import dev.mamori.common.Pan;
import dev.mamori.common.Role;
import dev.mamori.common.TenantId;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import dev.mamori.server.Tenants.TestTenant;
import dev.mamori.threeds.AuthenticatedPayment;
import dev.mamori.threeds.AuthenticationContext;
import dev.mamori.threeds.AuthenticationRiskDecider;
import dev.mamori.threeds.AuthenticationValueIssuer;
import dev.mamori.threeds.DeviceChannel;
import dev.mamori.threeds.MessageCategory;
import dev.mamori.threeds.RiskDecision;
import dev.mamori.threeds.TransStatus;
import dev.mamori.threeds.risk.IssuerRiskSignals;
import dev.mamori.threeds.risk.IssuerRiskSignals.CardState;
import dev.mamori.threeds.risk.IssuerRiskSignals.ListHit;
import dev.mamori.vault.Vault;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The ACS's risk decision in the running server: the ACS policy API (roles, validation, audit), the
 * issuer's signals from real cards, decisions, lists and labels made through the API, the decider
 * bean the ACS uses, and the 3-D Secure figures.
 */
class AcsRiskIT extends IntegrationTest {
    static final int NEXT_YEAR = Year.now().getValue() + 1;
    static final String POLICY = "/v1/threeds/acs/policy";
    static final String VALID = "{\"frictionlessBelow\":250,\"refuseAt\":800,\"lowValueLimits\":{\"JPY\":5000,\"EUR\":3000},"
            + "\"lowValueMaxConsecutive\":3,\"traBelow\":120,\"traLimits\":{\"JPY\":20000},\"maxChallengesPerDay\":4,"
            + "\"nonPaymentSupported\":true,\"threeRiSupported\":false,\"honourRequestorExemptions\":true,\"confidenceReasons\":true}";

    @Autowired
    AuthenticationValueIssuer values;
    @Autowired
    IssuerRiskSignals signals;
    @Autowired
    AuthenticationRiskDecider decider;
    @Autowired
    Vault vault;

    TestTenant tenant;
    String prefix;
    int serial;

    @BeforeEach
    void issuer() {
        AcsRiskITSupport.ensureAcsTransactions(jdbc);
        tenant = Tenants.create(api, "acs-risk-" + UUID.randomUUID());
        prefix = "4" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        Api.Reply route = api.post("/v1/risk/bin-routes", "{\"prefix\":\"" + prefix + "\"}", withKey(tenant.adminKey()));
        assertThat(route.status()).as(route.toString()).isEqualTo(201);
        Api.Reply budget = api.put("/v1/risk/policy", "{\"scoringFallback\":\"rules-only\",\"scoringBudgetMicros\":1000000,"
                + "\"issuerCountry\":\"JP\"}", withKey(tenant.adminKey()));
        assertThat(budget.status()).as(budget.toString()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- policy API

    @Test
    void policyStartsAtTheDefaultsAndIsReplacedWholeAndAudited() {
        Api.Reply initial = api.get(POLICY, withKey(tenant.adminKey()));
        assertThat(initial.status()).as(initial.toString()).isEqualTo(200);
        assertThat(initial.json().get("frictionlessBelow").asInt()).isEqualTo(300);
        assertThat(initial.json().get("lowValueLimits").get("JPY").asLong()).isEqualTo(3000);

        Api.Reply saved = api.put(POLICY, VALID, withKey(tenant.adminKey()));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        JsonNode read = api.get(POLICY, withKey(tenant.adminKey())).json();
        assertThat(read.get("frictionlessBelow").asInt()).isEqualTo(250);
        assertThat(read.get("lowValueLimits").get("EUR").asLong()).isEqualTo(3000);
        assertThat(read.get("threeRiSupported").asBoolean()).isFalse();
        assertThat(jdbc.sql("select count(*) from platform.audit_events where tenant_id = ? and event_type = 'threeds.acs-policy-changed'")
                .param(UUID.fromString(tenant.id())).query(Long.class).single()).isEqualTo(1);

        // Another tenant still has the defaults.
        TestTenant other = Tenants.create(api, "acs-risk-other-" + UUID.randomUUID());
        assertThat(api.get(POLICY, withKey(other.adminKey())).json().get("frictionlessBelow").asInt()).isEqualTo(300);
    }

    @Test
    void badPoliciesNameTheFieldAndRuleAndChangeNothing() {
        assertThat(api.put(POLICY, VALID, withKey(tenant.adminKey())).status()).isEqualTo(200);
        expectViolation(VALID.replace("\"refuseAt\":800", "\"refuseAt\":200"), "refuseAt", "not-below-frictionless");
        expectViolation(VALID.replace("\"frictionlessBelow\":250", "\"frictionlessBelow\":-1"), "frictionlessBelow", "range");
        expectViolation(VALID.replace("\"EUR\":3000", "\"XYZ\":3000"), "lowValueLimits", "currency");
        expectViolation(VALID.replace("\"JPY\":20000", "\"JPY\":-5"), "traLimits.JPY", "range");
        expectViolation(VALID.replace("\"maxChallengesPerDay\":4,", ""), "maxChallengesPerDay", "required");
        expectViolation(VALID.replace("\"traBelow\":120", "\"traBelow\":900"), "traBelow", "not-above-refuse");

        Api.Reply malformed = api.put(POLICY, "{\"frictionlessBelow\":", withKey(tenant.adminKey()));
        assertThat(malformed.status()).as(malformed.toString()).isEqualTo(400);
        Api.Reply wrongType = api.put(POLICY, VALID.replace("\"refuseAt\":800", "\"refuseAt\":\"high\""), withKey(tenant.adminKey()));
        assertThat(wrongType.status()).as(wrongType.toString()).isEqualTo(400);
        assertThat(wrongType.body()).contains("refuseAt");

        JsonNode unchanged = api.get(POLICY, withKey(tenant.adminKey())).json();
        assertThat(unchanged.get("refuseAt").asInt()).isEqualTo(800);
        assertThat(unchanged.get("lowValueLimits").size()).isEqualTo(2);
        assertThat(unchanged.get("traLimits").get("JPY").asLong()).isEqualTo(20000);
    }

    private void expectViolation(String body, String field, String rule) {
        Api.Reply reply = api.put(POLICY, body, withKey(tenant.adminKey()));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertThat(reply.json().get("errors").get(0).get("rule").asString()).isEqualTo(rule);
    }

    @Test
    void onlyAdminsChangeThePolicyAndTheIssuersStaffReadIt() {
        for (Role role : List.of(Role.ISSUER, Role.ANALYST, Role.AUDITOR, Role.MERCHANT, Role.PSP, Role.ACQUIRER)) {
            assertThat(api.put(POLICY, VALID, withKey(tenant.key(role))).status()).as("PUT as %s", role).isEqualTo(403);
        }
        for (Role role : List.of(Role.ISSUER, Role.ANALYST, Role.AUDITOR)) {
            assertThat(api.get(POLICY, withKey(tenant.key(role))).status()).as("GET as %s", role).isEqualTo(200);
        }
        assertThat(api.get(POLICY, withKey(tenant.key(Role.MERCHANT))).status()).isEqualTo(403);
        assertThat(api.get(POLICY).status()).isEqualTo(401);
        assertThat(api.get(POLICY, withKey(tenant.adminKey())).json().get("frictionlessBelow").asInt()).isEqualTo(300);
    }

    // ---------------------------------------------------------------- the issuer's signals

    String newPan() {
        serial++;
        String body = prefix + String.format("%06d", serial * 7919 % 1_000_000);
        return body + Luhn.checkDigit(body);
    }

    String open(String pan) {
        Api.Reply opened = api.post("/v1/cards", "{\"pan\":\"" + pan + "\",\"expiryMonth\":12,\"expiryYear\":" + NEXT_YEAR
                + ",\"currency\":\"JPY\",\"creditLimit\":1000000}", withKey(tenant.key(Role.ISSUER)));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        return opened.json().get("id").asString();
    }

    Api.Reply authorize(String pan, long amount, String ec) {
        Api.Reply reply = api.post("/v1/authorizations", "{\"pan\":\"" + pan + "\",\"expiryMonth\":12,\"expiryYear\":" + NEXT_YEAR
                + ",\"amount\":" + amount + ",\"currency\":\"JPY\",\"merchant\":{\"id\":\"SHOP001\",\"terminalId\":\"T0000001\","
                + "\"mcc\":\"5411\",\"country\":\"JP\"}" + (ec == null ? "" : ",\"ec\":" + ec) + "}", withKey(tenant.key(Role.ISSUER)));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply;
    }

    /** The {@code ec} object of an authorization with a value the issuer's ACS would have issued for it. */
    String threeDs(String pan, long amount, String eci, String transStatus) {
        String value = values.issue(new AuthenticatedPayment(TenantId.parse(tenant.id()), Pan.of(pan), amount, Currency.getInstance("JPY"),
                "SHOP001", UUID.randomUUID().toString(), eci, null, Instant.now()));
        return "{\"threeDs\":{\"eci\":\"" + eci + "\",\"authenticationValue\":\"" + value + "\",\"transStatus\":\"" + transStatus + "\"}}";
    }

    AuthenticationContext areq(String pan, long amount, Map<String, String> extra) {
        TenantId issuer = TenantId.parse(tenant.id());
        Pan card = Pan.of(pan);
        String fingerprint = vault.fingerprint(issuer, card);
        Map<String, String> signals = new HashMap<>();
        signals.put("browserUserAgent", "Mozilla/5.0 (IT)");
        signals.put("browserLanguage", "ja-JP");
        signals.put("browserTZ", "-540");
        signals.put("browserIP", "192.0.2.10");
        signals.put("email", "taro@example.jp");
        signals.putAll(extra);
        return new AuthenticationContext(issuer, card, fingerprint, UUID.randomUUID().toString(), "2.2.0", DeviceChannel.BROWSER,
                MessageCategory.PAYMENT, amount, Currency.getInstance("JPY"), "SHOP001", "Shop", "5411", "392", "01", null, signals,
                Instant.now());
    }

    @Test
    void signalsComeFromTheCardsAuthorizationsListsAndLabels() {
        String pan = newPan();
        String id = open(pan);
        List<String> approved = new java.util.ArrayList<>();
        for (long amount : new long[] {2_000, 3_000, 4_000}) {
            approved.add(authorize(pan, amount, null).json().get("id").asString());
        }
        authorize(pan, 5_000_000, null); // over the limit: declined

        IssuerRiskSignals.IssuerFacts facts = signals.facts(areq(pan, 3_000, Map.of()));
        assertThat(facts.card()).isEqualTo(CardState.ACTIVE);
        assertThat(facts.expiry().getYear()).isEqualTo(NEXT_YEAR);
        assertThat(facts.authorizations1h()).isEqualTo(4);
        assertThat(facts.declines24h()).isEqualTo(1);
        assertThat(facts.usualAmountMinor()).isEqualTo(3_000);
        assertThat(facts.usualCurrency()).isEqualTo("JPY");
        assertThat(facts.fraudLabels()).isZero();
        assertThat(facts.blockHits()).isEmpty();

        Api.Reply labelled = api.post("/v1/risk/labels", "{\"authorizationIds\":[\"" + approved.get(0) + "\"],\"fraud\":true}",
                withKey(tenant.key(Role.ANALYST)));
        assertThat(labelled.status()).as(labelled.toString()).isEqualTo(201);
        addListEntry("ip", "block", "192.0.2.0/24");
        addListEntry("email", "allow", "taro@example.jp");
        IssuerRiskSignals.IssuerFacts after = signals.facts(areq(pan, 3_000, Map.of()));
        assertThat(after.fraudLabels()).isEqualTo(1);
        assertThat(after.blockHits()).containsExactly(ListHit.IP);
        assertThat(after.allowHits()).containsExactly(ListHit.EMAIL);

        RiskDecision decision = decider.decide(areq(pan, 3_000, Map.of()));
        assertThat(decision.status()).isEqualTo(TransStatus.N);
        assertThat(decision.transStatusReason()).isEqualTo("11");
        assertThat(decision.reasons()).containsExactly("blocklist-ip");
        RiskDecision elsewhere = decider.decide(areq(pan, 3_000, Map.of("browserIP", "198.51.100.7")));
        assertThat(elsewhere.reasons()).contains("card-fraud-labelled");
        assertThat(id).isNotBlank();
    }

    private void addListEntry(String kind, String list, String value) {
        Api.Reply added = api.post("/v1/lists", "{\"kind\":\"" + kind + "\",\"list\":\"" + list + "\",\"value\":\"" + value
                + "\",\"reason\":\"test\"}", withKey(tenant.key(Role.ANALYST)));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
    }

    @Test
    void stolenBlockedAndUnknownCardsAreRefusedByTheDeciderTheAcsUses() {
        String stolen = newPan();
        String stolenId = open(stolen);
        Api.Reply changed = api.send("PATCH", "/v1/cards/" + stolenId, "{\"status\":\"stolen\"}", withKey(tenant.key(Role.ANALYST)));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        RiskDecision d = decider.decide(areq(stolen, 3_000, Map.of()));
        assertThat(d.status()).isEqualTo(TransStatus.R);
        assertThat(d.transStatusReason()).isEqualTo("10");

        String blocked = newPan();
        String blockedId = open(blocked);
        assertThat(api.send("PATCH", "/v1/cards/" + blockedId, "{\"status\":\"blocked\"}", withKey(tenant.key(Role.ANALYST))).status())
                .isEqualTo(200);
        assertThat(decider.decide(areq(blocked, 3_000, Map.of())).transStatusReason()).isEqualTo("12");

        RiskDecision unknown = decider.decide(areq(newPan(), 3_000, Map.of()));
        assertThat(unknown.status()).isEqualTo(TransStatus.N);
        assertThat(unknown.transStatusReason()).isEqualTo("08");

        String fine = newPan();
        open(fine);
        RiskDecision frictionless = decider.decide(areq(fine, 3_000, Map.of()));
        assertThat(frictionless.status()).isEqualTo(TransStatus.Y);
    }

    @Test
    void thePolicySavedThroughTheApiDrivesTheDecision() {
        String pan = newPan();
        open(pan);
        // A challenge needs a way to reach the cardholder: the card is enrolled for e-mail OTPs.
        assertThat(api.post("/v1/threeds/acs/enrolments", "{\"pan\":\"" + pan + "\",\"email\":\"holder@example.jp\"}",
                withKey(tenant.key(Role.ISSUER))).status()).isEqualTo(201);
        assertThat(api.put(POLICY, VALID.replace("\"frictionlessBelow\":250", "\"frictionlessBelow\":0")
                .replace("\"traBelow\":120", "\"traBelow\":0").replace("\"JPY\":5000", "\"JPY\":0"), withKey(tenant.adminKey())).status())
                .isEqualTo(200);
        assertThat(decider.decide(areq(pan, 3_000, Map.of())).status()).isEqualTo(TransStatus.C);
    }

    // ---------------------------------------------------------------- figures

    @Test
    void statsCountTheAcsTransactionsAndTheFraudByOutcome() {
        Instant now = Instant.now();
        Instant t = now.minus(Duration.ofMinutes(30));
        AcsRiskITSupport.acsTransaction(jdbc, tenant.id(), "02", "Y", "Y", "frictionless", "NONE", t);
        AcsRiskITSupport.acsTransaction(jdbc, tenant.id(), "02", "Y", "Y", "frictionless", "LOW_VALUE", t);
        AcsRiskITSupport.acsTransaction(jdbc, tenant.id(), "02", "C", "Y", "completed", "NONE", t);
        AcsRiskITSupport.acsTransaction(jdbc, tenant.id(), "01", "C", "U", "timed-out", "NONE", t);
        AcsRiskITSupport.acsTransaction(jdbc, tenant.id(), "02", "N", "N", "rejected", "NONE", t);
        AcsRiskITSupport.acsTransaction(jdbc, tenant.id(), "02", "Y", "Y", "frictionless", "NONE", now.minus(Duration.ofDays(40)));

        String pan = newPan();
        open(pan);
        // Two payments with values the issuer's ACS issued (verified by the host), one attempt, one claiming
        // ECI 05 without a value (unverified) and one without 3-D Secure.
        String authenticated = authorize(pan, 1_000, threeDs(pan, 1_000, "05", "Y")).json().get("id").asString();
        authorize(pan, 1_000, threeDs(pan, 1_000, "05", "Y"));
        authorize(pan, 1_000, threeDs(pan, 1_000, "06", "A"));
        String claimed = authorize(pan, 1_000, "{\"threeDs\":{\"eci\":\"05\",\"transStatus\":\"Y\"}}").json().get("id").asString();
        String plain = authorize(pan, 1_000, null).json().get("id").asString();
        assertThat(api.post("/v1/risk/labels", "{\"authorizationIds\":[\"" + authenticated + "\",\"" + plain + "\",\"" + claimed
                + "\"],\"fraud\":true}", withKey(tenant.key(Role.ANALYST))).status()).isEqualTo(201);

        Api.Reply reply = api.get("/v1/threeds/stats?from=" + now.minus(Duration.ofDays(1)) + "&to=" + now.plusSeconds(60),
                withKey(tenant.key(Role.AUDITOR)));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode s = reply.json();
        assertThat(s.get("total").get("areqs").asLong()).isEqualTo(5);
        assertThat(s.get("total").get("frictionless").asLong()).isEqualTo(2);
        assertThat(s.get("total").get("frictionlessRate").asDouble()).isCloseTo(0.4, within(1e-9));
        assertThat(s.get("total").get("challengeRate").asDouble()).isCloseTo(0.4, within(1e-9));
        assertThat(s.get("total").get("refusalRate").asDouble()).isCloseTo(0.2, within(1e-9));
        assertThat(s.get("total").get("challengeSuccessRate").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(s.get("total").get("abandonmentRate").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(s.get("exemptions").get("LOW_VALUE").asLong()).isEqualTo(1);
        assertThat(s.get("byChannel").get(0).get("channel").asString()).isEqualTo("app");
        assertThat(s.get("byChannel").get(0).get("challengeAbandoned").asLong()).isEqualTo(1);
        JsonNode fraud = s.get("fraudByOutcome");
        assertThat(fraud.get(0).get("outcome").asString()).isEqualTo("Y");
        assertThat(fraud.get(0).get("authorizations").asLong()).isEqualTo(2);
        assertThat(fraud.get(0).get("fraud").asLong()).isEqualTo(1);
        assertThat(fraud.get(0).get("fraudRate").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(fraud.get(1).get("authorizations").asLong()).isEqualTo(1);
        assertThat(fraud.get(1).get("fraud").asLong()).isZero();
        assertThat(fraud.get(2).get("outcome").asString()).isEqualTo("unverified");
        assertThat(fraud.get(2).get("authorizations").asLong()).isEqualTo(1);
        assertThat(fraud.get(2).get("fraud").asLong()).isEqualTo(1);
        assertThat(fraud.get(3).get("outcome").asString()).isEqualTo("none");
        assertThat(fraud.get(3).get("fraud").asLong()).isEqualTo(1);

        // Another tenant sees none of it.
        TestTenant other = Tenants.create(api, "acs-risk-stats-" + UUID.randomUUID());
        assertThat(api.get("/v1/threeds/stats", withKey(other.key(Role.ISSUER))).json().get("total").get("areqs").asLong()).isZero();
    }

    @Test
    void statsRejectAnUnreadableOrBackwardsPeriodAndUnauthorisedRoles() {
        Api.Reply unreadable = api.get("/v1/threeds/stats?from=yesterday", withKey(tenant.key(Role.ISSUER)));
        assertThat(unreadable.status()).as(unreadable.toString()).isEqualTo(422);
        assertThat(unreadable.json().get("errors").get(0).get("field").asString()).isEqualTo("from");
        Api.Reply backwards = api.get("/v1/threeds/stats?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", withKey(tenant.key(Role.ISSUER)));
        assertThat(backwards.status()).isEqualTo(422);
        assertThat(backwards.json().get("errors").get(0).get("rule").asString()).isEqualTo("before-to");
        Api.Reply tooLong = api.get("/v1/threeds/stats?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", withKey(tenant.key(Role.ISSUER)));
        assertThat(tooLong.json().get("errors").get(0).get("rule").asString()).isEqualTo("max-period");
        assertThat(api.get("/v1/threeds/stats", withKey(tenant.key(Role.MERCHANT))).status()).isEqualTo(403);
        assertThat(api.get("/v1/threeds/stats", withKey(tenant.key(Role.ANALYST))).status()).isEqualTo(200);
    }
}
