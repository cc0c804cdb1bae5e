package dev.mamori.risk.simulate;

import dev.mamori.common.InsecurePanAccess;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.Year;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code --setup}: prepares an issuer tenant for simulated traffic through its own API. A BIN
 * route (a random 9-digit Visa prefix drawn from the seed; the next one when another tenant holds
 * it), one card account per simulated cardholder (no card verification key: the simulator cannot
 * know CVKs, so the CVC2 it sends is recorded as unchecked), the {@link #STARTER_RULES} saved and
 * activated, and one spelling of a reshipping drop address on the block list. Repeating it is
 * harmless: existing routes, cards and list entries are kept.
 */
final class Setup {
    /** The starter rule set: each rule names the scenario it is meant for. */
    static final String STARTER_RULES = """
            # Starter rules written by ./mamori simulate --setup (docs/rules.md).
            # Amounts are yen. Counting windows see the simulator's compressed time (README: Simulate traffic).
            # Card-level rules apply to EC only: a chip or contactless payment at a till is the cardholder.

            # Velocity on high-risk goods: a card that has appeared on a second device, buying again.
            rule "high-risk velocity"
            when channel = "ec" and merchant.highRisk and card.distinct(device, 24h) >= 2 and card.count(1h) >= 2 and amount >= 10000
            then decline "high-risk-velocity" code 65

            # Phished numbers: high-risk goods from a device or e-mail the card has not used before.
            rule "new device on high-risk goods"
            when channel = "ec" and merchant.highRisk and card.newDevice and card.count(7d) >= 3 and amount >= 15000
            then challenge "new-device-high-risk"

            rule "new e-mail on high-risk goods"
            when channel = "ec" and merchant.highRisk and card.distinct(email, 24h) >= 2 and amount >= 10000
            then challenge "new-email-high-risk"

            rule "high-risk goods abroad"
            when crossBorder and merchant.highRisk and channel = "ec" and amount >= 30000
            then challenge "high-risk-abroad"

            # Account takeover: a new device and a new delivery address together, then more of the same.
            rule "new device and new delivery address"
            when channel = "ec" and card.newDevice and card.newAddress and card.count(7d) >= 3
            then decline "new-device-new-address" code 59

            rule "second device and second address"
            when channel = "ec" and card.distinct(device, 24h) >= 2 and card.distinct(address, 24h) >= 2 and amount >= 10000
            then decline "device-and-address-changed" code 59

            # Reshipping: one delivery address (however it is spelled) used by several cards.
            rule "shared delivery address"
            when address.distinct(card, 24h) >= 2
            then decline "shared-delivery-address" code 59
            """;

    private final ApiClient api;
    private final PrintStream out;

    Setup(ApiClient api, PrintStream out) {
        this.api = api;
        this.out = out;
    }

    SimulationState run(String tenant, SimulationOptions options, Merchants merchants) throws IOException, SetupException {
        int baseYear = Year.now(ZoneId.of("Asia/Tokyo")).getValue();
        String prefix = binRoute(tenant, options.seed);
        Population population = Population.generate(options.seed, prefix, options.cards, baseYear, merchants);
        openCards(population);
        Map<Integer, String> phones = options.threeDs ? enrolPhones(population) : Map.of();
        Integer ruleVersion = options.rules ? rules() : null;
        Long entry = options.blockList ? blockDropAddress(options.seed) : null;
        return new SimulationState(tenant, options.seed, prefix, options.cards, baseYear, ruleVersion, entry, Instant.now(), phones);
    }

    /**
     * Enrols every card for the ACS's challenge with an authenticator app: the simulated
     * cardholder's phone. The server shows each new secret once (an otpauth URI); it goes to the
     * state file. Enrolling again makes a new secret, so a repeated set-up replaces the old phones.
     */
    private Map<Integer, String> enrolPhones(Population population) throws IOException, SetupException {
        Map<Integer, String> phones = new java.util.HashMap<>();
        for (Cardholder c : population.cardholders) {
            ApiClient.Reply reply = api.post("/v1/threeds/acs/enrolments",
                    "{\"pan\":\"" + c.pan.reveal(InsecurePanAccess.get()) + "\",\"totp\":true}");
            if (!reply.ok()) {
                throw new SetupException("POST /v1/threeds/acs/enrolments", reply, "the key needs the issuer or admin role");
            }
            String uri = Json.string(Json.object(reply.json()), "totpUri");
            if (uri == null) {
                throw new SetupException("POST /v1/threeds/acs/enrolments gave no authenticator secret");
            }
            try {
                phones.put(c.index, SimulatedPhone.secretOf(uri));
            } catch (IllegalArgumentException e) {
                throw new SetupException("POST /v1/threeds/acs/enrolments: " + e.getMessage());
            }
        }
        out.println("  3-D Secure     " + phones.size() + " cards enrolled for the challenge with an authenticator app"
                + " (the simulated phones' secrets go to the state file)");
        return phones;
    }

    private String binRoute(String tenant, long seed) throws IOException, SetupException {
        SplittableRandom random = new SplittableRandom(seed ^ 0x6d616d6f72692d62L); // "mamori-b"
        for (int attempt = 0; attempt < 20; attempt++) {
            String prefix = "4" + String.format("%08d", random.nextInt(100_000_000));
            ApiClient.Reply reply = api.post("/v1/risk/bin-routes", "{\"prefix\":\"" + prefix + "\"}");
            if (reply.status() == 201) {
                out.println("  BIN route      " + prefix + " -> tenant " + tenant + " (created)");
                return prefix;
            }
            if (reply.status() == 409) {
                ApiClient.Reply mine = api.get("/v1/risk/bin-routes");
                if (mine.ok() && Json.array(mine.json()).stream().anyMatch(r -> prefix.equals(Json.string(Json.object(r), "prefix")))) {
                    out.println("  BIN route      " + prefix + " -> tenant " + tenant + " (already there)");
                    return prefix;
                }
                continue; // another tenant's: draw the next prefix
            }
            throw new SetupException("POST /v1/risk/bin-routes", reply, "the key needs the admin role");
        }
        throw new SetupException("no free BIN prefix after 20 attempts");
    }

    private void openCards(Population population) throws IOException, SetupException {
        int created = 0;
        int existing = 0;
        long total = 0;
        for (Cardholder c : population.cardholders) {
            String body = "{\"pan\":\"" + c.pan.reveal(InsecurePanAccess.get()) + "\",\"expiryMonth\":" + c.expiry.getMonthValue()
                    + ",\"expiryYear\":" + c.expiry.getYear() + ",\"serviceCode\":\"201\",\"currency\":\"JPY\",\"creditLimit\":"
                    + c.creditLimit + "}";
            ApiClient.Reply reply = api.post("/v1/cards", body);
            if (reply.status() == 201) {
                created++;
            } else if (reply.status() == 409) {
                existing++;
            } else {
                throw new SetupException("POST /v1/cards", reply, "the key needs the issuer or admin role");
            }
            total += c.creditLimit;
        }
        out.println("  card accounts  " + created + " opened, " + existing + " already open; limits 300,000 to 1,500,000 JPY"
                + " (total " + String.format("%,d", total) + "); no CVK, so CVC2 is recorded as unchecked");
    }

    private Integer rules() throws IOException, SetupException {
        StringBuilder body = new StringBuilder("{\"source\":");
        Json.quote(body, STARTER_RULES);
        body.append(",\"note\":\"starter rules from ./mamori simulate --setup\"}");
        ApiClient.Reply saved = api.post("/v1/rules", body.toString());
        if (saved.status() != 201) {
            throw new SetupException("POST /v1/rules", saved, "the key needs the analyst or admin role");
        }
        int version = (int) Json.number(Json.object(saved.json()), "version", -1);
        // Activation asks for a backtest of the version first (over the last day: usually no traffic yet).
        java.time.Instant now = java.time.Instant.now();
        ApiClient.Reply backtested = api.post("/v1/risk/backtests", "{\"candidate\":{\"ruleVersion\":" + version + "},\"from\":\""
                + now.minus(java.time.Duration.ofDays(1)) + "\",\"to\":\"" + now + "\"}");
        if (backtested.status() != 201) {
            throw new SetupException("POST /v1/risk/backtests", backtested, "the key needs the analyst or admin role");
        }
        ApiClient.Reply activated = api.post("/v1/rules/" + version + "/activate", "");
        if (!activated.ok()) {
            throw new SetupException("POST /v1/rules/" + version + "/activate", activated, "the key needs the admin role");
        }
        long count = STARTER_RULES.lines().filter(l -> l.startsWith("rule ")).count();
        out.println("  rule set       version " + version + " active: " + count + " starter rules (velocity on high-risk goods,"
                + " new device/e-mail, abroad, account takeover, shared delivery address)");
        return version;
    }

    private Long blockDropAddress(long seed) throws IOException, SetupException {
        String spelling = TrafficGenerator.dropAddresses(seed).get(0).spellings().get(1);
        StringBuilder body = new StringBuilder("{\"kind\":\"delivery-address\",\"list\":\"block\",\"value\":");
        Json.quote(body, spelling);
        body.append(",\"source\":\"simulate\",\"reason\":\"reshipping drop address (simulated)\"}");
        ApiClient.Reply reply = api.post("/v1/lists", body.toString());
        if (reply.status() == 409) {
            out.println("  block list     delivery address " + spelling + " (already there)");
            return null;
        }
        if (reply.status() != 201) {
            throw new SetupException("POST /v1/lists", reply, "the key needs the analyst or admin role");
        }
        Map<String, Object> entry = Json.object(reply.json());
        out.println("  block list     delivery address " + spelling + " (entry " + Json.number(entry, "id", -1)
                + "; its other spellings match too)");
        return Json.number(entry, "id", -1);
    }

    /** Set-up could not finish; the message names the call and the server's answer. */
    static final class SetupException extends Exception {
        SetupException(String message) {
            super(message);
        }

        SetupException(String call, ApiClient.Reply reply, String hint) {
            super(call + " answered " + reply.problem() + (reply.status() == 401 || reply.status() == 403 ? " (" + hint + ")" : ""));
        }
    }

    static List<String> ruleNames() {
        return STARTER_RULES.lines().filter(l -> l.startsWith("rule ")).map(l -> l.substring(6, l.length() - 1)).toList();
    }
}
