package dev.mamori.phishing.aggregate;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AggregateReportValuesTest {
    private final AggregateReportParser parser = new AggregateReportParser();

    /** A pct beyond int range was cast to int first: 4294967346 read as 50, 2147483648 as a negative percentage. */
    @Test
    void aPctBeyondIntRangeIsRejectedNotWrappedAround() {
        String good = ReportFiles.minimal("r", "mamori-card.test", null);
        for (String pct : new String[] {"4294967346", "2147483648"}) {
            assertThatThrownBy(() -> parser.parse(ReportFiles.utf8(good.replace("<p>none</p>", "<p>none</p><pct>" + pct + "</pct>"))))
                    .isInstanceOfSatisfying(ReportFormatException.class, e -> {
                        assertThat(e.element()).isEqualTo("feedback/policy_published/pct");
                        assertThat(e.rule()).isEqualTo("percent");
                    });
        }
    }
}
