package dev.mamori.threeds.message;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class ChallengeEncodingTest {

    @Test
    void encodesBase64UrlWithoutPaddingAndDecodesBack() throws ThreeDsException {
        ThreeDsMessage creq = Examples.message("creq-2.2.0");
        String form = ChallengeEncoding.encode(creq);
        assertThat(form).matches("[A-Za-z0-9_-]+");
        assertThat(ChallengeEncoding.decode(form)).isEqualTo(creq);
    }

    @Test
    void decodesPaddedValuesToo() throws ThreeDsException {
        String json = "{\"messageType\":\"CRes\",\"transStatus\":\"Y\"}";
        String padded = Base64.getUrlEncoder().encodeToString(json.getBytes(UTF_8));
        assertThat(padded).endsWith("=");
        assertThat(ChallengeEncoding.decode(padded).type()).isEqualTo(MessageType.CRes);
    }

    @Test
    void textThatIsNotBase64UrlOrNotJsonIs101() {
        for (String bad : new String[] {"", "not base64!", "a+b/c", Base64.getUrlEncoder().encodeToString("[1]".getBytes(UTF_8)),
                Base64.getUrlEncoder().encodeToString("nope".getBytes(UTF_8))}) {
            try {
                ChallengeEncoding.decode(bad);
                throw new AssertionError("decoded " + bad);
            } catch (ThreeDsException e) {
                assertThat(e.code()).as(bad).isEqualTo(ErrorCode.MESSAGE_RECEIVED_INVALID);
            }
        }
    }

    @Test
    void duplicatesInsideTheFormValueAre204() {
        String json = "{\"messageType\":\"CReq\",\"acsTransID\":\"a\",\"acsTransID\":\"b\"}";
        try {
            ChallengeEncoding.decode(Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(UTF_8)));
            throw new AssertionError("decoded");
        } catch (ThreeDsException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.DUPLICATE_DATA_ELEMENT);
            assertThat(e.errorDetail()).isEqualTo("acsTransID");
        }
    }
}
