package dev.mamori.lab.cli;

import dev.mamori.lab.eval.BinaryMetrics;
import dev.mamori.lab.quality.LabelDelays;
import dev.mamori.lab.quality.QualityBenchmark;
import dev.mamori.lab.train.TrainingRun;
import dev.mamori.lab.train.XgboostTrainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./mamori model benchmark}: the fraud-model quality benchmark on the simulator's traffic
 * (rules only, model only, rules + model on a held-out later period). Needs no server: the host
 * runs in process over an in-memory database.
 */
public final class QualityBenchmarkCommand {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    public static final String HELP = """
            Usage: ./mamori model benchmark [options]

            Measures fraud detection on the simulator's traffic (./mamori simulate's cardholders,
            merchants and four fraud scenarios) over simulated days. Every payment is decided by the
            real authorization host in this process, over an in-memory database, at its simulated
            time, with the starter rules of 'simulate --setup' active and a drop address blocked.
            Fraud labels become known late: stopped fraud 1-3 days after, approved fraud 60 %
            "not me" 1-14 days, 40 % chargeback 30-60 days. A model (XGBoost) trains on the oldest
            70 % of the decision log with the labels known at its end; thresholds for 0.1 % and 1 %
            false-positive rate are chosen on the next 15 %; the newest 15 % is held out. Prints,
            for rules only, model only and rules + model: average precision, recall at 0.1 % and 1 %
            false-positive rate, and fraud amount caught versus good amount stopped.

              --days D           simulated days (default 60)
              --cards N          cardholders (default 2500)
              --transactions N   payments over the whole period, fraud included (default 75000)
              --seed S           seed of the traffic, labels and training (default 1)
              --start DATE       the first simulated day, Asia/Tokyo (default 2026-04-01)
              --rounds N         boosting rounds (default 200)
              --depth N          tree depth (default 6)
              --json FILE        also write the report as JSON (- for standard output, without the table)

            Exit code: 0 done, 1 the benchmark could not run, 2 usage error.
            """;

    private QualityBenchmarkCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help") || arg.equals("help")) {
                out.print(HELP);
                return OK;
            }
        }
        QualityBenchmark.Options defaults = QualityBenchmark.Options.defaults();
        long seed = defaults.seed();
        int days = defaults.days();
        int cards = defaults.cards();
        int transactions = defaults.transactions();
        LocalDate start = defaults.start();
        int rounds = defaults.params().rounds();
        int depth = defaults.params().maxDepth();
        String json = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (!name.startsWith("--")) {
                    throw new UsageException("unexpected argument: " + name);
                }
                if (i + 1 >= args.length) {
                    throw new UsageException(name + " needs a value");
                }
                String value = args[++i];
                switch (name) {
                    case "--days" -> days = number(name, value, 7, 365);
                    case "--cards" -> cards = number(name, value, 20, 100_000);
                    case "--transactions" -> transactions = number(name, value, 500, 5_000_000);
                    case "--seed" -> {
                        try {
                            seed = Long.parseLong(value.trim());
                        } catch (NumberFormatException e) {
                            throw new UsageException("--seed must be a whole number");
                        }
                    }
                    case "--start" -> {
                        try {
                            start = LocalDate.parse(value.trim());
                        } catch (DateTimeParseException e) {
                            throw new UsageException("--start must be a date such as 2026-04-01");
                        }
                    }
                    case "--rounds" -> rounds = number(name, value, 1, 5_000);
                    case "--depth" -> depth = number(name, value, 1, 16);
                    case "--json" -> json = value;
                    default -> throw new UsageException("unknown option: " + name);
                }
            }
        } catch (UsageException e) {
            err.println("model benchmark: " + e.getMessage());
            err.println("Run './mamori model benchmark --help' for the options.");
            return USAGE;
        }
        XgboostTrainer.Params p = defaults.params();
        QualityBenchmark.Options options = new QualityBenchmark.Options(seed, cards, transactions, days, start,
                TrainingRun.Split.defaults(), new XgboostTrainer.Params(rounds, depth, p.learningRate(), p.positiveWeight(), p.subsample(),
                        p.seed()), LabelDelays.defaults());
        boolean table = !"-".equals(json);
        if (table) {
            out.printf(Locale.ROOT, "Simulating %d days: %,d cardholders, %,d payments (seed %d); deciding each with the host...%n", days,
                    cards, transactions, seed);
        }
        QualityBenchmark.Report report;
        try {
            report = QualityBenchmark.run(options).report();
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("model benchmark: " + e.getMessage());
            return FAILED;
        }
        if (table) {
            print(report, out);
        }
        if (json != null) {
            String text = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(report);
            if (table) {
                try {
                    Files.writeString(Path.of(json), text + "\n", StandardCharsets.UTF_8);
                    out.println("Report written to " + json);
                } catch (IOException e) {
                    err.println("model benchmark: cannot write " + json + ": " + e.getMessage());
                    return FAILED;
                }
            } else {
                out.println(text);
            }
        }
        return OK;
    }

    static void print(QualityBenchmark.Report r, PrintStream out) {
        out.printf(Locale.ROOT, "%nDecision log: %,d payments, %,d fraud (%.2f %%); decided in %.1f s (%,.0f per second); "
                        + "database file %.1f MB (compacted); %d model features%n",
                r.payments(), r.fraud(), 100.0 * r.fraud() / r.payments(), r.timings().decide() / 1000.0,
                r.payments() * 1000.0 / Math.max(1, r.timings().decide()), r.databaseBytes() / 1e6, r.features());
        out.println("Labels: " + r.labelDelays());
        period(out, "train", r.train());
        out.printf(Locale.ROOT, "         fraud known at the cut-off %,d (trained as fraud), reported only later %,d (trained as good)%n",
                r.fraudKnownAtCutoff(), r.fraudKnownOnlyLater());
        period(out, "validate", r.validation());
        period(out, "held out", r.test());
        out.printf(Locale.ROOT, "Thresholds chosen on validation: %.4f (0.1 %% FPR), %.4f (1 %% FPR)%n%n", r.validationThresholds()[0],
                r.validationThresholds()[1]);
        out.println("Held-out period                 AP     ROC AUC  recall@0.1%FPR  recall@1%FPR");
        for (QualityBenchmark.SystemResult s : r.systems()) {
            out.printf(Locale.ROOT, "  %-24s %7.4f  %7.4f  %14.4f  %12.4f%n", s.name(), s.averagePrecision(), s.rocAuc(),
                    s.recallAt01PercentFpr(), s.recallAt1PercentFpr());
        }
        out.println();
        out.println("Operating points on the held-out period (yen)");
        out.println("  system          point                 recall     FPR   precision  fraud caught (share)       good stopped (payments)");
        for (QualityBenchmark.SystemResult s : r.systems()) {
            for (QualityBenchmark.Point p : s.points()) {
                BinaryMetrics.Operating o = p.at();
                out.printf(Locale.ROOT, "  %-15s %-20s %7.4f %7.4f %9.4f  %,14.0f (%5.1f %%)  %,14.0f (%,d)%n", s.name(), shortRule(p.rule()),
                        o.recall(), o.falsePositiveRate(), o.precision(), o.fraudAmountCaught(), 100 * o.fraudAmountShare(),
                        o.goodAmountStopped(), o.goodPaymentsStopped());
            }
        }
        out.println();
        out.print("Fraud payments caught per scenario (held out; model at the 1 % threshold):");
        out.println();
        out.printf(Locale.ROOT, "  %-20s %8s", "scenario", "payments");
        for (QualityBenchmark.SystemResult s : r.systems()) {
            out.printf(Locale.ROOT, " %14s", s.name());
        }
        out.println();
        for (Map.Entry<String, Long> e : r.testFraudByScenario().entrySet()) {
            out.printf(Locale.ROOT, "  %-20s %,8d", e.getKey(), e.getValue());
            for (QualityBenchmark.SystemResult s : r.systems()) {
                out.printf(Locale.ROOT, " %,14d", s.caughtByScenario().get(e.getKey()));
            }
            out.println();
        }
        out.printf(Locale.ROOT, "%nTimes: decide %.1f s, feature replay %.1f s, training %.1f s, scoring %.1f s, total %.1f s%n",
                r.timings().decide() / 1000.0, r.timings().replay() / 1000.0, r.timings().train() / 1000.0, r.timings().score() / 1000.0,
                r.timings().total() / 1000.0);
    }

    private static String shortRule(String rule) {
        if (rule.startsWith("the host")) {
            return "host decision";
        }
        return rule.contains("0.1 %") ? "threshold @0.1% FPR" : "threshold @1% FPR";
    }

    private static void period(PrintStream out, String name, QualityBenchmark.Period p) {
        out.printf(Locale.ROOT, "%-8s %s .. %s  %,9d payments, %,7d fraud (%,.0f yen), good %,.0f yen%n", name, p.from(), p.to(),
                p.payments(), p.fraud(), p.fraudAmount(), p.goodAmount());
    }

    private static int number(String name, String value, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) {
                throw new UsageException(name + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number");
        }
    }

    private static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
