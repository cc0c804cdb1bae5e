package dev.mamori.phishing.posture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GradeTest {

    static List<PostureFinding> of(PostureCode... codes) {
        return java.util.Arrays.stream(codes).map(c -> new PostureFinding(c, "")).toList();
    }

    @Test
    void scoreLosesPointsBySeverityAndGradesByThreshold() {
        assertThat(Grade.of(of())).isEqualTo(Grade.A);
        assertThat(Grade.score(of(PostureCode.DKIM_REVOKED))).isEqualTo(100);
        assertThat(Grade.of(of(PostureCode.MTA_STS_MISSING, PostureCode.TLS_RPT_MISSING))).isEqualTo(Grade.A); // 94
        assertThat(Grade.of(of(PostureCode.DMARC_NO_RUA, PostureCode.DMARC_PARTIAL))).isEqualTo(Grade.B); // 84
        assertThat(Grade.of(of(PostureCode.DMARC_POLICY_NONE))).isEqualTo(Grade.B); // 80
        assertThat(Grade.of(of(PostureCode.DMARC_POLICY_NONE, PostureCode.DMARC_NO_RUA, PostureCode.SPF_NEUTRAL_ALL))).isEqualTo(Grade.C); // 64
        assertThat(Grade.of(of(PostureCode.NON_SENDING_SPF, PostureCode.NON_SENDING_DMARC))).isEqualTo(Grade.C); // 60
        assertThat(Grade.of(of(PostureCode.NON_SENDING_SPF, PostureCode.NON_SENDING_DMARC, PostureCode.DMARC_POLICY_NONE))).isEqualTo(Grade.D); // 40
        assertThat(Grade.of(of(PostureCode.SPF_MISSING, PostureCode.SPF_TOO_MANY_LOOKUPS, PostureCode.DMARC_POLICY_NONE, PostureCode.DKIM_WEAK_KEY))).isEqualTo(Grade.F); // 20
    }

    @Test
    void anyCriticalFindingIsF() {
        assertThat(Grade.score(of(PostureCode.SPF_PASS_ALL))).isEqualTo(60);
        assertThat(Grade.of(of(PostureCode.SPF_PASS_ALL))).isEqualTo(Grade.F);
        assertThat(Grade.of(of(PostureCode.DMARC_MISSING))).isEqualTo(Grade.F);
        assertThat(Grade.score(of(PostureCode.DMARC_MISSING, PostureCode.SPF_PASS_ALL, PostureCode.SPF_MISSING))).isZero();
    }

    @Test
    void worseMeansALaterLetter() {
        assertThat(Grade.F.isWorseThan(Grade.A)).isTrue();
        assertThat(Grade.B.isWorseThan(Grade.B)).isFalse();
        assertThat(Grade.A.isWorseThan(Grade.C)).isFalse();
    }
}
