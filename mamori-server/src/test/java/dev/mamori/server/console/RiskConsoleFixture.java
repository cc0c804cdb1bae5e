package dev.mamori.server.console;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Luhn;
import dev.mamori.common.Role;
import dev.mamori.server.Api;
import dev.mamori.server.ConsoleClient;
import dev.mamori.server.Tenants;
import dev.mamori.server.Tenants.TestTenant;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An issuer tenant for the console tests: its own random BIN route, cards opened and authorized
 * through the JSON API, rules and list entries, and console users of any role. Remembers every
 * card number it made so a test can check no page shows one.
 */
final class RiskConsoleFixture {
    static final String PASSWORD = "Twelve-chars-or-more-1";
    static final int NEXT_YEAR = Year.now().getValue() + 1;

    final Api api;
    final int port;
    final TestTenant tenant;
    final String prefix;
    final List<String> pans = new ArrayList<>();
    private int serial;

    RiskConsoleFixture(Api api, int port, String name) {
        this.api = api;
        this.port = port;
        this.tenant = Tenants.create(api, name);
        this.prefix = "4" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        Api.Reply route = api.post("/v1/risk/bin-routes", "{\"prefix\":\"" + prefix + "\"}", withKey(tenant.adminKey()));
        assertThat(route.status()).as(route.toString()).isEqualTo(201);
    }

    /** A scoring budget of one second: a busy test machine must not push a decision into the fallback, which skips the model. */
    void generousScoringBudget() {
        Api.Reply policy = api.put("/v1/risk/policy", "{\"scoringFallback\":\"rules-only\",\"scoringBudgetMicros\":1000000,"
                + "\"issuerCountry\":\"JP\"}", withKey(tenant.adminKey()));
        assertThat(policy.status()).as(policy.toString()).isEqualTo(200);
    }

    String newPan() {
        serial++;
        String body = prefix + String.format("%06d", serial * 7919 % 1_000_000);
        String pan = body + Luhn.checkDigit(body);
        pans.add(pan);
        return pan;
    }

    /** Opens an account for a new card; returns {pan, account id}. */
    String[] openCard(long limit) {
        String pan = newPan();
        Api.Reply opened = api.post("/v1/cards", "{\"pan\":\"" + pan + "\",\"expiryMonth\":12,\"expiryYear\":" + NEXT_YEAR
                + ",\"currency\":\"JPY\",\"creditLimit\":" + limit + "}", withKey(tenant.key(Role.ISSUER)));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        return new String[] {pan, opened.json().get("id").asString()};
    }

    /** Sends a JSON authorization; {@code extra} goes inside the object. @return the decision's id */
    Api.Reply authorize(String pan, long amount, String extra) {
        Api.Reply reply = api.post("/v1/authorizations", "{\"pan\":\"" + pan + "\",\"expiryMonth\":12,\"expiryYear\":" + NEXT_YEAR
                + ",\"amount\":" + amount + ",\"currency\":\"JPY\",\"merchant\":{\"id\":\"SHOP001\",\"terminalId\":\"T0000001\","
                + "\"name\":\"Mamori Mart\",\"mcc\":\"5411\",\"country\":\"JP\"}" + extra + "}", withKey(tenant.key(Role.ISSUER)));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply;
    }

    /** Saves a rule set through the API; returns its version. */
    int saveRules(String source) {
        Api.Reply saved = api.post("/v1/rules", "{\"source\":" + json(source) + "}", withKey(tenant.key(Role.ANALYST)));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
        return saved.json().get("version").asInt();
    }

    /** Backtests a saved version over the last day (what activation asks for). */
    void backtest(int version) {
        java.time.Instant now = java.time.Instant.now();
        Api.Reply done = api.post("/v1/risk/backtests", "{\"candidate\":{\"ruleVersion\":" + version + "},\"from\":\""
                + now.minus(java.time.Duration.ofDays(1)) + "\",\"to\":\"" + now.plusSeconds(60) + "\"}", withKey(tenant.adminKey()));
        assertThat(done.status()).as(done.toString()).isEqualTo(201);
    }

    /** Backtests, then activates. */
    void activate(int version) {
        backtest(version);
        Api.Reply done = api.post("/v1/rules/" + version + "/activate", "", withKey(tenant.adminKey()));
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
    }

    long addListEntry(String kind, String list, String value) {
        Api.Reply added = api.post("/v1/lists", "{\"kind\":\"" + kind + "\",\"list\":\"" + list + "\",\"value\":" + json(value)
                + ",\"reason\":\"test\"}", withKey(tenant.key(Role.ANALYST)));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        return added.json().get("id").asLong();
    }

    /** Creates a console user with these roles. */
    void createUser(String username, String... roles) {
        Api.Reply created = api.post("/v1/users", "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\""
                + String.join("\",\"", roles) + "\"]}", withKey(tenant.adminKey()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    /** A console session of a new user with these roles, both factors done. */
    ConsoleClient logIn(String username, String... roles) {
        createUser(username, roles);
        ConsoleClient browser = new ConsoleClient(port);
        browser.password(username, PASSWORD);
        String secret = browser.enrolmentSecret();
        assertThat(ConsoleClient.location(browser.totp(ConsoleLoginIT.currentCode(secret)))).endsWith("/console");
        return browser;
    }

    static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
