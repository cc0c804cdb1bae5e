package dev.mamori.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Pan;
import dev.mamori.risk.HostTestSupport.Issuer;
import dev.mamori.risk.HostTestSupport.Req;
import dev.mamori.risk.lists.ListKind;
import dev.mamori.risk.lists.ListType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the decision log holds: no card numbers, fired rules as they were, latency, and one row per message. */
class DecisionLogTest {

    /** Every text value of every row of every table in the schema, as "table.column=value". */
    private static List<String> everyValue(Issuer issuer) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = issuer.db.getConnection(); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select table_name from information_schema.tables where table_schema = 'risk'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("decisions", "card_accounts", "alerts", "card_testing_blocks", "list_entries");
            for (String table : tables) {
                try (ResultSet rs = st.executeQuery("select * from risk.\"" + table + "\"")) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            Object value = rs.getObject(i);
                            if (value != null) {
                                values.add(table + "." + meta.getColumnName(i) + "=" + value);
                            }
                        }
                    }
                }
            }
        }
        return values;
    }

    @Test
    void noDecisionOrOtherRowHoldsACardNumber() throws Exception {
        Issuer issuer = new Issuer();
        issuer.activeRules("rule \"big\" when amount > 50000 then decline \"big\" code 61\n"
                + "rule \"look\" shadow when amount > 10 then review \"look\"");
        CardAccount card = issuer.openNew(100_000);
        String pan = issuer.pans.get(0);
        issuer.module.lists().add(issuer.tenant, ListKind.CARD_FINGERPRINT, ListType.ALLOW, card.fingerprint(), "analyst", "vip", null,
                "tester");
        Req approved = issuer.request(pan).code(HostTestSupport.RIGHT_CODE).device("dev-1").ip("192.0.2.1").email("a@example.jp")
                .address("東京都新宿区西新宿2-8-1").threeDs("05", issuer.authenticationValue(pan, 1_000, "05"), "Y");
        issuer.decide(approved);
        issuer.decide(approved); // duplicate
        issuer.decide(issuer.request(pan).amount(60_000));
        issuer.decide(issuer.request(pan).expiry(YearMonth.of(2029, 1)));
        issuer.decide(issuer.request(issuer.newPan())); // unknown card
        issuer.decide(issuer.request(pan).amount(5_000).reversalOf(approved.stan, approved.rrn));
        issuer.host().reverse(issuer.logged(issuer.decide(issuer.request(pan))), issuer.clock.instant(), "json");
        for (int i = 0; i < 3; i++) {
            issuer.decide(issuer.request(pan).code(HostTestSupport.WRONG_CODE)); // guessing: block, at-risk, alert
        }
        for (int i = 0; i < 5; i++) {
            issuer.openNew(100_000);
            issuer.decide(issuer.request(issuer.pans.get(issuer.pans.size() - 1)).device("dev-tester").amount(100));
        }
        issuer.clock.advance(Duration.ofMinutes(1));
        assertThat(issuer.module.decisionLog().alerts(issuer.tenant, 10)).hasSize(2);

        List<String> values = everyValue(issuer);
        assertThat(values).filteredOn(v -> v.startsWith("decisions.")).hasSizeGreaterThan(100);
        for (String testPan : issuer.pans) {
            // The body (all but the check digit) also catches a number stored without its check digit.
            String body = testPan.substring(0, testPan.length() - 1);
            assertThat(values).as("no column holds the card number").noneMatch(v -> v.contains(body));
        }
        // The log does show what it may: BIN and last four.
        assertThat(values).contains("decisions.bin=" + Pan.of(pan).bin(), "decisions.last4=" + Pan.of(pan).last4());
    }

    @Test
    void firedRulesRoundTripThroughTheLogWhateverTheirNames() throws Exception {
        Issuer issuer = new Issuer();
        issuer.openNew(1_000_000);
        String pan = issuer.pans.get(0);
        int version = issuer.activeRules("""
                rule "a|b;c" when amount > 100 then review "pipes-and-semicolons"
                rule "海外の高額決済 | 東京;大阪" when amount > 100 then review "japanese"
                rule "100% + more = \\"odd\\"" when amount > 100 then review "odd"
                rule "shadow|;名前" shadow when amount > 100 then decline "shadowed" code 59
                """);
        Req req = issuer.request(pan).amount(2_000);
        Decision decision = issuer.decide(req);
        List<FiredRule> expected = List.of(
                new FiredRule("a|b;c", version, Action.REVIEW, "pipes-and-semicolons", false),
                new FiredRule("海外の高額決済 | 東京;大阪", version, Action.REVIEW, "japanese", false),
                new FiredRule("100% + more = \"odd\"", version, Action.REVIEW, "odd", false),
                new FiredRule("shadow|;名前", version, Action.DECLINE, "shadowed", true));
        assertThat(decision.firedRules()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(decision.responseCode()).isEqualTo(ResponseCode.APPROVED);
        LoggedDecision row = issuer.logged(decision);
        assertThat(FiredRules.parse(row.firedRules())).isEqualTo(decision.firedRules());
        assertThat(row.firedRules()).doesNotContain("海外");
        assertThat(issuer.decide(req).firedRules()).as("as a duplicate answers it").isEqualTo(decision.firedRules());
    }

    /**
     * Shadow rules whose fired list is longer than the log's column and would be cut inside the
     * "shadow" flag of one rule: {@code pad} lengthens the first name until the cut lands there.
     */
    private static String manyRules(int pad, List<FiredRule> expected) {
        StringBuilder rules = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            String name = (i == 0 ? "x".repeat(pad) : "") + "確認規則" + i;
            rules.append("rule \"").append(name).append("\" shadow when amount > 100 then review \"many\"\n");
            expected.add(new FiredRule(name, 1, Action.REVIEW, "many", true));
        }
        return rules.toString();
    }

    @Test
    void aDecisionFiringMoreRulesThanTheColumnHoldsStillAnswersItsDuplicates() {
        int pad = 0;
        List<FiredRule> expected = new ArrayList<>();
        for (; pad < 80; pad++) {
            expected.clear();
            manyRules(pad, expected);
            String text = FiredRules.format(expected);
            // What a 4,000-character column keeps of this list would end in "|sha".
            if (text.length() > 4_000 && text.substring(0, 4_000).endsWith("|sha")) {
                break;
            }
        }
        assertThat(pad).as("a name length that puts the column's end inside a flag").isLessThan(80);
        Issuer issuer = new Issuer();
        issuer.openNew(1_000_000);
        expected.clear();
        issuer.activeRules(manyRules(pad, expected));
        Req req = issuer.request(issuer.pans.get(0)).amount(2_000);
        Decision decision = issuer.decide(req);
        assertThat(decision.firedRules()).isEqualTo(expected);

        Decision duplicate = issuer.decide(req);
        assertThat(duplicate.duplicate()).isTrue();
        assertThat(duplicate.id()).isEqualTo(decision.id());
        assertThat(duplicate.firedRules()).as("whole rules, each as it fired").isNotEmpty().isSubsetOf(expected);
        assertThat(FiredRules.parse(issuer.logged(decision).firedRules())).isEqualTo(duplicate.firedRules());
        assertThat(issuer.logged(decision).firedRules().length()).isLessThanOrEqualTo(4_000);
        assertThat(issuer.module.decisionLog().search(issuer.tenant, DecisionLog.Query.ALL, 10)).hasSize(1);
    }

    @Test
    void latencyIsRecordedWithTheDecision() {
        Issuer issuer = new Issuer(engine -> (in, out) -> {
            engine.compute(in, out);
            try {
                Thread.sleep(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        issuer.policy(ScoringFallback.DECLINE, 1_000_000);
        issuer.openNew(1_000_000);
        Decision decision = issuer.decide(issuer.request(issuer.pans.get(0)));
        assertThat(decision.fallback()).isNull();
        assertThat(decision.latencyMicros()).isGreaterThanOrEqualTo(3_000).isLessThan(10_000_000);
        assertThat(issuer.logged(decision).latencyMicros()).isEqualTo(decision.latencyMicros());
    }

    @Test
    void aRepeatedMessageGetsTheFirstDecisionMarkedDuplicate() {
        Issuer issuer = new Issuer();
        CardAccount card = issuer.openNew(100_000);
        String pan = issuer.pans.get(0);
        Req req = issuer.request(pan).amount(30_000);
        Decision first = issuer.decide(req);
        assertThat(first.duplicate()).isFalse();
        Decision again = issuer.decide(req);
        assertThat(again.duplicate()).isTrue();
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.approvalCode()).isEqualTo(first.approvalCode());
        assertThat(again.responseCode()).isEqualTo(first.responseCode());
        assertThat(issuer.account(card).heldMinor()).as("held once").isEqualTo(30_000);
        assertThat(issuer.module.decisionLog().timeline(issuer.tenant, card.id(), 10)).hasSize(1);

        Decision otherTerminal = issuer.decide(issuer.request(pan).stan(req.stan).rrn(req.rrn).terminal("T0000002").amount(10_000));
        assertThat(otherTerminal.duplicate()).as("same STAN and RRN at another terminal").isFalse();
        assertThat(issuer.account(card).heldMinor()).isEqualTo(40_000);

        Req declined = issuer.request(pan).amount(90_000);
        Decision no = issuer.decide(declined);
        assertThat(no.responseCode()).isEqualTo(ResponseCode.INSUFFICIENT_FUNDS);
        issuer.decide(issuer.request(pan).amount(30_000).reversalOf(req.stan, req.rrn)); // frees 30,000: now 90,000 would fit
        Decision noAgain = issuer.decide(declined);
        assertThat(noAgain.duplicate()).isTrue();
        assertThat(noAgain.responseCode()).as("a repeat is answered, not decided again").isEqualTo(ResponseCode.INSUFFICIENT_FUNDS);
        assertThat(issuer.account(card).heldMinor()).isEqualTo(10_000);
    }
}
