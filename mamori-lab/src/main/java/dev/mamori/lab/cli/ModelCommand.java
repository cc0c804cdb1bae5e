package dev.mamori.lab.cli;

import dev.mamori.lab.data.HistorySchema;
import dev.mamori.lab.data.LabelledHistoryCsv;
import dev.mamori.lab.eval.Evaluation;
import dev.mamori.lab.eval.EvaluationCharts;
import dev.mamori.lab.eval.EvaluationExport;
import dev.mamori.lab.eval.OperatingPoint;
import dev.mamori.lab.train.TrainingRun;
import dev.mamori.lab.train.XgboostTrainer;
import dev.mamori.risk.features.StandardFeatureCatalog;
import dev.mamori.risk.model.GradientBoostedTrees;
import dev.mamori.risk.model.InvalidModelException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code ./mamori model train --from-csv FILE} and {@code ./mamori model evaluate MODEL --csv FILE}:
 * a fraud team trains on the labelled history it already has and measures a model on another
 * period, without a server or a database.
 */
public final class ModelCommand {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    public static final String HELP = """
            Usage: ./mamori model train --from-csv FILE [--out MODEL.json] [options]
                   ./mamori model evaluate MODEL.json --csv FILE [--report DIR] [options]

            Trains a gradient-boosted tree model (XGBoost) on a labelled transaction history, or
            measures a trained model on another history. Features are computed by the same code as
            the live authorization host, replayed in time order. Training splits by time (oldest 70 %
            trains, next 15 % validates, newest 15 % tests) and uses each label only if it was known
            at the end of the training period. Prints average precision, ROC AUC, recall at 0.1 % and
            1 % false-positive rate and the fraud amount caught at 1 %. The CSV schema is in
            docs/model.md; card numbers in it are hashed on reading and never written.

              --schema mamori|sparkov  the CSV's columns (default mamori; sparkov reads the public
                                       synthetic card-fraud files)
              --label-delay D          when a row has no label date, its label counts as known this
                                       long after the payment (default 30d; e.g. 7d, 12h)
              --rounds N               boosting rounds (default 200)
              --depth N                tree depth (default 6)
              --out FILE               where the model goes (default model.json)
              --report DIR             evaluate: also write evaluation.json, curves.csv,
                                       segments.csv, precision-at-k.csv, pr.svg, roc.svg and
                                       precision-at-k.svg there (layouts in docs/model.md)
              --k N                    evaluate: cards checked per day for card precision@k
                                       (default 100)
              --threshold T            evaluate: the score at or above which a payment counts as
                                       declined in the money view (default: the lowest threshold
                                       with at most 1 % false positives)

            Exit code: 0 done, 1 the history cannot train or the model does not fit it,
                       2 usage error or an unreadable file.
            """;

    private ModelCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            out.print(HELP);
            return args.length == 0 ? USAGE : OK;
        }
        String sub = args[0];
        String csv = null;
        String model = null;
        String output = "model.json";
        String reportDir = null;
        Evaluation.Options evaluation = Evaluation.Options.defaults();
        boolean evaluateOptions = false;
        HistorySchema schema = HistorySchema.MAMORI;
        Duration labelDelay = Duration.ofDays(30);
        XgboostTrainer.Params params = XgboostTrainer.Params.defaults();
        try {
            for (int i = 1; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--from-csv", "--csv" -> csv = value(args, ++i, arg);
                    case "--out" -> output = value(args, ++i, arg);
                    case "--report" -> {
                        reportDir = value(args, ++i, arg);
                        evaluateOptions = true;
                    }
                    case "--k" -> {
                        evaluation = evaluation.withK(number(value(args, ++i, arg), arg));
                        evaluateOptions = true;
                    }
                    case "--threshold" -> {
                        evaluation = evaluation.withOperatingPoint(OperatingPoint.threshold(decimal(value(args, ++i, arg), arg)));
                        evaluateOptions = true;
                    }
                    case "--schema" -> schema = HistorySchema.named(value(args, ++i, arg));
                    case "--label-delay" -> labelDelay = duration(value(args, ++i, arg));
                    case "--rounds" -> params = new XgboostTrainer.Params(number(value(args, ++i, arg), arg), params.maxDepth(),
                            params.learningRate(), params.positiveWeight(), params.subsample(), params.seed());
                    case "--depth" -> params = new XgboostTrainer.Params(params.rounds(), number(value(args, ++i, arg), arg),
                            params.learningRate(), params.positiveWeight(), params.subsample(), params.seed());
                    default -> {
                        if (arg.startsWith("--") || model != null) {
                            throw new IllegalArgumentException("unknown argument: " + arg);
                        }
                        model = arg;
                    }
                }
            }
            if (!sub.equals("train") && !sub.equals("evaluate")) {
                throw new IllegalArgumentException("model needs a subcommand: train or evaluate, not " + sub);
            }
            if (csv == null) {
                throw new IllegalArgumentException(sub.equals("train") ? "train needs --from-csv FILE" : "evaluate needs --csv FILE");
            }
            if (sub.equals("evaluate") && model == null) {
                throw new IllegalArgumentException("evaluate needs the model file: model evaluate MODEL.json --csv FILE");
            }
            if (sub.equals("train") && evaluateOptions) {
                throw new IllegalArgumentException("--report, --k and --threshold go with evaluate");
            }
            if (sub.equals("train") && model != null) {
                throw new IllegalArgumentException("train takes no model file; the model goes to --out");
            }
        } catch (IllegalArgumentException e) {
            err.println("mamori model: " + e.getMessage());
            err.println("Run './mamori model --help' for the options.");
            return USAGE;
        }
        LabelledHistoryCsv.Result history;
        try (Reader reader = Files.newBufferedReader(Path.of(csv), StandardCharsets.UTF_8)) {
            history = LabelledHistoryCsv.read(reader, schema, labelDelay);
        } catch (IOException e) {
            err.println("mamori model: cannot read " + csv + ": " + (e instanceof NoSuchFileException ? "no such file" : e.getClass().getSimpleName()));
            return USAGE;
        } catch (IllegalArgumentException e) {
            err.println("mamori model: " + csv + ": " + e.getMessage());
            return USAGE;
        }
        out.printf(Locale.ROOT, "%s: %d payments read, %d rows skipped%n", csv, history.transactions().size(), history.rejected().size());
        history.rejected().stream().limit(20).forEach(r -> out.printf(Locale.ROOT, "  row %d: %s (%s)%n", r.row(), r.column(), r.rule()));
        try {
            if (sub.equals("train")) {
                TrainingRun.Report report = TrainingRun.run(history.transactions(), StandardFeatureCatalog.DEFAULT_WINDOWS,
                        TrainingRun.Split.defaults(), params);
                Files.write(Path.of(output), report.model());
                out.printf(Locale.ROOT, "trained on %d payments from %s to %s: %d fraud known by then (%d more reported later, counted as good)%n",
                        report.trainRows(), report.trainFrom(), report.trainTo(), report.trainFraud(), report.fraudKnownOnlyLater());
                out.printf(Locale.ROOT, "features: %d (%s ...)%n", report.features().size(),
                        String.join(", ", report.features().subList(0, Math.min(5, report.features().size()))));
                if (report.validation() != null) {
                    print("validation", report.validation(), out);
                }
                print("test", report.test(), out);
                out.println("model written to " + output);
            } else {
                GradientBoostedTrees trees = GradientBoostedTrees.fromXgboostJson(Files.readAllBytes(Path.of(model)));
                if (reportDir == null) {
                    print("evaluation", TrainingRun.evaluate(trees, history.transactions(), StandardFeatureCatalog.DEFAULT_WINDOWS), out);
                } else {
                    Evaluation report = Evaluation.of(TrainingRun.evaluationRows(trees, history.transactions(),
                            StandardFeatureCatalog.DEFAULT_WINDOWS), evaluation);
                    print(report, out);
                    writeReport(report, Path.of(reportDir));
                    out.println("report written to " + reportDir);
                }
            }
            return OK;
        } catch (IOException e) {
            err.println("mamori model: cannot read or write a file: " + (e instanceof NoSuchFileException ? "no such file" : e.getClass().getSimpleName()));
            return USAGE;
        } catch (InvalidModelException e) {
            err.println("mamori model: " + model + ": " + e.getMessage());
            return USAGE;
        } catch (IllegalArgumentException e) {
            err.println("mamori model: " + e.getMessage());
            return FAILED;
        }
    }

    private static void print(String period, TrainingRun.Measures m, PrintStream out) {
        out.printf(Locale.ROOT, "%s: %d payments, %d fraud; average precision %.4f, ROC AUC %.4f, recall at 0.1%% FPR %.4f, "
                        + "at 1%% FPR %.4f, fraud amount caught at 1%% FPR %.4f%n", period, m.rows(), m.fraud(), m.averagePrecision(), m.rocAuc(),
                m.recallAt01PercentFpr(), m.recallAt1PercentFpr(), m.fraudAmountShareAt1PercentFpr());
    }

    private static void print(Evaluation e, PrintStream out) {
        out.printf(Locale.ROOT, "evaluation: %d payments, %d fraud; average precision %s, ROC AUC %s%n", e.rows(), e.fraud(),
                measure(e.averagePrecision()), measure(e.rocAuc()));
        for (Evaluation.RecallAtFpr r : e.recallAtFpr()) {
            out.printf(Locale.ROOT, "  recall at %s%% FPR: %s%n", EvaluationExport.number(r.falsePositiveRate() * 100), measure(r.recall()));
        }
        out.printf(Locale.ROOT, "  mean card precision@%d over %d days: %s%n", e.k(), e.cardPrecisionAtK().size(),
                measure(e.meanCardPrecisionAtK()));
        Evaluation.Money m = e.money();
        out.printf(Locale.ROOT, "  at threshold %s: fraud caught %d (amount %s), missed %d (amount %s); good declined %d (amount %s)%n",
                EvaluationExport.number(e.operatingPoint().declineAt()), m.fraudCaught(), EvaluationExport.number(m.fraudAmountCaught()),
                m.fraudMissed(), EvaluationExport.number(m.fraudAmountMissed()), m.goodDeclined(),
                EvaluationExport.number(m.goodAmountDeclined()));
    }

    private static String measure(Double value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
    }

    /** The report's files; an existing directory is written into, a missing one is made. */
    static void writeReport(Evaluation e, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("evaluation.json"), EvaluationExport.json(e));
        Files.writeString(dir.resolve("curves.csv"), EvaluationExport.curvesCsv(e));
        Files.writeString(dir.resolve("segments.csv"), EvaluationExport.segmentsCsv(e));
        Files.writeString(dir.resolve("precision-at-k.csv"), EvaluationExport.daysCsv(e));
        Files.writeString(dir.resolve("pr.svg"), EvaluationCharts.precisionRecall(e, EvaluationCharts.prText(e)));
        Files.writeString(dir.resolve("roc.svg"), EvaluationCharts.roc(e, EvaluationCharts.rocText(e)));
        Files.writeString(dir.resolve("precision-at-k.svg"), EvaluationCharts.precisionAtK(e, EvaluationCharts.precisionAtKText(e)));
    }

    private static double decimal(String text, String option) {
        try {
            double value = Double.parseDouble(text);
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " takes a number");
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int number(String text, String option) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number");
        }
    }

    static Duration duration(String text) {
        try {
            if (text.endsWith("d")) {
                return Duration.ofDays(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            if (text.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            return Duration.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--label-delay is a duration such as 30d, 12h or P30D");
        }
    }
}
