package dev.mamori.phishing.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** RFC 6376 section 3.4.5 examples, and the empty-body hashes. */
class CanonicalizationTest {
    /** The section 3.4.5 example message, with its SP, HTAB and CRLF spelled out. */
    private static final byte[] EXAMPLE = ("A: X\r\n"
            + "B : Y\t\r\n"
            + "\tZ  \r\n"
            + "\r\n"
            + " C \r\n"
            + "D \t E\r\n"
            + "\r\n"
            + "\r\n").getBytes(StandardCharsets.US_ASCII);

    private static final Message MESSAGE = Message.parse(EXAMPLE);

    @Test
    void relaxedHeadersLowerCaseNamesAndUnfold() {
        assertThat(Canonicalization.RELAXED.header(MESSAGE.fields().get(0).raw())).isEqualTo("a:X\r\n");
        assertThat(Canonicalization.RELAXED.header(MESSAGE.fields().get(1).raw())).isEqualTo("b:Y Z\r\n");
    }

    @Test
    void relaxedBodyCollapsesWhitespaceAndDropsTrailingEmptyLines() {
        assertThat(Canonicalization.RELAXED.body(MESSAGE.body())).isEqualTo(" C\r\nD E\r\n");
    }

    @Test
    void simpleHeadersAreUnchanged() {
        assertThat(Canonicalization.SIMPLE.header(MESSAGE.fields().get(0).raw())).isEqualTo("A: X\r\n");
        assertThat(Canonicalization.SIMPLE.header(MESSAGE.fields().get(1).raw()))
                .isEqualTo("B : Y\t\r\n\tZ  \r\n");
    }

    @Test
    void simpleBodyOnlyDropsTrailingEmptyLines() {
        assertThat(Canonicalization.SIMPLE.body(MESSAGE.body())).isEqualTo(" C \r\nD \t E\r\n");
    }

    @Test
    void emptyBodyIsOneCrlfSimpleAndNothingRelaxed() {
        assertThat(Canonicalization.SIMPLE.body("")).isEqualTo("\r\n");
        assertThat(Canonicalization.RELAXED.body("")).isEmpty();
        assertThat(Canonicalization.SIMPLE.body("\r\n\r\n")).isEqualTo("\r\n");
        assertThat(Canonicalization.RELAXED.body("  \r\n\t\r\n")).isEmpty();
        // Known body hashes of the empty body (RFC 6376 section 3.4.3 and 3.4.4).
        assertThat(sha256Base64(Canonicalization.SIMPLE.body("")))
                .isEqualTo("frcCV1k9oG9oKj3dpUqdJg1PxRT2RSN/XKdLCPjaYaY=");
        assertThat(sha256Base64(Canonicalization.RELAXED.body("")))
                .isEqualTo("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    }

    @Test
    void aBodyWithoutFinalLineBreakGetsOne() {
        assertThat(Canonicalization.SIMPLE.body("abc")).isEqualTo("abc\r\n");
        assertThat(Canonicalization.RELAXED.body("abc  ")).isEqualTo("abc\r\n");
    }

    @Test
    void theRfc8463BodyHashesToItsBh() {
        Message m = Message.parse(Rfc8463Example.crlf());
        assertThat(sha256Base64(Canonicalization.RELAXED.body(m.body())))
                .isEqualTo("2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=");
    }

    @Test
    void theSignatureValueIsRemovedButBhIsKept() {
        String field = "DKIM-Signature: v=1; bh=abc=;\r\n b=de\r\n f==; d=x";
        assertThat(DkimVerifier.withoutSignatureValue(field)).isEqualTo("DKIM-Signature: v=1; bh=abc=;\r\n b=; d=x");
        assertThat(DkimVerifier.withoutSignatureValue("DKIM-Signature: a=1; b=xyz"))
                .isEqualTo("DKIM-Signature: a=1; b=");
    }

    private static String sha256Base64(String s) {
        return Base64.getEncoder().encodeToString(
                DkimVerifier.sha256().digest(s.getBytes(StandardCharsets.ISO_8859_1)));
    }
}
