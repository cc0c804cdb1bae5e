package dev.mamori.phishing.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScreenshotsTest {

    @Test
    void recognisesPngJpegAndWebpByTheirFirstBytes() {
        assertThat(Screenshots.contentType(CaseFixtures.PNG)).isEqualTo("image/png");
        assertThat(Screenshots.contentType(CaseFixtures.JPEG)).isEqualTo("image/jpeg");
        assertThat(Screenshots.contentType(CaseFixtures.WEBP)).isEqualTo("image/webp");
    }

    @Test
    void refusesOtherFilesWhateverTheyAreCalled() {
        for (byte[] bytes : new byte[][] {"GIF89a....".getBytes(StandardCharsets.US_ASCII), "<svg onload=alert(1)>".getBytes(StandardCharsets.US_ASCII),
                "%PDF-1.7".getBytes(StandardCharsets.US_ASCII), {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'A', 'V', 'E'}, {(byte) 0x89, 'P', 'N'}}) {
            assertThatThrownBy(() -> Screenshots.contentType(bytes)).isInstanceOfSatisfying(InvalidReportException.class, e -> {
                assertThat(e.field()).isEqualTo("image");
                assertThat(e.rule()).isEqualTo("image-type");
            });
        }
    }

    @Test
    void refusesEmptyAndOversizedImages() {
        assertThatThrownBy(() -> Screenshots.contentType(new byte[0])).hasFieldOrPropertyWithValue("rule", "required");
        byte[] big = new byte[Screenshots.MAX_BYTES + 1];
        System.arraycopy(CaseFixtures.PNG, 0, big, 0, CaseFixtures.PNG.length);
        assertThatThrownBy(() -> Screenshots.contentType(big)).hasFieldOrPropertyWithValue("rule", "max-size");
    }
}
