package dev.mamori.phishing.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CaseStatusTest {

    @Test
    void theUsualPathIsAllowedStepByStep() {
        assertThat(CaseStatus.NEW.canMoveTo(CaseStatus.CONFIRMED)).isTrue();
        assertThat(CaseStatus.CONFIRMED.canMoveTo(CaseStatus.TAKEDOWN_REQUESTED)).isTrue();
        assertThat(CaseStatus.TAKEDOWN_REQUESTED.canMoveTo(CaseStatus.DOWN)).isTrue();
        assertThat(CaseStatus.DOWN.canMoveTo(CaseStatus.CLOSED)).isTrue();
    }

    @Test
    void jumpsBackwardsAndOutOfFinalStatesAreNot() {
        assertThat(CaseStatus.NEW.canMoveTo(CaseStatus.DOWN)).isFalse();
        assertThat(CaseStatus.NEW.canMoveTo(CaseStatus.NEW)).isFalse();
        assertThat(CaseStatus.CONFIRMED.canMoveTo(CaseStatus.NEW)).isFalse();
        assertThat(CaseStatus.CONFIRMED.canMoveTo(CaseStatus.REJECTED)).isFalse();
        for (CaseStatus last : new CaseStatus[] {CaseStatus.CLOSED, CaseStatus.REJECTED, CaseStatus.FALSE_POSITIVE}) {
            assertThat(last.next()).as(last.id()).isEmpty();
        }
        assertThat(CaseStatus.DOWN.canMoveTo(CaseStatus.CONFIRMED)).as("the site came back").isTrue();
    }

    @Test
    void idsRoundTripAndUnknownOnesNameTheField() {
        for (CaseStatus s : CaseStatus.values()) {
            assertThat(CaseStatus.of(s.id(), "status")).isEqualTo(s);
        }
        assertThat(CaseStatus.TAKEDOWN_REQUESTED.id()).isEqualTo("takedown-requested");
        assertThatThrownBy(() -> CaseStatus.of("gone", "status")).isInstanceOfSatisfying(InvalidReportException.class, e -> {
            assertThat(e.field()).isEqualTo("status");
            assertThat(e.rule()).isEqualTo("one-of");
        });
        assertThat(new InvalidTransitionException(CaseStatus.NEW, CaseStatus.DOWN).getMessage())
                .isEqualTo("a case in state new cannot move to down; allowed: confirmed, rejected, false-positive");
    }

    @Test
    void csvCellsAreQuotedAndFormulasDisarmed() {
        assertThat(CaseExports.cell("plain")).isEqualTo("plain");
        assertThat(CaseExports.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(CaseExports.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CaseExports.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(CaseExports.cell("line\nbreak")).isEqualTo("\"line\nbreak\"");
        assertThat(CaseExports.cell(null)).isEmpty();
    }

    @Test
    void defangedTextKeepsLinksFromBeingClicked() {
        assertThat(Defang.text("go to https://evil.example.com/a now")).isEqualTo("go to hxxps[://]evil[.]example[.]com/a now");
        assertThat(Defang.text("no link")).isEqualTo("no link");
    }
}
