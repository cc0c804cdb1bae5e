package dev.mamori.risk.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.risk.rules.RuleError.Code;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Broken rule texts: each error at the line and column of the offending token, in words an analyst can act on. */
class RuleCompilerErrorsTest {

    private static List<RuleError> errors(String text) {
        return RuleCompiler.check(text, TestCatalog.INSTANCE);
    }

    private static RuleError only(String text) {
        List<RuleError> errors = errors(text);
        assertThat(errors).as("errors of %s", text).hasSize(1);
        return errors.get(0);
    }

    private static void assertError(String text, int line, int column, Code code, String message) {
        RuleError e = only(text);
        assertThat(e.line()).as("line of %s", e).isEqualTo(line);
        assertThat(e.column()).as("column of %s", e).isEqualTo(column);
        assertThat(e.code()).as("code of %s", e).isEqualTo(code);
        assertThat(e.message()).contains(message);
    }

    @Test
    void compileThrowsAllErrorsSortedWithPositionsInTheMessage() {
        String text = "when amout > 5 then decline \"x\"\nwhen mcc > 5 then review \"y\"\n";
        assertThatThrownBy(() -> RuleCompiler.compile(text, TestCatalog.INSTANCE))
                .isInstanceOfSatisfying(RuleErrors.class, e -> {
                    assertThat(e.errors()).extracting(RuleError::line).containsExactly(1, 2);
                    assertThat(e.getMessage()).startsWith("2 errors")
                            .contains("line 1, column 6: unknown feature 'amout'; did you mean 'amount'?")
                            .contains("line 2, column 6: mcc is text; compare it with =, != or in");
                });
    }

    @Test
    void unknownFactSuggestsTheClosestAndListsFacts() {
        assertError("when amout > 5 then decline \"x\"", 1, 6, Code.UNKNOWN_FEATURE,
                "unknown feature 'amout'; did you mean 'amount'? (facts: amount, card.ageDays,");
    }

    @Test
    void unknownFeatureWithAnEntityPrefixSuggestsTheAggregateAndListsFunctions() {
        assertError("when card.cnt > 5 then decline \"x\"", 1, 6, Code.UNKNOWN_FEATURE,
                "unknown feature 'card.cnt'; did you mean 'card.count'? (functions: count, sum, declineRatio, distinct)");
    }

    @Test
    void identifiersAreCaseSensitiveAndTheSuggestionShowsTheRightCase() {
        assertError("when merchant.highrisk then decline \"x\"", 1, 6, Code.UNKNOWN_FEATURE,
                "did you mean 'merchant.highRisk'?");
    }

    @Test
    void anAggregateWithoutItsWindowSaysSo() {
        assertError("when card.count > 5 then decline \"x\"", 1, 6, Code.UNKNOWN_FEATURE,
                "card.count needs a window, e.g. card.count(1h)");
    }

    @Test
    void unknownFunctionPointsAtTheFunction() {
        assertError("when card.cnt(1h) > 5 then decline \"x\"", 1, 11, Code.UNKNOWN_FUNCTION,
                "unknown function 'cnt' for card; did you mean 'count'? (functions: count, sum, declineRatio, distinct)");
    }

    @Test
    void unknownEntityListsEntities() {
        assertError("when crad.count(1h) > 5 then decline \"x\"", 1, 6, Code.UNKNOWN_ENTITY,
                "unknown entity 'crad'; did you mean 'card'? (entities: card, device, ip, email)");
    }

    @Test
    void untrackedWindowListsTrackedWindows() {
        assertError("when card.count(2h) > 5 then decline \"x\"", 1, 17, Code.UNTRACKED_WINDOW,
                "window 2h is not tracked; tracked windows: 1m, 1h, 24h, 7d");
    }

    @Test
    void untrackedCombinationOfKnownParts() {
        assertError("when email.sum(1h) > 5 then decline \"x\"", 1, 6, Code.UNTRACKED_AGGREGATE,
                "email.sum(1h) is not tracked");
    }

    @Test
    void distinctNeedsWhatItCounts() {
        assertError("when card.distinct(24h) > 3 then decline \"x\"", 1, 11, Code.UNKNOWN_FUNCTION,
                "card.distinct needs what to count before the window, e.g. card.distinct(device, 24h); card can count device, ip");
        assertError("when device.distinct(email, 24h) > 3 then decline \"x\"", 1, 22, Code.UNKNOWN_ENTITY,
                "device.distinct cannot count 'email' (it counts: card, ip)");
        assertError("when card.count(device, 1h) > 3 then decline \"x\"", 1, 17, Code.UNKNOWN_FUNCTION,
                "card.count takes only a window");
    }

    @Test
    void orderingATextIsATypeError() {
        assertError("when mcc > 5 then decline \"x\"", 1, 6, Code.TYPE, "mcc is text; compare it with =, != or in");
    }

    @Test
    void comparingATextWithANumberSuggestsQuotes() {
        assertError("when mcc = 5816 then decline \"x\"", 1, 12, Code.TYPE,
                "mcc is text; write the value in double quotes: \"5816\"");
        assertError("when mcc in (\"5816\", 5817) then decline \"x\"", 1, 22, Code.TYPE,
                "mcc is text; write the value in double quotes: \"5817\"");
    }

    @Test
    void orderingABooleanIsATypeError() {
        assertError("when merchant.highRisk > 0 then decline \"x\"", 1, 6, Code.TYPE,
                "merchant.highRisk is true/false; use it bare, with 'not', or compare it with = true / = false");
    }

    @Test
    void andNeedsConditionsOnBothSides() {
        assertError("when crossBorder and amount then decline \"x\"", 1, 22, Code.TYPE,
                "'and' joins true/false conditions, but amount is a number");
    }

    @Test
    void arithmeticNeedsNumbers() {
        assertError("when amount + mcc > 5 then decline \"x\"", 1, 15, Code.TYPE, "'+' works on numbers, but mcc is text");
        assertError("when country between 1 and 5 then decline \"x\"", 1, 6, Code.TYPE,
                "'between' works on numbers, but country is text");
    }

    @Test
    void theConditionMustBeTrueOrFalse() {
        assertError("when amount * 2 then decline \"x\"", 1, 6, Code.TYPE,
                "the condition must be true or false, but amount * 2 is a number; compare it, e.g. amount * 2 > 0");
    }

    @Test
    void missingThen() {
        assertError("when amount > 5 decline \"x\"", 1, 17, Code.SYNTAX,
                "expected 'then' after the condition, found 'decline'");
    }

    @Test
    void missingOrBadAction() {
        assertError("when amount > 5 then deny \"x\"", 1, 22, Code.SYNTAX,
                "expected an action after 'then': approve, review, challenge or decline; found 'deny'");
    }

    @Test
    void missingReason() {
        assertError("when amount > 5 then decline", 1, 29, Code.SYNTAX,
                "expected a reason code in double quotes after 'decline', e.g. decline \"velocity\"");
    }

    @Test
    void badReason() {
        assertError("when amount > 5 then decline \"Velocity!\"", 1, 30, Code.BAD_REASON,
                "reason \"Velocity!\" must be 1 to 40 lowercase letters, digits or '-'");
        assertThat(only("when amount > 5 then decline \"" + "a".repeat(41) + "\"").code()).isEqualTo(Code.BAD_REASON);
    }

    @Test
    void duplicateNameNamesTheFirstLine() {
        String text = "rule \"vip\" when list.allowed then approve \"allow\"\n"
                + "\n"
                + "rule \"vip\"\nwhen crossBorder then review \"x\"";
        assertError(text, 3, 6, Code.DUPLICATE_NAME, "rule name \"vip\" is used twice (first on line 1)");
    }

    @Test
    void unterminatedStringPointsAtItsOpeningQuote() {
        assertError("when amount > 5\nthen decline \"velocity", 2, 14, Code.UNTERMINATED_STRING, "unterminated string");
    }

    @Test
    void badNumbers() {
        assertError("when amount > 30__000 then decline \"x\"", 1, 15, Code.BAD_TOKEN,
                "'30__000' is neither a number nor a window");
        assertError("when amount > 1.5h then decline \"x\"", 1, 15, Code.BAD_TOKEN, "'1.5h' is neither");
        assertError("when card.count(1H) > 2 then decline \"x\"", 1, 17, Code.BAD_TOKEN, "'1H' is neither");
    }

    @Test
    void codeOnlyWithDecline() {
        assertError("when amount > 5 then review \"big\" code 59", 1, 35, Code.BAD_RESPONSE_CODE,
                "only 'decline' takes a response code; 'review' does not decline");
    }

    @Test
    void unknownOrApprovingResponseCode() {
        assertError("when amount > 5 then decline \"big\" code 99", 1, 41, Code.BAD_RESPONSE_CODE,
                "code 99 is not a decline response code; use one of 05, 12,");
        assertError("when amount > 5 then decline \"big\" code 00", 1, 41, Code.BAD_RESPONSE_CODE, "code 00 is not");
    }

    @Test
    void strayTokensAfterTheAction() {
        assertError("when amount > 5 then decline \"x\" please", 1, 34, Code.SYNTAX,
                "unexpected 'please' after the action");
    }

    @Test
    void tooDeepNesting() {
        String deep = "(".repeat(40) + "amount > 1" + ")".repeat(40);
        assertError("when " + deep + " then decline \"x\"", 1, 5 + 33, Code.LIMIT,
                "the condition is nested more than 32 levels deep");
        String chain = "amount" + " + amount".repeat(40);
        RuleError e = only("when " + chain + " > 1 then decline \"x\"");
        assertThat(e.code()).isEqualTo(Code.LIMIT);
        assertThat(errors("when " + "amount" + " + amount".repeat(30) + " > 1 then decline \"x\"")).isEmpty();
    }

    @Test
    void longAndChainsAreFlatNotDeep() {
        String many = "amount > 1" + " and amount > 1".repeat(300);
        assertThat(errors("when " + many + " then decline \"x\"")).isEmpty();
    }

    @Test
    void japaneseTextIsFineInStringsAndColumnsCountCharacters() {
        assertThat(errors("rule \"海外の新しい端末\" when merchant.country = \"東京\" then review \"ato\"")).isEmpty();
        assertError("when merchant.country = \"東京\" and amout > 5 then decline \"x\"", 1, 34, Code.UNKNOWN_FEATURE,
                "unknown feature 'amout'");
    }

    @Test
    void unexpectedCharacters() {
        assertError("when amount > $5 then decline \"x\"", 1, 15, Code.BAD_TOKEN, "unexpected character '$'");
        assertError("when crossBorder && amount > 5 then decline \"x\"", 1, 18, Code.BAD_TOKEN,
                "write 'and' instead of '&&'");
        assertError("when mcc = '5816' then decline \"x\"", 1, 12, Code.BAD_TOKEN, "texts go in double quotes");
    }

    @Test
    void chainedComparison() {
        assertError("when 1 < amount < 5 then decline \"x\"", 1, 17, Code.SYNTAX, "comparisons cannot be chained");
    }

    @Test
    void windowOutsideAnAggregate() {
        assertError("when amount > 1h then decline \"x\"", 1, 15, Code.SYNTAX,
                "a window such as 1h only goes inside an aggregate, e.g. card.count(1h)");
    }

    @Test
    void unclosedParenthesis() {
        assertError("when (amount > 5 then decline \"x\"", 1, 18, Code.SYNTAX,
                "expected ')' to close the '(' at line 1, column 6, found 'then'");
    }

    @Test
    void headerProblems() {
        assertError("rule when amount > 5 then decline \"x\"", 1, 6, Code.SYNTAX,
                "expected the rule name in double quotes after 'rule'");
        assertError("rule \"x\" silent when amount > 5 then decline \"x\"", 1, 10, Code.SYNTAX,
                "unknown flag 'silent' after the rule name; the only flag is 'shadow'");
        assertError("rule \"  \" when amount > 5 then decline \"x\"", 1, 6, Code.BAD_NAME, "a rule name must have");
        assertError("amount > 5 then decline \"x\"", 1, 1, Code.SYNTAX,
                "expected a rule, starting with 'rule \"name\"' or 'when', found 'amount'");
    }

    @Test
    void emptyCondition() {
        assertError("when then decline \"x\"", 1, 6, Code.SYNTAX, "the condition after 'when' is empty");
        assertError("when amount > then decline \"x\"", 1, 15, Code.SYNTAX, "the condition ends too early");
    }

    @Test
    void badEscape() {
        assertError("when mcc = \"58\\n16\" then decline \"x\"", 1, 15, Code.BAD_TOKEN, "unknown escape");
    }

    @Test
    void emptyRuleSet() {
        assertError("# nothing yet\n", 1, 1, Code.EMPTY, "the rule set has no rules");
    }

    @Test
    void tooManyRules() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 501; i++) {
            b.append("when amount > ").append(i).append(" then review \"r\"\n");
        }
        assertError(b.toString(), 501, 1, Code.LIMIT, "a rule set has at most 500 rules");
        b.setLength(0);
        for (int i = 0; i < 500; i++) {
            b.append("when amount > ").append(i).append(" then review \"r\"\n");
        }
        assertThat(errors(b.toString())).isEmpty();
    }

    @Test
    void textTooLarge() {
        String big = "# " + "x".repeat(RuleCompiler.MAX_TEXT_BYTES) + "\nwhen crossBorder then review \"x\"";
        assertError(big, 1, 1, Code.LIMIT, "the limit is 200 KB");
        // Japanese takes three bytes a character in UTF-8.
        String japanese = "# " + "日".repeat(RuleCompiler.MAX_TEXT_BYTES / 3) + "\nwhen crossBorder then review \"x\"";
        assertThat(only(japanese).code()).isEqualTo(Code.LIMIT);
    }

    @Test
    void recoversAtTheNextRuleAndReportsEveryBrokenRule() {
        String text = String.join("\n",
                "rule \"one\" when amount > 5 decline \"x\"",       // syntax: missing then
                "rule \"two\" when amount > 5 then decline \"ok\"",  // fine
                "when amout > 5 then review \"y\"",                  // unknown feature
                "rule \"four\" when mcc > 5 or card.count(2h) > 1 then challenge \"z\"", // two semantic errors
                "when ((amount > 1 then approve \"a\"",               // syntax
                "rule \"two\" when crossBorder then review \"dup\""); // duplicate
        List<RuleError> errors = errors(text);
        assertThat(errors).extracting(e -> e.line() + ":" + e.column() + " " + e.code().id()).containsExactly(
                "1:28 syntax",
                "3:6 unknown-feature",
                "4:18 type",
                "4:40 untracked-window",
                "5:19 syntax",
                "6:6 duplicate-name");
    }

    @Test
    void errorCodesHaveStableIds() {
        assertThat(Code.UNKNOWN_FEATURE.id()).isEqualTo("unknown-feature");
        assertThat(Code.UNTRACKED_WINDOW.id()).isEqualTo("untracked-window");
        RuleError e = only("when card.count(2h) > 5 then decline \"x\"");
        assertThat(e.arguments()).containsExactly("2h", "1m, 1h, 24h, 7d");
        assertThat(e).hasToString("line 1, column 17: window 2h is not tracked; tracked windows: 1m, 1h, 24h, 7d");
    }
}
