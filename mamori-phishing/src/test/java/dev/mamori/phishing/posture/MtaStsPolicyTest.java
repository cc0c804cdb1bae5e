package dev.mamori.phishing.posture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MtaStsPolicyTest {

    @Test
    void parsesTheExampleOfRfc8461() throws Exception {
        MtaStsPolicy policy = MtaStsPolicy.parse("version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\n"
                + "mx: backupmx.example.com\r\nmax_age: 604800\r\n");
        assertThat(policy.mode()).isEqualTo(MtaStsPolicy.Mode.ENFORCE);
        assertThat(policy.mx()).containsExactly("mail.example.com", "*.example.net", "backupmx.example.com");
        assertThat(policy.maxAge()).isEqualTo(604800);
        assertThat(policy.allows("mail.example.com.")).isTrue();
        assertThat(policy.allows("mx1.example.net")).isTrue();
        // A wildcard covers exactly one label (RFC 8461 section 4.1).
        assertThat(policy.allows("a.b.example.net")).isFalse();
        assertThat(policy.allows("example.net")).isFalse();
        assertThat(policy.allows("mail.example.org")).isFalse();
    }

    @Test
    void eachBrokenFieldIsNamed() {
        assertThatThrownBy(() -> MtaStsPolicy.parse("")).isInstanceOf(MtaStsPolicyException.class)
                .extracting(e -> ((MtaStsPolicyException) e).field()).isEqualTo("version");
        assertField("mode: enforce\nmx: a.test\nmax_age: 1\n", "version");
        assertField("version: STSv2\nmode: enforce\nmx: a.test\nmax_age: 1\n", "version");
        assertField("version: STSv1\nmx: a.test\nmax_age: 1\n", "mode");
        assertField("version: STSv1\nmode: strict\nmx: a.test\nmax_age: 1\n", "mode");
        assertField("version: STSv1\nmode: enforce\nmax_age: 1\n", "mx");
        assertField("version: STSv1\nmode: enforce\nmx: bad host\nmax_age: 1\n", "mx");
        assertField("version: STSv1\nmode: enforce\nmx: a.test\n", "max_age");
        assertField("version: STSv1\nmode: enforce\nmx: a.test\nmax_age: 99999999999\n", "max_age");
        assertField("version: STSv1\nmode: enforce\nmx: a.test\nmax_age: -1\n", "max_age");
        assertField("version: STSv1\nthis line has no colon\n", "line 2");
    }

    @Test
    void modeNoneNeedsNoMxAndUnknownFieldsAreIgnored() throws Exception {
        MtaStsPolicy policy = MtaStsPolicy.parse("version: STSv1\nmode: none\nmax_age: 0\nextension: value\n");
        assertThat(policy.mode()).isEqualTo(MtaStsPolicy.Mode.NONE);
        assertThat(policy.mx()).isEmpty();
    }

    private static void assertField(String text, String field) {
        assertThatThrownBy(() -> MtaStsPolicy.parse(text)).isInstanceOf(MtaStsPolicyException.class)
                .satisfies(e -> assertThat(((MtaStsPolicyException) e).field()).isEqualTo(field))
                .hasMessageStartingWith(field + ": ");
    }
}
