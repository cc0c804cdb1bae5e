package dev.mamori.risk.simulate;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one run sent, what the server answered, per label; latency per interface; and what the
 * server reported afterwards (its decision log, alerts, cards flagged at risk).
 *
 * <p>Definitions. <em>Caught</em>: declined (any response code) or challenged (1A, step-up
 * required). <em>False positive</em>: a legitimate payment declined or challenged by a fraud
 * control, that is answered 05, 59, 61, 65 or 1A; over-limit (51) and the like are not counted.
 */
final class SimulationReport {
    static final List<String> FRAUD_CONTROL_CODES = List.of("05", "59", "61", "65", "1A");

    /** Counts for one label. */
    static final class Tally {
        long sent;
        long decided;
        long approved;
        long declined;
        long challenged;
        long errors;
        long amountSent;
        long amountCaught;
        long fraudControlDeclines;
        /** Payments the merchant did not send for authorization because 3-D Secure refused them or the challenge was not passed. */
        long stoppedByThreeDs;
        final Map<String, Long> byCode = new TreeMap<>();
        final Map<String, Long> errorKinds = new TreeMap<>();
        /** First reason of each decline or challenge, where the interface tells it (JSON, the issuer's own view). */
        final Map<String, Long> byReason = new TreeMap<>();

        void add(SimEvent e, Outcome o) {
            sent++;
            amountSent += e.amount;
            if (!o.decided()) {
                errors++;
                errorKinds.merge(o.error(), 1L, Long::sum);
                return;
            }
            decided++;
            byCode.merge(o.responseCode(), 1L, Long::sum);
            if (o.approved()) {
                approved++;
            } else {
                if (o.challenged()) {
                    challenged++;
                } else {
                    declined++;
                }
                amountCaught += e.amount;
                if (o.reasons() != null && !o.reasons().isEmpty()) {
                    byReason.merge(o.reasons().split(",")[0], 1L, Long::sum);
                }
                if (FRAUD_CONTROL_CODES.contains(o.responseCode())) {
                    fraudControlDeclines++;
                }
            }
        }

        void stopped(SimEvent e) {
            stoppedByThreeDs++;
            amountSent += e.amount;
            amountCaught += e.amount;
        }

        /** Declined, challenged (1A) or stopped by 3-D Secure, of the payments that got an answer or were stopped. */
        double caughtRate() {
            long all = decided + stoppedByThreeDs;
            return all == 0 ? Double.NaN : (double) (declined + challenged + stoppedByThreeDs) / all;
        }

        double fraudControlRate() {
            return decided == 0 ? Double.NaN : (double) fraudControlDeclines / decided;
        }

        Map<String, Object> toMap(boolean legit) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sent", sent);
            m.put("decided", decided);
            m.put("approved", approved);
            m.put("declined", declined);
            m.put("challenged", challenged);
            m.put("errors", errors);
            m.put("stoppedByThreeDs", stoppedByThreeDs);
            m.put("byResponseCode", new LinkedHashMap<>(byCode));
            m.put("declineReasonsSeenOverJson", new LinkedHashMap<>(byReason));
            if (!errorKinds.isEmpty()) {
                m.put("errorKinds", new LinkedHashMap<>(errorKinds));
            }
            m.put("amountSent", amountSent);
            m.put(legit ? "amountDeclinedOrChallenged" : "amountCaught", amountCaught);
            if (legit) {
                m.put("falsePositives", fraudControlDeclines);
                m.put("falsePositiveRate", round(fraudControlRate()));
            } else {
                m.put("caughtRate", round(caughtRate()));
                m.put("caughtByFraudControlsRate", round(fraudControlRate()));
            }
            return m;
        }
    }

    /** 3-D Secure authentications of one label, as the merchant saw them. */
    static final class ThreeDsTally {
        long authentications;
        long frictionless;
        long challenged;
        long passed;
        long failed;
        long abandoned;
        long refused;
        long unavailable;
        long errors;
        long authorized;
        long approved;
        long approvedWithLiabilityShift;
        final Map<String, Long> errorKinds = new TreeMap<>();

        void add(ThreeDsFlow.Authentication a) {
            authentications++;
            if (a.challenged()) {
                challenged++;
            }
            switch (a.result()) {
                case FRICTIONLESS -> frictionless++;
                case CHALLENGE_PASSED -> passed++;
                case CHALLENGE_FAILED -> failed++;
                case CHALLENGE_ABANDONED -> abandoned++;
                case REFUSED -> refused++;
                case UNAVAILABLE -> unavailable++;
                case ERROR -> {
                    errors++;
                    errorKinds.merge(a.detail() == null ? "error" : a.detail(), 1L, Long::sum);
                }
            }
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("authentications", authentications);
            m.put("frictionless", frictionless);
            m.put("challenged", challenged);
            m.put("challengePassed", passed);
            m.put("challengeFailed", failed);
            m.put("challengeAbandoned", abandoned);
            m.put("refused", refused);
            m.put("unavailable", unavailable);
            m.put("errors", errors);
            if (!errorKinds.isEmpty()) {
                m.put("errorKinds", new LinkedHashMap<>(errorKinds));
            }
            m.put("authorized", authorized);
            m.put("approved", approved);
            m.put("approvedWithLiabilityShift", approvedWithLiabilityShift);
            return m;
        }
    }

    final Map<Scenario, Tally> tallies = new EnumMap<>(Scenario.class);
    final Map<Scenario, ThreeDsTally> threeDs = new EnumMap<>(Scenario.class);
    /**
     * Legitimate payments of cards that fraud had already touched in this run (phished, taken over,
     * reshipped, or guessed by the card tester): a subset of {@code legit}. Card-level rules decline
     * some of them on purpose, so they are reported apart from false positives on clean cards.
     */
    final Tally legitOnCompromisedCards = new Tally();
    final Tally legitOnCleanCards = new Tally();
    final Map<String, Histogram> latency = new LinkedHashMap<>();
    final Map<String, Long> sentByInterface = new LinkedHashMap<>();
    final Map<String, Object> run = new LinkedHashMap<>();
    final Map<String, Object> setup = new LinkedHashMap<>();

    // Credit master: where the burst was stopped.
    int probes;
    int firstStoppedProbe = -1;
    int validCardsFound;
    int approvedAfterStop;
    final List<Integer> guessedCards = new ArrayList<>();

    long elapsedNanos;

    // Afterwards, from the server.
    Long serverDecisions;
    Map<String, Long> serverByCode;
    List<String> alerts = List.of();
    Long atRiskCards;
    Long atRiskCardsOfThisRun;
    String serverError;

    SimulationReport() {
        for (Scenario s : Scenario.values()) {
            tallies.put(s, new Tally());
            threeDs.put(s, new ThreeDsTally());
        }
    }

    /** One authentication; a payment it stopped is counted as stopped, one it let through waits for {@link #record}. */
    void recordThreeDs(SimEvent e, ThreeDsFlow.Authentication a, boolean cardCompromised) {
        threeDs.get(e.scenario).add(a);
        if (!a.result().authorize()) {
            tallies.get(e.scenario).stopped(e);
            if (e.scenario == Scenario.LEGIT) {
                (cardCompromised ? legitOnCompromisedCards : legitOnCleanCards).stopped(e);
            }
        }
    }

    /** The authorization that followed an authentication. */
    void recordAuthorizationAfterThreeDs(SimEvent e, ThreeDsFlow.Authentication a, Outcome o) {
        ThreeDsTally t = threeDs.get(e.scenario);
        t.authorized++;
        if (o.approved()) {
            t.approved++;
            if (a.liabilityShift()) {
                t.approvedWithLiabilityShift++;
            }
        }
    }

    ThreeDsTally threeDsTotal() {
        ThreeDsTally all = new ThreeDsTally();
        for (ThreeDsTally t : threeDs.values()) {
            all.authentications += t.authentications;
            all.frictionless += t.frictionless;
            all.challenged += t.challenged;
            all.passed += t.passed;
            all.failed += t.failed;
            all.abandoned += t.abandoned;
            all.refused += t.refused;
            all.unavailable += t.unavailable;
            all.errors += t.errors;
            all.authorized += t.authorized;
            all.approved += t.approved;
            all.approvedWithLiabilityShift += t.approvedWithLiabilityShift;
            t.errorKinds.forEach((k, n) -> all.errorKinds.merge(k, n, Long::sum));
        }
        return all;
    }

    void record(SimEvent e, String transport, Outcome o, boolean cardCompromised) {
        tallies.get(e.scenario).add(e, o);
        if (e.scenario == Scenario.LEGIT) {
            (cardCompromised ? legitOnCompromisedCards : legitOnCleanCards).add(e, o);
        }
        sentByInterface.merge(transport, 1L, Long::sum);
        Histogram h = latency.computeIfAbsent(transport, k -> new Histogram(TimeUnit.SECONDS.toNanos(60), 3));
        h.recordValue(Math.min(Math.max(0, o.latencyNanos()), h.getHighestTrackableValue()));
        if (e.scenario == Scenario.CREDIT_MASTER) {
            probes++;
            if (o.decided() && "59".equals(o.responseCode()) && firstStoppedProbe < 0) {
                firstStoppedProbe = probes;
            }
            if (o.approved()) {
                if (firstStoppedProbe < 0) {
                    validCardsFound++;
                    guessedCards.add(e.cardholder);
                } else {
                    approvedAfterStop++;
                }
            }
        }
    }

    long decided() {
        long n = 0;
        for (Tally t : tallies.values()) {
            n += t.decided;
        }
        return n;
    }

    Map<String, Long> decidedByCode() {
        Map<String, Long> codes = new TreeMap<>();
        for (Tally t : tallies.values()) {
            t.byCode.forEach((code, n) -> codes.merge(code, n, Long::sum));
        }
        return codes;
    }

    Tally fraud() {
        Tally all = new Tally();
        for (Scenario s : Scenario.values()) {
            if (s.fraud()) {
                Tally t = tallies.get(s);
                all.sent += t.sent;
                all.decided += t.decided;
                all.approved += t.approved;
                all.declined += t.declined;
                all.challenged += t.challenged;
                all.errors += t.errors;
                all.amountSent += t.amountSent;
                all.amountCaught += t.amountCaught;
                all.fraudControlDeclines += t.fraudControlDeclines;
                all.stoppedByThreeDs += t.stoppedByThreeDs;
                t.byCode.forEach((code, n) -> all.byCode.merge(code, n, Long::sum));
            }
        }
        return all;
    }

    Boolean consistent() {
        return serverDecisions == null ? null : serverDecisions == decided() && decidedByCode().equals(serverByCode);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", run);
        if (!setup.isEmpty()) {
            m.put("setup", setup);
        }
        Map<String, Object> scenarios = new LinkedHashMap<>();
        for (Scenario s : Scenario.values()) {
            Map<String, Object> t = tallies.get(s).toMap(!s.fraud());
            if (s == Scenario.CREDIT_MASTER) {
                t.put("probesUntilStopped", firstStoppedProbe < 0 ? null : firstStoppedProbe);
                t.put("validCardsFound", validCardsFound);
                t.put("approvedAfterStop", approvedAfterStop);
            }
            if (s == Scenario.LEGIT) {
                t.put("onCleanCards", legitOnCleanCards.toMap(true));
                t.put("onCompromisedCards", legitOnCompromisedCards.toMap(true));
            }
            scenarios.put(s.id(), t);
        }
        m.put("scenarios", scenarios);
        Map<String, Object> threeDsMap = new LinkedHashMap<>();
        for (Scenario s : Scenario.values()) {
            threeDsMap.put(s.id(), threeDs.get(s).toMap());
        }
        threeDsMap.put("all", threeDsTotal().toMap());
        m.put("threeDs", threeDsMap);
        Tally fraud = fraud();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("fraudSent", fraud.sent);
        summary.put("fraudCaughtRate", round(fraud.caughtRate()));
        summary.put("fraudAmountSent", fraud.amountSent);
        summary.put("fraudAmountCaught", fraud.amountCaught);
        summary.put("legitFalsePositiveRate", round(legitOnCleanCards.fraudControlRate()));
        summary.put("legitFalsePositiveRateAllCards", round(tallies.get(Scenario.LEGIT).fraudControlRate()));
        summary.put("legitDeclinedOnCompromisedCards", legitOnCompromisedCards.fraudControlDeclines);
        double seconds = elapsedNanos / 1e9;
        summary.put("elapsedSeconds", round(seconds));
        summary.put("throughputPerSecond", round(seconds <= 0 ? Double.NaN : decided() / seconds));
        m.put("summary", summary);
        Map<String, Object> lat = new LinkedHashMap<>();
        latency.forEach((name, h) -> {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("count", h.getTotalCount());
            l.put("p50Micros", h.getValueAtPercentile(50) / 1000);
            l.put("p99Micros", h.getValueAtPercentile(99) / 1000);
            l.put("maxMicros", h.getMaxValue() / 1000);
            lat.put(name, l);
        });
        m.put("latency", lat);
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("decisionsLogged", serverDecisions);
        server.put("byResponseCode", serverByCode);
        server.put("consistentWithSimulator", consistent());
        server.put("alerts", alerts);
        server.put("atRiskCards", atRiskCards);
        server.put("atRiskCardsFlaggedDuringRun", atRiskCardsOfThisRun);
        if (serverError != null) {
            server.put("error", serverError);
        }
        m.put("server", server);
        return m;
    }

    void print(PrintStream out) {
        out.println();
        out.println("Simulation report (seed " + run.get("seed") + ", " + run.get("interface") + ", " + run.get("cards") + " cards, "
                + run.get("days") + " simulated day(s))");
        out.printf(Locale.ROOT, "%-36s %6s %6s %6s %6s %5s  %s%n", "", "sent", "appr", "decl", "chall", "err", "response codes");
        for (Scenario s : Scenario.values()) {
            Tally t = tallies.get(s);
            out.printf(Locale.ROOT, "%-36s %6d %6d %6d %6d %5d  %s%n", s.title(), t.sent, t.approved, t.declined, t.challenged, t.errors,
                    codes(t.byCode));
        }
        out.println();
        for (Scenario s : Scenario.values()) {
            if (s.fraud()) {
                Tally t = tallies.get(s);
                out.printf(Locale.ROOT, "  %-34s caught %s (%d of %d), amount caught %,d of %,d JPY%n", s.title(), percent(t.caughtRate()),
                        t.declined + t.challenged + t.stoppedByThreeDs, t.decided + t.stoppedByThreeDs, t.amountCaught, t.amountSent);
            }
        }
        Tally fraud = fraud();
        out.printf(Locale.ROOT, "  %-34s caught %s, amount caught %,d of %,d JPY%n", "all fraud", percent(fraud.caughtRate()),
                fraud.amountCaught, fraud.amountSent);
        out.printf(Locale.ROOT, "  %-34s %s (%d of %d on clean cards declined 05/59/61/65 or challenged 1A)%n",
                "legit false positives", percent(legitOnCleanCards.fraudControlRate()), legitOnCleanCards.fraudControlDeclines,
                legitOnCleanCards.decided);
        out.printf(Locale.ROOT, "  %-34s %d of %d legitimate payments declined after fraud touched the card%n",
                "collateral on compromised cards", legitOnCompromisedCards.fraudControlDeclines, legitOnCompromisedCards.decided);
        if (probes > 0) {
            out.printf(Locale.ROOT, "  %-34s %s; %d valid card(s) found before, %d approved after%n", "credit-master burst",
                    firstStoppedProbe < 0 ? "never stopped (no 59) in " + probes + " probes"
                            : "stopped at probe " + firstStoppedProbe + " of " + probes, validCardsFound, approvedAfterStop);
        }
        ThreeDsTally total = threeDsTotal();
        if (total.authentications > 0) {
            out.println();
            out.println("3-D Secure (authentications before the authorization; stopped payments were not sent)");
            out.printf(Locale.ROOT, "%-36s %6s %6s %6s %6s %6s %6s %6s %5s %6s %6s%n", "", "auth", "frictl", "chall", "passed", "failed",
                    "abandn", "refusd", "u/err", "appr", "shift");
            for (Scenario s : Scenario.values()) {
                printThreeDs(out, s.title(), threeDs.get(s));
            }
            printThreeDs(out, "all", total);
        }
        out.println();
        double seconds = elapsedNanos / 1e9;
        out.printf(Locale.ROOT, "  throughput %.1f decisions/s over %.1f s%n", seconds <= 0 ? 0 : decided() / seconds, seconds);
        latency.forEach((name, h) -> out.printf(Locale.ROOT, "  latency %-4s p50 %,d us  p99 %,d us  max %,d us  (%d requests)%n", name,
                h.getValueAtPercentile(50) / 1000, h.getValueAtPercentile(99) / 1000, h.getMaxValue() / 1000, h.getTotalCount()));
        out.println();
        if (serverError != null) {
            out.println("  server: " + serverError);
        }
        if (serverDecisions != null) {
            out.println("  server decision log: " + serverDecisions + " decisions in the run's time window "
                    + (Boolean.TRUE.equals(consistent()) ? "(matches the simulator's " + decided() + " answers, code by code)"
                    : "(simulator got " + decided() + " answers: " + codes(decidedByCode()) + "; log: " + codes(serverByCode) + ")"));
        }
        if (atRiskCards != null) {
            out.println("  cards at risk: " + atRiskCardsOfThisRun + " flagged during the run (" + atRiskCards + " in all)");
        }
        out.println("  alerts during the run: " + alerts.size());
        for (String alert : alerts.subList(0, Math.min(alerts.size(), 8))) {
            out.println("    - " + alert);
        }
        if (alerts.size() > 8) {
            out.println("    ... " + (alerts.size() - 8) + " more (--json FILE has them all)");
        }
        Tally all = new Tally();
        tallies.values().forEach(t -> t.byReason.forEach((r, n) -> all.byReason.merge(r, n, Long::sum)));
        if (!all.byReason.isEmpty()) {
            StringBuilder reasons = new StringBuilder();
            all.byReason.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(10)
                    .forEach(e -> reasons.append(reasons.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue()));
            out.println("  top decline reasons (JSON answers): " + reasons);
        }
    }

    private static void printThreeDs(PrintStream out, String title, ThreeDsTally t) {
        out.printf(Locale.ROOT, "%-36s %6d %6d %6d %6d %6d %6d %6d %5d %6d %6d%n", title, t.authentications, t.frictionless, t.challenged,
                t.passed, t.failed, t.abandoned, t.refused, t.unavailable + t.errors, t.approved, t.approvedWithLiabilityShift);
    }

    private static String codes(Map<String, Long> byCode) {
        if (byCode == null || byCode.isEmpty()) {
            return "-";
        }
        StringBuilder s = new StringBuilder();
        byCode.forEach((code, n) -> s.append(s.length() == 0 ? "" : " ").append(code).append('x').append(n));
        return s.toString();
    }

    private static String percent(double rate) {
        return Double.isNaN(rate) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }

    static Double round(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : Math.round(value * 10_000) / 10_000.0;
    }
}
