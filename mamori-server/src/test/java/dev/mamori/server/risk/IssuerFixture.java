package dev.mamori.server.risk;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Luhn;
import dev.mamori.common.Role;
import dev.mamori.server.Api;
import dev.mamori.server.Tenants;
import dev.mamori.server.Tenants.TestTenant;
import java.time.Year;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;

/** An issuer tenant with its own random BIN route, and helpers to open cards and authorize. */
final class IssuerFixture {
    static final int NEXT_YEAR = Year.now().getValue() + 1;

    final Api api;
    final TestTenant tenant;
    final String prefix;
    private int serial;

    IssuerFixture(Api api, String name) {
        this.api = api;
        this.tenant = Tenants.create(api, name);
        // Nine random digits after a Visa 4: no two test tenants (or reruns on one database) share a route.
        this.prefix = "4" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        Api.Reply route = api.post("/v1/risk/bin-routes", "{\"prefix\":\"" + prefix + "\"}", withKey(tenant.adminKey()));
        assertThat(route.status()).as(route.toString()).isEqualTo(201);
    }

    /**
     * A scoring budget of one second: on a busy test machine a decision must not overrun into the
     * fallback, which decides without the model (tests of scores and reasons need the model's answer).
     */
    void generousScoringBudget() {
        Api.Reply policy = api.put("/v1/risk/policy", "{\"scoringFallback\":\"rules-only\",\"scoringBudgetMicros\":1000000,"
                + "\"issuerCountry\":\"JP\"}", withKey(tenant.adminKey()));
        assertThat(policy.status()).as(policy.toString()).isEqualTo(200);
    }

    /** A new Luhn-valid 16-digit card number under this issuer's prefix. */
    String newPan() {
        serial++;
        String body = prefix + String.format("%06d", serial * 7919 % 1_000_000);
        return body + Luhn.checkDigit(body);
    }

    /** Opens an account and returns its id. */
    String open(String pan, long limit, String cvkName) {
        Api.Reply opened = api.post("/v1/cards", "{\"pan\":\"" + pan + "\",\"expiryMonth\":12,\"expiryYear\":" + NEXT_YEAR
                + ",\"currency\":\"JPY\",\"creditLimit\":" + limit + (cvkName == null ? "" : ",\"cvkName\":\"" + cvkName + "\"") + "}",
                withKey(tenant.key(Role.ISSUER)));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        return opened.json().get("id").asString();
    }

    /** Backtests a saved rule set version over the last day (what activation asks for) and returns the report. */
    JsonNode backtest(int version) {
        java.time.Instant now = java.time.Instant.now();
        Api.Reply done = api.post("/v1/risk/backtests", "{\"candidate\":{\"ruleVersion\":" + version + "},\"from\":\""
                + now.minus(java.time.Duration.ofDays(1)) + "\",\"to\":\"" + now.plusSeconds(60) + "\"}", withKey(tenant.adminKey()));
        assertThat(done.status()).as(done.toString()).isEqualTo(201);
        return done.json();
    }

    /** Backtests, then activates a saved rule set version. */
    void activate(int version) {
        backtest(version);
        Api.Reply done = api.post("/v1/rules/" + version + "/activate", "", withKey(tenant.adminKey()));
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
    }

    JsonNode card(String id) {
        Api.Reply card = api.get("/v1/cards/" + id, withKey(tenant.key(Role.ISSUER)));
        assertThat(card.status()).as(card.toString()).isEqualTo(200);
        return card.json();
    }

    Api.Reply authorize(String json) {
        return api.post("/v1/authorizations", json, withKey(tenant.key(Role.ISSUER)));
    }

    /** A JSON authorization body; {@code extra} is added inside the object (e.g. {@code ,"stan":"1"}). */
    static String request(String pan, long amount, String extra) {
        return "{\"pan\":\"" + pan + "\",\"expiryMonth\":12,\"expiryYear\":" + NEXT_YEAR + ",\"amount\":" + amount
                + ",\"currency\":\"JPY\",\"merchant\":{\"id\":\"SHOP001\",\"terminalId\":\"T0000001\",\"mcc\":\"5411\",\"country\":\"JP\"}"
                + extra + "}";
    }
}
