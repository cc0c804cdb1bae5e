package dev.mamori.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class CardNumberDetectorTest {

    /** Test oracle for the one exemption; the detector itself uses no regex. */
    private static final Pattern UUID_TOKEN = Pattern.compile(
            "(?<![\\p{L}\\p{Nd}])\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}(?![\\p{L}\\p{Nd}])");

    @Test
    void masksContiguousAndGroupedCardNumbers() {
        assertThat(CardNumberDetector.mask("pan=4111111111111111 end"))
                .isEqualTo("pan=411111******1111 end");
        assertThat(CardNumberDetector.mask("card 5555 5555 5555 4444."))
                .isEqualTo("card 5555 55** **** 4444.");
        assertThat(CardNumberDetector.mask("amex 3782-822463-10005"))
                .isEqualTo("amex 3782-82****-*0005");
    }

    @Test
    void findsACardNumberWrittenAfterAnotherNumber() {
        assertThat(CardNumberDetector.mask("qty 2 4111 1111 1111 1111"))
                .isEqualTo("qty 2 4111 11** **** 1111");
        assertThat(CardNumberDetector.mask("1234 4111111111111111"))
                .isEqualTo("1234 411111******1111");
    }

    @Test
    void leavesNonCardNumbersAlone() {
        String text = "order 4111111111111112 at 1700000000000 id 12345678901234567890123";
        assertThat(CardNumberDetector.mask(text)).isSameAs(text);
        assertThat(CardNumberDetector.containsCardNumber(text)).isFalse();
    }

    @Test
    void leavesTheDigitGroupsOfUuidsAlone() {
        // 4137 9847 9439713 passes Luhn; inside a UUID it is not a card number.
        String id = "api-key:b4a6de9b-cd5e-4137-9847-9439713d3867";
        assertThat(Luhn.isValid("413798479439713")).isTrue();
        assertThat(CardNumberDetector.mask(id)).isSameAs(id);
        for (int i = 0; i < 2000; i++) {
            String uuid = java.util.UUID.randomUUID().toString();
            assertThat(CardNumberDetector.mask(uuid)).isSameAs(uuid);
        }
        assertThat(CardNumberDetector.mask("id4111111111111111x")).isEqualTo("id411111******1111x");
    }

    @Test
    void returnsTheSameInstanceWhenNothingIsFound() {
        String line = "GET /v1/tenants/current 200 in 3 ms";
        assertThat(CardNumberDetector.mask(line)).isSameAs(line);
    }

    @Test
    void masksGroupedCardNumbersTouchingLetters() {
        assertThat(CardNumberDetector.mask("Visa4111 1111 1111 1111")).isEqualTo("Visa4111 11** **** 1111");
        assertThat(CardNumberDetector.mask("card-4111-1111-1111-1111")).isEqualTo("card-4111-11**-****-1111");
        assertThat(CardNumberDetector.mask("/v1/x/pan-4111-1111-1111-1111"))
                .isEqualTo("/v1/x/pan-4111-11**-****-1111");
        assertThat(CardNumberDetector.mask("ref-5555-5555-5555-4444-x")).isEqualTo("ref-5555-55**-****-4444-x");
        assertThat(CardNumberDetector.mask("4111-1111-1111-1111end")).isEqualTo("4111-11**-****-1111end");
        assertThat(CardNumberDetector.containsCardNumber("Visa4111 1111 1111 1111")).isTrue();
    }

    @Test
    void exemptsOnlyWholeUuidShapedTokens() {
        // Digits-only UUID whose first three groups, 4111111111111111, pass Luhn.
        String uuid = "41111111-1111-1111-1111-111111111111";
        assertThat(CardNumberDetector.mask(uuid)).isSameAs(uuid);
        String upper = "tenant=B4A6DE9B-CD5E-4137-9847-9439713D3867;";
        assertThat(CardNumberDetector.mask(upper)).isSameAs(upper);
        String afterANumber = "qty 12 " + uuid + " ok";
        assertThat(CardNumberDetector.mask(afterANumber)).isSameAs(afterANumber);
        assertThat(CardNumberDetector.containsCardNumber("key-" + uuid + "-end")).isFalse();

        // Part of a longer alphanumeric token, or not the 8-4-4-4-12 shape: not a UUID.
        assertThat(CardNumberDetector.mask("x" + uuid)).isEqualTo("x411111**-****-1111-1111-111111111111");
        assertThat(CardNumberDetector.mask(uuid + "0")).isEqualTo("411111**-****-1111-1111-1111111111110");
        assertThat(CardNumberDetector.mask("ref cd5e-4137-9847-9439713d3867"))
                .isEqualTo("ref cd5e-4137-98**-***9713d3867");
    }

    @Test
    void masksCardNumbersNextToUuidsButNotTheUuids() {
        String uuid = "41111111-1111-1111-1111-111111111111";
        assertThat(CardNumberDetector.mask("4111-1111-1111-1111-" + uuid))
                .isEqualTo("4111-11**-****-1111-" + uuid);
        assertThat(CardNumberDetector.mask(uuid + " 5555 5555 5555 4444"))
                .isEqualTo(uuid + " 5555 55** **** 4444");
        assertThat(CardNumberDetector.mask(uuid + "-4111-1111-1111-1111"))
                .isEqualTo(uuid + "-4111-11**-****-1111");
    }

    @Test
    void neverMasksInsideAUuidWhoseLastDigitsRunOnIntoANumber() {
        // 123456 (end of the UUID) + 411111111x passes Luhn, but the first six digits belong to the UUID.
        String tail = "411111111" + Luhn.checkDigit("123456411111111");
        assertThat(Luhn.isValid("123456" + tail)).isTrue();
        for (String between : List.of("-", " ", "  ")) {
            String text = "id abcdefab-abcd-abcd-abcd-abcdef123456" + between + tail;
            assertThat(CardNumberDetector.mask(text)).as(text).isSameAs(text);
        }
    }

    @Test
    void acceptsOneOrTwoSeparatorsBetweenGroups() {
        assertThat(CardNumberDetector.mask("4111  1111 1111 1111")).isEqualTo("4111  11** **** 1111");
        assertThat(CardNumberDetector.mask("4111--1111--1111--1111")).isEqualTo("4111--11**--****--1111");
        assertThat(CardNumberDetector.mask("4111 -1111- 1111  1111")).isEqualTo("4111 -11**- ****  1111");
        // Pan.of accepts what the detector finds.
        assertThat(Pan.of("4111  1111 1111 1111").masked()).isEqualTo("411111******1111");
    }

    @Test
    void doesNotJoinGroupsAcrossThreeOrMoreSeparators() {
        for (String text : List.of("4111   1111 1111 1111", "4111 - 1111 - 1111 - 1111", "4111---1111-1111-1111",
                "4111 \u3000 1111 1111 1111")) {
            assertThat(CardNumberDetector.mask(text)).as(text).isSameAs(text);
            assertThat(CardNumberDetector.containsCardNumber(text)).as(text).isFalse();
        }
    }

    @Test
    void treatsFullWidthDigitsAsDigits() {
        assertThat(CardNumberDetector.mask("４１１１１１１１１１１１１１１１")).isEqualTo("４１１１１１******１１１１");
        assertThat(CardNumberDetector.mask("カード番号４１１１1111１１１１1111です"))
                .isEqualTo("カード番号４１１１11******1111です");
        assertThat(CardNumberDetector.mask("４１１１\u3000１１１１\u3000１１１１\u3000１１１１"))
                .isEqualTo("４１１１\u3000１１**\u3000****\u3000１１１１");
        assertThat(CardNumberDetector.mask("５５５５－５５５５－５５５５－４４４４"))
                .isEqualTo("５５５５－５５**－****－４４４４");
        assertThat(CardNumberDetector.mask("4111\u3000\u30001111 １１１１-1111"))
                .isEqualTo("4111\u3000\u300011** ****-1111");
        assertThat(CardNumberDetector.containsCardNumber("番号：５５５５５５５５５５５５４４４４")).isTrue();

        String notLuhn = "４１１１１１１１１１１１１１１２";
        assertThat(CardNumberDetector.mask(notLuhn)).isSameAs(notLuhn);
        String tooLong = "４１１１１１１１１１１１１１１１１１１１"; // 20 digits, no separator
        assertThat(CardNumberDetector.mask(tooLong)).isSameAs(tooLong);
    }

    @Test
    void reportsSpansIncludingSeparators() {
        List<int[]> spans = new ArrayList<>();
        CardNumberDetector.scan("a 4111  1111 1111 1111 b ４１１１１１１１１１１１１１１１",
                (start, end) -> spans.add(new int[] {start, end}));
        assertThat(spans).containsExactly(new int[] {2, 22}, new int[] {25, 41});
    }

    @Test
    void returnsOrdinaryLogContentAsTheSameInstance() {
        assertThat(Luhn.isValid("1700000000123")).isFalse();
        List<String> lines = List.of(
                "2026-11-25T22:31:51.123Z INFO [exec-1] request 1700000000123 took 12 ms, stan 004711 rrn 123456789012",
                "2026-11-25T22:31:51.123+09:00 WARN GET /v1/tenants/current from 192.168.100.200 via 10.0.0.1:8080",
                "2026-11-25 22:31:51,123 audit tenant=b4a6de9b-cd5e-4137-9847-9439713d3867 "
                        + "actor=41111111-1111-1111-1111-111111111111 request-id 0F9E8D7C-6B5A-4938-2716-051234567890",
                "stan 004711 rrn 123456789012 amount 1 000 000 JPY at 2026-11-25 22:31:51");
        for (String line : lines) {
            assertThat(CardNumberDetector.mask(line)).as(line).isSameAs(line);
            assertThat(CardNumberDetector.containsCardNumber(line)).as(line).isFalse();
        }
    }

    @Property
    void noValidCardNumberSurvivesMasking(@ForAll("cardNumbers") String pan,
                                          @ForAll @AlphaChars @StringLength(max = 20) String before,
                                          @ForAll @AlphaChars @StringLength(max = 20) String after) {
        String masked = CardNumberDetector.mask(before + " " + pan + " " + after);
        assertThat(masked).doesNotContain(pan);
        assertThat(masked).contains(pan.substring(0, 6)).contains(pan.substring(pan.length() - 4));
        assertThat(CardNumberDetector.containsCardNumber(before + pan + after)).isTrue();
    }

    @Property
    void masksCardNumbersGluedToLetters(@ForAll("cardNumbers") String pan,
                                        @ForAll @AlphaChars @StringLength(max = 20) String before,
                                        @ForAll @AlphaChars @StringLength(max = 20) String after) {
        String text = before + pan + after;
        assertThat(CardNumberDetector.mask(text)).isEqualTo(before + masked(pan) + after);
        assertThat(CardNumberDetector.containsCardNumber(text)).isTrue();
    }

    @Property
    void masksCardNumbersGroupedWithHyphensTouchingLetters(
            @ForAll("cardNumbers") String pan,
            @ForAll @AlphaChars @StringLength(min = 1, max = 20) String before,
            @ForAll @AlphaChars @StringLength(min = 1, max = 20) String after,
            @ForAll boolean hyphenBefore, @ForAll boolean hyphenAfter) {
        String left = before + (hyphenBefore ? "-" : "");
        String right = (hyphenAfter ? "-" : "") + after;
        String text = left + render(pan, null, "-") + right;
        // Hex letters around a 16-digit number can, rarely, make a real UUID shape, which is exempt.
        Assume.that(!UUID_TOKEN.matcher(text).find());
        assertThat(CardNumberDetector.mask(text)).isEqualTo(left + render(masked(pan), null, "-") + right);
        assertThat(CardNumberDetector.containsCardNumber(text)).isTrue();
    }

    @Property
    void masksFullWidthAndMixedCardNumbers(@ForAll("cardNumbers") String pan,
                                           @ForAll("fullWidthChoices") List<Boolean> fullWidth,
                                           @ForAll("separators") String separator,
                                           @ForAll("japaneseText") String before,
                                           @ForAll("japaneseText") String after) {
        // japaneseText has no hexadecimal letters, so no UUID shape can form.
        String text = before + render(pan, fullWidth, separator) + after;
        assertThat(CardNumberDetector.mask(text))
                .isEqualTo(before + render(masked(pan), fullWidth, separator) + after);
        assertThat(CardNumberDetector.containsCardNumber(text)).isTrue();
    }

    @Property
    void leavesUuidsAloneAndMasksCardNumbersBesideThem(@ForAll("uuids") String uuid,
                                                        @ForAll("cardNumbers") String pan) {
        assertThat(CardNumberDetector.mask(uuid)).isSameAs(uuid);
        String line = "tenant=" + uuid + " pan " + render(pan, null, " ") + " " + uuid
                + " card-" + render(pan, null, "-") + "-" + uuid;
        assertThat(CardNumberDetector.mask(line)).isEqualTo("tenant=" + uuid + " pan " + render(masked(pan), null, " ")
                + " " + uuid + " card-" + render(masked(pan), null, "-") + "-" + uuid);
    }

    @Property(tries = 3000)
    void agreesWithAStraightforwardReference(@ForAll("tokenSoup") String text) {
        String expected = referenceMask(text);
        String masked = CardNumberDetector.mask(text);
        assertThat(masked).isEqualTo(expected);
        if (expected.equals(text)) {
            assertThat(masked).isSameAs(text);
        }
        assertThat(CardNumberDetector.containsCardNumber(text)).isEqualTo(!expected.equals(text));
    }

    @Provide
    Arbitrary<String> cardNumbers() {
        return Arbitraries.integers().between(12, 18).flatMap(length ->
                Arbitraries.strings().numeric().ofLength(length).map(payload -> payload + Luhn.checkDigit(payload)));
    }

    @Provide
    Arbitrary<List<Boolean>> fullWidthChoices() {
        return Arbitraries.of(true, false).list().ofSize(Pan.MAX_LENGTH);
    }

    @Provide
    Arbitrary<String> separators() {
        return Arbitraries.of("", " ", "-", "\u3000", "\uFF0D", "  ", "--", " -", "\u3000\u3000", "\u3000 ", "\uFF0D ");
    }

    @Provide
    Arbitrary<String> japaneseText() {
        return Arbitraries.strings().withChars("カード番号はですＶＩＳＡｐａｎ：xyzXYZ").ofMaxLength(10);
    }

    @Provide
    Arbitrary<String> uuids() {
        Arbitrary<String> random = Arbitraries.longs().tuple2().map(t -> new UUID(t.get1(), t.get2()).toString());
        Arbitrary<String> digitsOnly = Arbitraries.strings().numeric().ofLength(32).map(CardNumberDetectorTest::uuidShape);
        return Combinators.combine(Arbitraries.oneOf(random, digitsOnly), Arbitraries.of(true, false))
                .as((uuid, upper) -> upper ? uuid.toUpperCase() : uuid);
    }

    /** Digit groups, separator runs, letters, punctuation, UUIDs and card numbers, glued in any order. */
    @Provide
    Arbitrary<String> tokenSoup() {
        Arbitrary<String> token = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(8)),
                Tuple.of(2, Arbitraries.strings().withCharRange('\uFF10', '\uFF19').ofMinLength(1).ofMaxLength(6)),
                Tuple.of(4, Arbitraries.of(" ", "-", "  ", "--", " -", "   ", " - ", "\u3000", "\uFF0D", ":", "/", ".")),
                Tuple.of(2, Arbitraries.of("a", "F", "x", "Visa", "カード", "id", "cafe", "Ｖ")),
                Tuple.of(2, uuids()),
                Tuple.of(2, cardNumbers()),
                Tuple.of(1, cardNumbers().map(pan -> render(pan, null, "-"))));
        return token.list().ofMinSize(1).ofMaxSize(25).map(tokens -> String.join("", tokens));
    }

    /**
     * The rules written the slow, obvious way: UUIDs blanked out by the regex oracle, each run of digit
     * groups (joined by one or two separators) split into groups, and from each group start the longest
     * Luhn-valid 13 to 19 digit sequence of whole groups masked.
     */
    private static String referenceMask(String text) {
        char[] out = text.toCharArray();
        char[] plain = text.toCharArray();
        Matcher uuid = UUID_TOKEN.matcher(text);
        while (uuid.find()) {
            Arrays.fill(plain, uuid.start(), uuid.end(), '#');
        }
        int n = plain.length;
        int i = 0;
        while (i < n) {
            if (digitValue(plain[i]) < 0) {
                i++;
                continue;
            }
            List<int[]> groups = new ArrayList<>();
            int j = i;
            while (true) {
                int groupStart = j;
                while (j < n && digitValue(plain[j]) >= 0) {
                    j++;
                }
                groups.add(new int[] {groupStart, j});
                int k = j;
                while (k < n && k - j < 2 && " -\u3000\uFF0D".indexOf(plain[k]) >= 0) {
                    k++;
                }
                if (k == j || k == n || digitValue(plain[k]) < 0) {
                    break;
                }
                j = k;
            }
            int g = 0;
            while (g < groups.size()) {
                StringBuilder digits = new StringBuilder();
                int last = -1;
                for (int h = g; h < groups.size() && digits.length() <= Pan.MAX_LENGTH; h++) {
                    for (int p = groups.get(h)[0]; p < groups.get(h)[1]; p++) {
                        digits.append((char) ('0' + digitValue(plain[p])));
                    }
                    if (digits.length() >= Pan.MIN_LENGTH && digits.length() <= Pan.MAX_LENGTH
                            && Luhn.isValid(digits)) {
                        last = h;
                    }
                }
                if (last < 0) {
                    g++;
                    continue;
                }
                int total = 0;
                for (int h = g; h <= last; h++) {
                    total += groups.get(h)[1] - groups.get(h)[0];
                }
                int index = 0;
                for (int h = g; h <= last; h++) {
                    for (int p = groups.get(h)[0]; p < groups.get(h)[1]; p++, index++) {
                        if (index >= 6 && index < total - 4) {
                            out[p] = '*';
                        }
                    }
                }
                g = last + 1;
            }
            i = j;
        }
        return new String(out);
    }

    private static int digitValue(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= '\uFF10' && c <= '\uFF19' ? c - '\uFF10' : -1;
    }

    private static String uuidShape(String hex) {
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    /** First six and last four digits kept, the rest {@code *}. */
    private static String masked(String pan) {
        return pan.substring(0, 6) + "*".repeat(pan.length() - 10) + pan.substring(pan.length() - 4);
    }

    /** Groups of four joined by {@code separator}; digit i full-width when {@code fullWidth.get(i)}. */
    private static String render(String digits, List<Boolean> fullWidth, String separator) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                out.append(separator);
            }
            char c = digits.charAt(i);
            boolean wide = fullWidth != null && fullWidth.get(i) && c != '*';
            out.append(wide ? (char) (c - '0' + '\uFF10') : c);
        }
        return out.toString();
    }
}
