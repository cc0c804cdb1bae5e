package dev.mamori.phishing.posture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.phishing.internal.DkimKeys;
import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The record and policy readers of the posture check answer any text with a result or their own exception. */
class PostureParsersPropertiesTest {
    @Property(tries = 500)
    void dkimKeyRecordsNeverThrow(@ForAll("keyRecords") String record) {
        DkimKeyStatus status = DkimKeys.inspect("s1", record);
        assertThat(status.state()).isNotNull();
    }

    @Property(tries = 500)
    void mtaStsPoliciesParseOrFailWithTheirOwnException(@ForAll("policies") String text) {
        try {
            MtaStsPolicy policy = MtaStsPolicy.parse(text);
            assertThat(policy.maxAge()).isBetween(0L, MtaStsPolicy.MAX_AGE_LIMIT);
            policy.allows("mx1.example.com");
        } catch (MtaStsPolicyException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> keyRecords() {
        Arbitrary<byte[]> der = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
        Arbitrary<byte[]> rsaLike = der.map(b -> {
            byte[] out = new byte[b.length + 4];
            out[0] = 0x30;
            out[1] = (byte) 0x82;
            out[2] = (byte) (b.length >> 8);
            out[3] = (byte) b.length;
            System.arraycopy(b, 0, out, 4, b.length);
            return out;
        });
        Arbitrary<String> key = Arbitraries.oneOf(der, rsaLike).map(b -> Base64.getEncoder().encodeToString(b));
        Arbitrary<String> k = Arbitraries.of("", "k=rsa; ", "k=ed25519; ", "k=RSA; ", "t=y:s; ", "v=DKIM1; ");
        Arbitrary<String> noise = Arbitraries.strings().withChars("=;: \tpkvty").ofMaxLength(30);
        return Arbitraries.oneOf(net.jqwik.api.Combinators.combine(k, key).as((a, b) -> a + "p=" + b), noise,
                Arbitraries.strings().ofMaxLength(200));
    }

    @Provide
    Arbitrary<String> policies() {
        Arbitrary<String> line = Arbitraries.oneOf(Arbitraries.of("version: STSv1", "mode: enforce", "mode: testing", "mode: none",
                "max_age: 86400", "max_age: 99999999999", "mx: *.example.com", "mx: *.", "mx: .", "mx:", ":", "x: y"),
                Arbitraries.strings().ofMaxLength(40));
        return net.jqwik.api.Combinators.combine(line.list().ofMaxSize(8), Arbitraries.of("\r\n", "\n")).as((lines, end) -> String.join(end, lines));
    }
}
