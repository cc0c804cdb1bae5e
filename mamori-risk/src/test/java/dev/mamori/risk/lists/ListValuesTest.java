package dev.mamori.risk.lists;

import static dev.mamori.risk.lists.ListValues.canonical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListValuesTest {

    // ---- IP -----------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "192.0.2.1          | 192.0.2.1",
        " 192.0.2.1         | 192.0.2.1",
        "192.0.2.1/32       | 192.0.2.1",
        "10.0.0.0/8         | 10.0.0.0/8",
        "0.0.0.0/1          | 0.0.0.0/1",
        "2001:DB8::1        | 2001:db8::1",
        "2001:0db8:0000:0000:0000:0000:0000:0001 | 2001:db8::1",
        "2001:db8::/32      | 2001:db8::/32",
        "2001:db8:0:0:1:0:0:1 | 2001:db8::1:0:0:1",
        "::                 | ::",
        "::1                | ::1",
        "1::                | 1::",
        "::ffff:192.0.2.1   | 192.0.2.1",
        "::ffff:192.0.2.0/120 | 192.0.2.0/24",
        "64:ff9b::192.0.2.33 | 64:ff9b::c000:221",
    })
    void ipAddressesAndRangesHaveOneSpelling(String value, String expected) {
        assertThat(canonical(ListKind.IP, value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "example.com        | host names are not accepted",
        "localhost          | host names are not accepted",
        "256.0.0.1          | host names are not accepted",
        "1.2.3              | host names are not accepted",
        "01.2.3.4           | host names are not accepted",
        "1.2.3.4.5          | host names are not accepted",
        "1::2::3            | host names are not accepted",
        "fe80::1%eth0       | host names are not accepted",
        "1:2:3:4:5:6:7:8:9  | host names are not accepted",
        "12345::1           | host names are not accepted",
        "10.0.0.1/8         | no address bits set after the prefix",
        "2001:db8::1/32     | no address bits set after the prefix",
        "10.0.0.0/0         | prefix length is 1–32",
        "10.0.0.0/33        | prefix length is 1–32",
        "::/0               | prefix length is 1–128",
        "10.0.0.0/x         | a prefix length is a number",
        "10.0.0.0/          | a prefix length is a number",
    })
    void invalidIpValuesNameTheRule(String value, String rule) {
        assertThatThrownBy(() -> canonical(ListKind.IP, value))
                .isInstanceOf(InvalidListValueException.class)
                .hasMessageContaining(rule)
                .satisfies(e -> assertThat(((InvalidListValueException) e).field()).isEqualTo("value"));
    }

    @Property
    void everyIpv4AddressRoundTrips(@ForAll @IntRange(min = 0, max = 255) int a, @ForAll @IntRange(min = 0, max = 255) int b,
                                    @ForAll @IntRange(min = 0, max = 255) int c, @ForAll @IntRange(min = 0, max = 255) int d) {
        String text = a + "." + b + "." + c + "." + d;
        assertThat(canonical(ListKind.IP, text)).isEqualTo(text);
    }

    @Property
    void everyIpv6AddressRoundTripsThroughItsCanonicalForm(@ForAll long hi, @ForAll long lo) {
        if (IpLiteral.isV4Mapped(hi, lo)) {
            return;
        }
        String text = IpLiteral.formatV6(hi, lo);
        long[] parsed = new long[2];
        assertThat(IpLiteral.parseV6(text, 0, text.length(), parsed)).isTrue();
        assertThat(parsed).containsExactly(hi, lo);
        assertThat(canonical(ListKind.IP, text)).isEqualTo(text);
    }

    // ---- e-mail -------------------------------------------------------------------------------

    @Test
    void emailIsTrimmedAndLowerCasedButNotRewritten() {
        assertThat(canonical(ListKind.EMAIL, "  Taro.Yamada@Example.CO.JP ")).isEqualTo("taro.yamada@example.co.jp");
        assertThat(canonical(ListKind.EMAIL, "t.a.r.o+shop@gmail.com")).isEqualTo("t.a.r.o+shop@gmail.com");
    }

    @Test
    void plusTagIsDroppedOnlyWhenAsked() {
        assertThat(canonical(ListKind.EMAIL, "taro+shop1@example.com", EmailMatching.IGNORE_PLUS_TAG))
                .isEqualTo("taro@example.com");
        assertThat(canonical(ListKind.EMAIL, "+only@example.com", EmailMatching.IGNORE_PLUS_TAG))
                .isEqualTo("+only@example.com");
    }

    @Test
    void internationalDomainsAreCompared_inAsciiForm() {
        assertThat(canonical(ListKind.EMAIL, "info@例え.jp")).isEqualTo("info@xn--r8jz45g.jp");
    }

    @Test
    void aWholeDomainCanBeListed() {
        assertThat(canonical(ListKind.EMAIL, "@Mailinator.com")).isEqualTo("@mailinator.com");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "taro                | exactly one '@'",
        "taro@@example.com   | exactly one '@'",
        "ta ro@example.com   | no spaces",
        "<taro@example.com>  | no spaces",
        "taro@localhost      | two or more labels",
        "taro@-example.com   | two or more labels",
        "taro@exa_mple.com   | two or more labels",
        "taro@example..com   | two or more labels",
    })
    void invalidEmailsNameTheRule(String value, String rule) {
        assertThatThrownBy(() -> canonical(ListKind.EMAIL, value))
                .isInstanceOf(InvalidListValueException.class)
                .hasMessageContaining(rule)
                .hasMessageNotContaining("taro");
    }

    // ---- BIN ----------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "412345                | 412345",
        "41234567              | 41234567",
        "41234567890           | 41234567890",
        "412345-412399         | 412345-412399",
        " 41234500 - 41234599  | 41234500-41234599",
        "412345-412345         | 412345",
        "000100-000199         | 000100-000199",
    })
    void binsAndRangesHaveOneSpelling(String value, String expected) {
        assertThat(canonical(ListKind.BIN, value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "41234          | 6–11 digits",
        "412345678901   | 6–11 digits",
        "4123a5         | 6–11 digits",
        "412345-4123999 | the same number of digits",
        "412399-412345  | starts at its lower end",
        "''             | 6–11 digits",
    })
    void invalidBinsNameTheRule(String value, String rule) {
        assertThatThrownBy(() -> canonical(ListKind.BIN, value))
                .isInstanceOf(InvalidListValueException.class)
                .hasMessageContaining(rule);
    }

    // ---- ids and addresses --------------------------------------------------------------------

    @Test
    void fingerprintsAreOpaqueAndCaseSensitive() {
        assertThat(canonical(ListKind.CARD_FINGERPRINT, " fp_AbC-123 ")).isEqualTo("fp_AbC-123");
        assertThatThrownBy(() -> canonical(ListKind.CARD_FINGERPRINT, "fp/abc"))
                .hasMessageContaining("only letters");
        assertThatThrownBy(() -> canonical(ListKind.CARD_FINGERPRINT, "x".repeat(129)))
                .hasMessageContaining("1–128 characters");
        assertThatThrownBy(() -> canonical(ListKind.CARD_FINGERPRINT, ""))
                .hasMessageContaining("1–128 characters");
    }

    @Test
    void deviceIdsAreTrimmed() {
        assertThat(canonical(ListKind.DEVICE, "  dev:123 ABC ")).isEqualTo("dev:123 ABC");
        assertThatThrownBy(() -> canonical(ListKind.DEVICE, "   ")).hasMessageContaining("1–128 characters");
        assertThatThrownBy(() -> canonical(ListKind.DEVICE, "a\u0000b")).hasMessageContaining("control");
    }

    @Test
    void deliveryAddressesAreStoredByKeyAndMustNameABlock() {
        assertThat(canonical(ListKind.DELIVERY_ADDRESS, "東京都千代田区霞が関一丁目3番1号")).isEqualTo("千代田区霞関|1-3-1");
        assertThatThrownBy(() -> canonical(ListKind.DELIVERY_ADDRESS, "東京都千代田区霞が関"))
                .hasMessageContaining("block number");
        assertThatThrownBy(() -> canonical(ListKind.DELIVERY_ADDRESS, "霞".repeat(300)))
                .hasMessageContaining("1–256 characters");
    }

    @Test
    void aMissingValueIsRequired() {
        assertThatThrownBy(() -> canonical(ListKind.DEVICE, null)).hasMessage("value: required");
    }
}
