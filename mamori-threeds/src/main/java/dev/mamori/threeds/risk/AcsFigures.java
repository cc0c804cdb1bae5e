package dev.mamori.threeds.risk;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.threeds.DeviceChannel;
import dev.mamori.threeds.risk.internal.AcsRiskStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ACS's figures over a period, from its transactions: how many AReqs, how many passed without
 * friction, were challenged or refused, how challenges ended, by channel, and the exemptions used.
 */
public final class AcsFigures {
    private final AcsRiskStore store;

    public AcsFigures(Jdbc jdbc) {
        this.store = new AcsRiskStore(jdbc);
    }

    /**
     * Counts of one channel (or all).
     *
     * @param areqs AReqs answered
     * @param frictionless ARes Y (authenticated without a challenge)
     * @param challenged ARes C
     * @param refused ARes N or R
     * @param other ARes U, A, I
     * @param challengeSucceeded challenges that ended Y
     * @param challengeFailed challenges that ended otherwise (wrong codes, declined in the app, rejected)
     * @param challengeAbandoned challenges that timed out or the cardholder cancelled
     */
    public record Counts(String channel, long areqs, long frictionless, long challenged, long refused, long other, long challengeSucceeded,
                         long challengeFailed, long challengeAbandoned) {
        public double frictionlessRate() {
            return rate(frictionless, areqs);
        }

        public double challengeRate() {
            return rate(challenged, areqs);
        }

        public double refusalRate() {
            return rate(refused, areqs);
        }

        /** Of the challenges that have ended, the share that ended Y. */
        public double challengeSuccessRate() {
            return rate(challengeSucceeded, challengeSucceeded + challengeFailed + challengeAbandoned);
        }

        public double abandonmentRate() {
            return rate(challengeAbandoned, challengeSucceeded + challengeFailed + challengeAbandoned);
        }

        Counts plus(String channelName, AcsRiskStore.FigureRow row) {
            long n = row.count();
            String ares = row.aresStatus();
            boolean challenge = "C".equals(ares);
            boolean open = "challenge".equals(row.state());
            boolean abandoned = challenge && ("timed-out".equals(row.state()) || "abandoned".equals(row.state()));
            boolean succeeded = challenge && !open && !abandoned && "Y".equals(row.finalStatus());
            boolean failed = challenge && !open && !abandoned && !succeeded;
            return new Counts(channelName, areqs + n, frictionless + ("Y".equals(ares) ? n : 0), challenged + (challenge ? n : 0),
                    refused + ("N".equals(ares) || "R".equals(ares) ? n : 0),
                    other + ("U".equals(ares) || "A".equals(ares) || "I".equals(ares) ? n : 0),
                    challengeSucceeded + (succeeded ? n : 0), challengeFailed + (failed ? n : 0), challengeAbandoned + (abandoned ? n : 0));
        }

        static Counts empty(String channel) {
            return new Counts(channel, 0, 0, 0, 0, 0, 0, 0, 0);
        }
    }

    /** @param exemptions exemption name (LOW_VALUE, TRANSACTION_RISK_ANALYSIS) → AReqs it passed */
    public record Figures(Instant from, Instant to, Counts total, List<Counts> byChannel, Map<String, Long> exemptions) {
    }

    /** The tenant's figures for AReqs received in {@code [from, to)}. */
    public Figures figures(TenantId tenant, Instant from, Instant to) {
        Map<String, Counts> byChannel = new LinkedHashMap<>();
        for (DeviceChannel c : DeviceChannel.values()) {
            byChannel.put(c.code(), Counts.empty(channelName(c.code())));
        }
        Counts total = Counts.empty("all");
        Map<String, Long> exemptions = new LinkedHashMap<>();
        exemptions.put("LOW_VALUE", 0L);
        exemptions.put("TRANSACTION_RISK_ANALYSIS", 0L);
        for (AcsRiskStore.FigureRow row : store.figures(tenant, from, to)) {
            total = total.plus("all", row);
            String name = channelName(row.channel());
            byChannel.put(row.channel(), byChannel.getOrDefault(row.channel(), Counts.empty(name)).plus(name, row));
            if (!"NONE".equals(row.exemption()) && !row.exemption().isBlank()) {
                exemptions.merge(row.exemption(), row.count(), Long::sum);
            }
        }
        return new Figures(from, to, total, new ArrayList<>(byChannel.values()), exemptions);
    }

    static String channelName(String code) {
        DeviceChannel c = DeviceChannel.fromCode(code);
        return c == null ? code : switch (c) {
            case APP -> "app";
            case BROWSER -> "browser";
            case THREE_RI -> "3ri";
        };
    }

    static double rate(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }
}
