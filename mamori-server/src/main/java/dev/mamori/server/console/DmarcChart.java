package dev.mamori.server.console;

import dev.mamori.phishing.aggregate.DmarcSummary.DayVolume;
import java.util.ArrayList;
import java.util.List;

/**
 * The daily volume chart as SVG geometry for the template: one stacked bar per day, DMARC pass at
 * the bottom and fail on top. Computed here because the console's CSP allows no script: the
 * browser gets finished SVG.
 */
record DmarcChart(int width, int height, int plotTop, int plotBottom, long max, List<Bar> bars, List<Tick> ticks) {
    static final int WIDTH = 720;
    static final int HEIGHT = 240;
    static final int LEFT = 56;
    static final int RIGHT = 8;
    static final int TOP = 12;
    static final int BOTTOM = 28;

    /** One day's bar: pass rectangle below, fail rectangle on top, and an x-axis label on some days. */
    record Bar(double x, double width, double passY, double passHeight, double failY, double failHeight, String label, String title) {
    }

    /** A y-axis gridline with its value. */
    record Tick(double y, String label) {
    }

    static DmarcChart of(List<DayVolume> days) {
        long max = 0;
        for (DayVolume d : days) {
            max = Math.max(max, d.total());
        }
        long top = niceCeiling(max);
        int plotHeight = HEIGHT - TOP - BOTTOM;
        double slot = days.isEmpty() ? 0 : (double) (WIDTH - LEFT - RIGHT) / days.size();
        double barWidth = Math.max(1, slot * 0.8);
        int labelEvery = Math.max(1, (int) Math.ceil(days.size() / 10.0));
        List<Bar> bars = new ArrayList<>(days.size());
        for (int i = 0; i < days.size(); i++) {
            DayVolume d = days.get(i);
            double passH = (double) d.pass() / top * plotHeight;
            double failH = (double) d.fail() / top * plotHeight;
            double base = TOP + plotHeight;
            bars.add(new Bar(round(LEFT + i * slot + (slot - barWidth) / 2), round(barWidth), round(base - passH), round(passH),
                    round(base - passH - failH), round(failH), i % labelEvery == 0 ? d.day().toString().substring(5) : null,
                    d.day() + ": pass " + d.pass() + ", fail " + d.fail()));
        }
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i <= 4; i++) {
            ticks.add(new Tick(round(TOP + plotHeight - plotHeight * i / 4.0), Long.toString(top * i / 4)));
        }
        return new DmarcChart(WIDTH, HEIGHT, TOP, TOP + plotHeight, max, bars, ticks);
    }

    /** The smallest of 1, 2, 4, 5 or 8 times a power of ten that is at least {@code value} and divisible by 4 (whole ticks). */
    static long niceCeiling(long value) {
        for (long power = 1; ; power *= 10) {
            for (long step : new long[] {1, 2, 4, 5, 8}) {
                long candidate = step * power;
                if (candidate >= value && candidate % 4 == 0) {
                    return candidate;
                }
            }
        }
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
