package dev.mamori.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.phishing.aggregate.DmarcSummary.DayVolume;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DmarcChartTest {
    static final LocalDate DAY = LocalDate.of(2026, 11, 1);

    @Test
    void theScaleTopIsARoundNumberAtLeastTheLargestDayAndSplitsIntoFourWholeTicks() {
        assertThat(DmarcChart.niceCeiling(0)).isEqualTo(4);
        assertThat(DmarcChart.niceCeiling(45)).isEqualTo(80);
        assertThat(DmarcChart.niceCeiling(1625)).isEqualTo(2000);
        assertThat(DmarcChart.niceCeiling(2000)).isEqualTo(2000);
        assertThat(DmarcChart.niceCeiling(2001)).isEqualTo(4000);
        assertThat(DmarcChart.niceCeiling(4_000_000_001L)).isEqualTo(5_000_000_000L);
    }

    @Test
    void barsStackPassBelowFailInProportionToTheScale() {
        DmarcChart chart = DmarcChart.of(List.of(new DayVolume(DAY, 1500, 500), new DayVolume(DAY.plusDays(1), 0, 0)));
        int plot = chart.plotBottom() - chart.plotTop();

        DmarcChart.Bar full = chart.bars().get(0);
        assertThat(full.passHeight()).isEqualTo(plot * 0.75);
        assertThat(full.failHeight()).isEqualTo(plot * 0.25);
        assertThat(full.passY() + full.passHeight()).isEqualTo(chart.plotBottom());
        assertThat(full.failY() + full.failHeight()).isEqualTo(full.passY());
        assertThat(full.failY()).isEqualTo(chart.plotTop());
        assertThat(full.title()).isEqualTo("2026-11-01: pass 1500, fail 500");
        assertThat(chart.bars().get(1).passHeight()).isZero();
        assertThat(chart.ticks()).extracting(DmarcChart.Tick::label).containsExactly("0", "500", "1000", "1500", "2000");
    }

    @Test
    void aLongPeriodLabelsAboutTenDaysAndKeepsBarsInsideThePlot() {
        List<DayVolume> days = new ArrayList<>();
        for (int i = 0; i < 366; i++) {
            days.add(new DayVolume(DAY.plusDays(i), i, 1));
        }
        DmarcChart chart = DmarcChart.of(days);

        assertThat(chart.bars()).hasSize(366);
        assertThat(chart.bars().stream().filter(b -> b.label() != null).count()).isBetween(9L, 11L);
        DmarcChart.Bar last = chart.bars().get(365);
        assertThat(last.x() + last.width()).isLessThanOrEqualTo(chart.width());
        assertThat(chart.bars().stream().allMatch(b -> b.failY() >= chart.plotTop() - 0.1)).isTrue();
    }
}
