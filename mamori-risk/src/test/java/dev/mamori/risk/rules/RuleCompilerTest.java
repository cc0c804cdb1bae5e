package dev.mamori.risk.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.risk.Action;
import dev.mamori.risk.ResponseCode;
import dev.mamori.risk.features.FeatureVector;
import org.junit.jupiter.api.Test;

/** Every construct of the language compiles to what it says. */
class RuleCompilerTest {
    private static final TestCatalog CATALOG = TestCatalog.INSTANCE;

    static CompiledRuleSet compile(String text) {
        try {
            return RuleCompiler.compile(text, CATALOG);
        } catch (RuleErrors e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** True when the single rule {@code when <condition> then review "t"} fires on the vector. */
    static boolean fires(String condition, FeatureVector v) {
        CompiledRuleSet set = compile("when " + condition + " then review \"t\"");
        RuleOutcome out = new RuleOutcome();
        set.evaluate(v, out);
        return out.firedCount() == 1;
    }

    static FeatureVector vector(Object... nameValuePairs) {
        FeatureVector v = CATALOG.vector();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            var slot = CATALOG.slot((String) nameValuePairs[i]);
            Object value = nameValuePairs[i + 1];
            if (value instanceof Boolean b) {
                v.set(slot, b);
            } else if (value instanceof Number n) {
                v.set(slot, n.doubleValue());
            } else {
                v.set(slot, (String) value);
            }
        }
        return v;
    }

    @Test
    void theExampleFromTheDocumentationCompiles() {
        CompiledRuleSet set = compile(String.join("\n",
                "# comments with '#' or '//' to end of line",
                "rule \"velocity on high-risk goods\"            # optional header",
                "when card.count(1h) > 5 and amount > 30000 and merchant.highRisk",
                "then decline \"velocity\" code 65",
                "",
                "when device.distinct(card, 24h) >= 4 or ip.declineRatio(1h) > 0.5 then challenge \"card-testing\"",
                "rule \"vip\" when list.allowed then approve \"allow-list\"  // another comment",
                "rule \"new device abroad\" shadow",
                "when card.newDevice and crossBorder and amount between 50000 and 500000",
                "then review \"ato\""));
        assertThat(set.size()).isEqualTo(4);
        assertThat(set.rules()).extracting(CompiledRule::name)
                .containsExactly("velocity on high-risk goods", "line-6", "vip", "new device abroad");
        CompiledRule velocity = set.rule(0);
        assertThat(velocity.action()).isEqualTo(Action.DECLINE);
        assertThat(velocity.reason()).isEqualTo("velocity");
        assertThat(velocity.responseCode()).isEqualTo(ResponseCode.EXCEEDS_FREQUENCY_LIMIT);
        assertThat(velocity.line()).isEqualTo(3);
        assertThat(velocity.condition()).isEqualTo("card.count(1h) > 5 and amount > 30000 and merchant.highRisk");
        assertThat(set.rule(1).action()).isEqualTo(Action.CHALLENGE);
        assertThat(set.rule(1).responseCode()).isNull();
        assertThat(set.rule(2).action()).isEqualTo(Action.APPROVE);
        assertThat(set.rule(3).shadow()).isTrue();
        assertThat(set.rule(0).shadow()).isFalse();
    }

    @Test
    void declineDefaultsToDoNotHonourAndTakesACodeAsNumberOrText() {
        CompiledRuleSet set = compile("when crossBorder then decline \"a\"\n"
                + "when crossBorder then decline \"b\" code 59\n"
                + "when crossBorder then decline \"c\" code \"05\"");
        assertThat(set.rules()).extracting(CompiledRule::responseCode).containsExactly(
                ResponseCode.DO_NOT_HONOUR, ResponseCode.SUSPECTED_FRAUD, ResponseCode.DO_NOT_HONOUR);
    }

    @Test
    void keywordsAreCaseInsensitive() {
        CompiledRuleSet set = compile("RULE \"Loud\" SHADOW WHEN amount > 5 AND NOT crossBorder OR mcc NOT IN (\"1\")"
                + " THEN Decline \"x\" CODE 59");
        assertThat(set.rule(0).shadow()).isTrue();
        assertThat(set.rule(0).condition()).isEqualTo("amount > 5 and not crossBorder or mcc not in (\"1\")");
        assertThat(set.rule(0).responseCode()).isEqualTo(ResponseCode.SUSPECTED_FRAUD);
    }

    @Test
    void unnamedRulesAreNamedAfterTheLineOfTheirWhen() {
        CompiledRuleSet set = compile("\n\nwhen crossBorder\nthen review \"x\"\n  when amount > 1 then review \"y\"");
        assertThat(set.rules()).extracting(CompiledRule::name).containsExactly("line-3", "line-5");
    }

    @Test
    void numbersTakeUnderscoresAndFractions() {
        assertThat(fires("amount = 30_000", vector("amount", 30000))).isTrue();
        assertThat(fires("amount > 1_000_000.5", vector("amount", 1000000.75))).isTrue();
        assertThat(fires("amount = 0.5", vector("amount", 0.5))).isTrue();
    }

    @Test
    void stringsTakeEscapesAndJapanese() {
        assertThat(fires("merchant.country = \"say \\\"hi\\\" \\\\ bye\"", vector("merchant.country", "say \"hi\" \\ bye")))
                .isTrue();
        assertThat(fires("merchant.country = \"東京都\"", vector("merchant.country", "東京都"))).isTrue();
        assertThat(fires("merchant.country = \"東京都\"", vector("merchant.country", "大阪府"))).isFalse();
    }

    @Test
    void aggregatesReadTheirOwnSlots() {
        FeatureVector v = vector("card.count(1h)", 6, "card.count(24h)", 1, "device.distinct(card, 24h)", 4,
                "ip.declineRatio(7d)", 0.75, "card.sum(1m)", 10);
        assertThat(fires("card.count(1h) > 5", v)).isTrue();
        assertThat(fires("card.count(24h) > 5", v)).isFalse();
        assertThat(fires("card.count(1d) > 5", v)).as("1d is the same window as 24h").isFalse();
        assertThat(fires("device.distinct(card, 24h) >= 4", v)).isTrue();
        assertThat(fires("ip.declineRatio(7d) > 0.5", v)).isTrue();
        assertThat(fires("card.sum(60s) = 10", v)).as("60s is 1m").isTrue();
    }

    @Test
    void booleansBareNegatedOrCompared() {
        FeatureVector v = vector("merchant.highRisk", true, "crossBorder", false);
        assertThat(fires("merchant.highRisk", v)).isTrue();
        assertThat(fires("not merchant.highRisk", v)).isFalse();
        assertThat(fires("merchant.highRisk = true", v)).isTrue();
        assertThat(fires("merchant.highRisk == false", v)).isFalse();
        assertThat(fires("crossBorder != merchant.highRisk", v)).isTrue();
        assertThat(fires("(amount > 5) = crossBorder", v)).isTrue();
        assertThat(fires("true", v)).isTrue();
        assertThat(fires("false or crossBorder", v)).isFalse();
    }

    @Test
    void comparisons() {
        FeatureVector v = vector("amount", 100);
        assertThat(fires("amount > 99", v)).isTrue();
        assertThat(fires("amount > 100", v)).isFalse();
        assertThat(fires("amount >= 100", v)).isTrue();
        assertThat(fires("amount < 100", v)).isFalse();
        assertThat(fires("amount <= 100", v)).isTrue();
        assertThat(fires("amount = 100", v)).isTrue();
        assertThat(fires("amount == 100", v)).isTrue();
        assertThat(fires("amount != 100", v)).isFalse();
        assertThat(fires("100 < amount", v)).isFalse();
        assertThat(fires("99 < amount", v)).as("literal on the left").isTrue();
        assertThat(fires("amount = score + 100", v)).as("feature on both sides").isTrue();
    }

    @Test
    void betweenIsInclusive() {
        assertThat(fires("amount between 50000 and 500000", vector("amount", 50000))).isTrue();
        assertThat(fires("amount between 50000 and 500000", vector("amount", 500000))).isTrue();
        assertThat(fires("amount between 50000 and 500000", vector("amount", 500001))).isFalse();
        assertThat(fires("amount not between 50000 and 500000", vector("amount", 500001))).isTrue();
        assertThat(fires("amount between 1 and 10 and crossBorder", vector("amount", 5, "crossBorder", true)))
                .as("'and' after the upper bound joins conditions").isTrue();
        assertThat(fires("amount between score + 1 and score * 10", vector("amount", 5, "score", 1))).isTrue();
    }

    @Test
    void inAndNotInForTextsAndNumbers() {
        assertThat(fires("mcc in (\"5816\", \"5817\")", vector("mcc", "5817"))).isTrue();
        assertThat(fires("mcc in (\"5816\", \"5817\")", vector("mcc", "5999"))).isFalse();
        assertThat(fires("mcc not in (\"5816\", \"5817\")", vector("mcc", "5999"))).isTrue();
        assertThat(fires("mcc not in (\"5816\", \"5817\")", vector("mcc", "5816"))).isFalse();
        assertThat(fires("amount in (1, 2.5, -3)", vector("amount", -3))).isTrue();
        assertThat(fires("amount not in (1, 2.5, -3)", vector("amount", 2.5))).isFalse();
        assertThat(fires("amount in (0)", vector("amount", -0.0))).as("0 and -0 are one number").isTrue();
    }

    @Test
    void arithmetic() {
        FeatureVector v = vector("amount", 100, "score", 4);
        assertThat(fires("amount + score = 104", v)).isTrue();
        assertThat(fires("amount - score * 2 = 92", v)).as("* before -").isTrue();
        assertThat(fires("(amount - score) * 2 = 192", v)).isTrue();
        assertThat(fires("amount / score = 25", v)).isTrue();
        assertThat(fires("amount - score - 1 = 95", v)).as("left associative").isTrue();
        assertThat(fires("amount / score / 5 = 5", v)).as("left associative").isTrue();
        assertThat(fires("-amount = -100", v)).isTrue();
        assertThat(fires("- -amount = 100", v)).isTrue();
    }

    @Test
    void divisionByZeroMakesTheComparisonFalseAndItsNegationTrue() {
        FeatureVector v = vector("amount", 100, "score", 0);
        assertThat(fires("amount / score > 1", v)).isFalse();
        assertThat(fires("amount / score <= 1", v)).isFalse();
        assertThat(fires("amount / score != 1", v)).isFalse();
        assertThat(fires("amount / score between 0 and 1000", v)).isFalse();
        assertThat(fires("not (amount / score > 1)", v)).isTrue();
        assertThat(fires("0 / 0 = 0 / 0", v)).as("folded constants follow the same rule").isFalse();
    }

    @Test
    void missingValuesCompareFalseAndNotMakesThemTrue() {
        FeatureVector v = vector("amount", Double.NaN);
        assertThat(fires("amount > 1", v)).isFalse();
        assertThat(fires("amount <= 1", v)).isFalse();
        assertThat(fires("amount = 1", v)).isFalse();
        assertThat(fires("amount != 1", v)).isFalse();
        assertThat(fires("amount between 0 and 10", v)).isFalse();
        assertThat(fires("amount not between 0 and 10", v)).isFalse();
        assertThat(fires("amount in (1, 2)", v)).isFalse();
        assertThat(fires("amount not in (1, 2)", v)).isFalse();
        assertThat(fires("not amount > 1", v)).isTrue();
        FeatureVector noText = vector();
        assertThat(fires("mcc = \"5816\"", noText)).isFalse();
        assertThat(fires("mcc != \"5816\"", noText)).isFalse();
        assertThat(fires("mcc in (\"5816\")", noText)).isFalse();
        assertThat(fires("mcc not in (\"5816\")", noText)).isFalse();
        assertThat(fires("not mcc in (\"5816\")", noText)).isTrue();
        assertThat(fires("mcc = country", noText)).isFalse();
    }

    @Test
    void precedenceOfLogic() {
        FeatureVector v = vector("crossBorder", true, "merchant.highRisk", false, "card.newDevice", false);
        // a or b and c = a or (b and c)
        assertThat(fires("crossBorder or merchant.highRisk and card.newDevice", v)).isTrue();
        assertThat(fires("(crossBorder or merchant.highRisk) and card.newDevice", v)).isFalse();
        // not binds tighter than and
        assertThat(fires("not merchant.highRisk and crossBorder", v)).isTrue();
        assertThat(fires("not (crossBorder and merchant.highRisk)", v)).isTrue();
        assertThat(fires("not crossBorder and merchant.highRisk", v)).isFalse();
        // not applies to the whole comparison
        assertThat(fires("not amount > 5", vector("amount", 1))).isTrue();
        assertThat(fires("not not crossBorder", v)).isTrue();
    }

    @Test
    void constantsAreFolded() {
        CompiledRuleSet set = compile("when 2 * 3 = 6 and 1 / 0 = 1 or crossBorder then review \"x\"");
        RuleOutcome out = new RuleOutcome();
        set.evaluate(vector("crossBorder", true), out);
        assertThat(out.firedCount()).isEqualTo(1);
        set.evaluate(vector(), out);
        assertThat(out.firedCount()).isZero();
        Diagnostics d = new Diagnostics();
        Nodes.Bool folded = new Checker(CATALOG, d).condition(Parser.parseExpression("2 * 3 = 6 and (1 + 1) in (2, 3)", d, 32));
        assertThat(folded).isSameAs(Nodes.BoolConst.TRUE);
        Nodes.Bool partly = new Checker(CATALOG, d).condition(Parser.parseExpression("1 > 2 or amount > 5 and true", d, 32));
        assertThat(partly).isInstanceOf(Nodes.CompareSlot.class);
    }

    @Test
    void vectorFromAnotherCatalogIsRefused() {
        CompiledRuleSet set = compile("when crossBorder then review \"x\"");
        FeatureVector small = new FeatureVector(new EmptyCatalog());
        assertThatThrownBy(() -> set.evaluate(small, new RuleOutcome())).isInstanceOf(IllegalArgumentException.class);
    }

    private static final class EmptyCatalog implements dev.mamori.risk.features.FeatureCatalog {
        @Override
        public dev.mamori.risk.features.FeatureSlot fact(String name) {
            return null;
        }

        @Override
        public dev.mamori.risk.features.FeatureSlot aggregate(String e, String f, String of, java.time.Duration w) {
            return null;
        }

        @Override
        public java.util.List<String> factNames() {
            return java.util.List.of();
        }

        @Override
        public java.util.List<String> entities() {
            return java.util.List.of();
        }

        @Override
        public java.util.List<String> functions() {
            return java.util.List.of();
        }

        @Override
        public java.util.List<java.time.Duration> windows() {
            return java.util.List.of();
        }

        @Override
        public java.util.List<String> distinctOf(String entity) {
            return java.util.List.of();
        }

        @Override
        public int numberCount() {
            return 0;
        }

        @Override
        public int textCount() {
            return 0;
        }
    }
}
