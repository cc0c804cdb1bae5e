package dev.mamori.lab.drift;

import dev.mamori.lab.data.LabelledTransaction;
import dev.mamori.lab.train.DecisionLogTraining;
import dev.mamori.lab.train.FeatureReplay;
import dev.mamori.risk.DecisionLog;
import dev.mamori.risk.LoggedDecision;
import dev.mamori.risk.ResponseCode;
import dev.mamori.risk.features.FeatureSettings;
import dev.mamori.risk.model.FraudModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Has a model's world moved since it was trained? Compares a period of live traffic with the
 * baseline stored with the model version: the scores the host logged for that version against the
 * score distribution on the held-out rows, and each model input, recomputed by replaying the
 * period's decisions through the live feature code, against its distribution on the training rows.
 * Each comparison is a population stability index (PSI) with a level.
 */
public final class DriftCheck {
    /** Below this many values an index is reported but not judged: a handful of payments is noise, not drift. */
    public static final int MIN_ROWS = 50;

    /**
     * How far a distribution moved. The cut-offs are the conventional PSI reading of credit
     * scorecard monitoring: below 0.1 no significant change, 0.1 to 0.25 some change worth a look,
     * 0.25 and above a significant shift (N. Siddiqi, "Credit Risk Scorecards", Wiley 2006, ch. 12
     * "Scorecard Implementation", system stability report; also B. Yurdakul, "Statistical Properties
     * of Population Stability Index", Western Michigan University, 2018).
     */
    public enum Level {
        /** Too few values to judge (fewer than {@link #MIN_ROWS}). */
        INSUFFICIENT("insufficient-data"),
        STABLE("stable"),
        MODERATE("moderate"),
        MAJOR("major");

        public static final double MODERATE_FROM = 0.1;
        public static final double MAJOR_FROM = 0.25;

        private final String id;

        Level(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Level of(double psi, long rows) {
            if (rows < MIN_ROWS || Double.isNaN(psi)) {
                return INSUFFICIENT;
            }
            return psi >= MAJOR_FROM ? MAJOR : psi >= MODERATE_FROM ? MODERATE : STABLE;
        }

        public static Level fromId(String id) {
            for (Level l : values()) {
                if (l.id.equals(id)) {
                    return l;
                }
            }
            throw new IllegalArgumentException("unknown drift level " + id);
        }
    }

    /** One compared distribution: a model input (catalog name) or the score. @param psi NaN when there were no values */
    public record Item(String name, double psi, long rows, Level level) {
        public static Item of(String name, Distribution reference, double[] values) {
            double psi = reference.stabilityIndex(values);
            return new Item(name, psi, values.length, Level.of(psi, values.length));
        }
    }

    /**
     * @param score the logged scores of the version against the baseline's score distribution
     * @param features the model inputs, worst (highest index) first
     * @param unmeasured model inputs the baseline holds no distribution for, or the replay cannot compute
     * @param decisions the decisions in the period (each one's inputs were recomputed)
     * @param level the worst level of the score and the features
     */
    public record Result(int modelVersion, Instant from, Instant to, Item score, List<Item> features, List<String> unmeasured,
                         long decisions, Level level) {
        public Result {
            features = List.copyOf(features);
            unmeasured = List.copyOf(unmeasured);
        }
    }

    /** Thrown when the period (with its warm-up) holds more decisions than one check reads. */
    public static final class TooManyDecisionsException extends IllegalArgumentException {
        TooManyDecisionsException(int max) {
            super("the period and its warm-up hold more than " + max + " decisions; choose a shorter period");
        }
    }

    private final List<Duration> windows;
    private final FeatureSettings settings;
    private final Duration warmUp;
    private final int maxDecisions;

    /**
     * @param windows the live host's feature windows; the longest is replayed before the period so
     *     that windowed features start from the state the host had
     * @param settings the live host's feature settings
     * @param maxDecisions the most decisions (warm-up included) one check reads: their features are held in memory
     */
    public DriftCheck(List<Duration> windows, FeatureSettings settings, int maxDecisions) {
        this.windows = List.copyOf(windows);
        this.settings = settings;
        this.warmUp = windows.stream().max(Duration::compareTo).orElse(Duration.ZERO);
        this.maxDecisions = maxDecisions;
    }

    /**
     * Checks a version over [from, to).
     *
     * @throws IllegalArgumentException when the version has no baseline, or the period is empty or holds too many decisions
     */
    public Result run(DecisionLog log, FraudModel model, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the period's start must be before its end");
        }
        Baseline baseline = Baseline.fromJson(model.baseline());
        List<LoggedDecision> decisions = new ArrayList<>();
        log.forEach(model.tenant(), from.minus(warmUp), to, d -> {
            if (decisions.size() == maxDecisions) {
                throw new TooManyDecisionsException(maxDecisions);
            }
            decisions.add(d);
        });
        // Scores: only what this version scored (another version may have been active for part of the period).
        List<Double> scores = new ArrayList<>();
        Map<LabelledTransaction, FeatureReplay.Outcome> outcomes = new IdentityHashMap<>();
        List<LabelledTransaction> history = new ArrayList<>(decisions.size());
        for (LoggedDecision d : decisions) {
            if (!d.receivedAt().isBefore(from) && d.score() != null && d.modelVersion() != null && d.modelVersion() == model.version()) {
                scores.add(d.score());
            }
            LabelledTransaction t = DecisionLogTraining.transaction(d, false, to);
            history.add(t);
            // The host's own outcome, as ServingSkewTest proves the host's features are reproduced.
            outcomes.put(t, new FeatureReplay.Outcome(d.responseCode() == ResponseCode.APPROVED, d.cvcFailed()));
        }
        FeatureReplay replay = new FeatureReplay(windows, settings);
        FeatureReplay.Replayed replayed = replay.replay(history, outcomes::get);
        int first = 0;
        while (first < replayed.ordered().size() && replayed.ordered().get(first).time().isBefore(from)) {
            first++;
        }
        int rows = replayed.ordered().size() - first;
        float[] period = new float[rows * replayed.columns()];
        System.arraycopy(replayed.features(), first * replayed.columns(), period, 0, period.length);
        return compare(baseline, model.version(), from, to, scores.stream().mapToDouble(Double::doubleValue).toArray(), model.featureNames(),
                replay.names(), period, rows);
    }

    /**
     * The comparison itself, for values already at hand.
     *
     * @param inputs the model's inputs (what is judged)
     * @param columns the names of {@code rowMajor}'s columns
     */
    public static Result compare(Baseline baseline, int version, Instant from, Instant to, double[] scores, List<String> inputs,
                                 List<String> columns, float[] rowMajor, int rows) {
        Item score = Item.of("score", baseline.score(), scores);
        List<Item> features = new ArrayList<>();
        List<String> unmeasured = new ArrayList<>();
        double[] column = new double[rows];
        for (String name : inputs) {
            Distribution reference = baseline.features().get(name);
            int c = columns.indexOf(name);
            if (reference == null || c < 0) {
                unmeasured.add(name);
                continue;
            }
            for (int r = 0; r < rows; r++) {
                column[r] = rowMajor[r * columns.size() + c];
            }
            features.add(Item.of(name, reference, column));
        }
        features.sort(Comparator.comparingDouble((Item i) -> Double.isNaN(i.psi()) ? -1 : i.psi()).reversed()
                .thenComparing(Item::name));
        Level level = score.level();
        for (Item f : features) {
            level = f.level().compareTo(level) > 0 ? f.level() : level;
        }
        return new Result(version, from, to, score, features, unmeasured, rows, level);
    }

    /** A short English summary, e.g. for an alert: the level, the score's index and the worst inputs. */
    public static String summary(Result r) {
        StringBuilder s = new StringBuilder();
        s.append("model version ").append(r.modelVersion()).append(": ").append(r.level().id()).append(" drift; score PSI ")
                .append(format(r.score().psi())).append(" (").append(r.score().level().id()).append(")");
        List<Item> major = r.features().stream().filter(i -> i.level() == Level.MAJOR).toList();
        if (!major.isEmpty()) {
            s.append("; major: ");
            for (int i = 0; i < Math.min(5, major.size()); i++) {
                s.append(i == 0 ? "" : ", ").append(major.get(i).name()).append(" ").append(format(major.get(i).psi()));
            }
            if (major.size() > 5) {
                s.append(" and ").append(major.size() - 5).append(" more");
            }
        }
        return s.toString();
    }

    static String format(double psi) {
        return Double.isNaN(psi) ? "n/a" : String.format(Locale.ROOT, "%.3f", psi);
    }
}
