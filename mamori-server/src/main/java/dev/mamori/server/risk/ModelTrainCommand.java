package dev.mamori.server.risk;

import dev.mamori.common.TenantId;
import dev.mamori.lab.train.TrainingRun;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * {@code ./mamori model train --tenant ID --from DATE --to DATE}: trains a model from a tenant's
 * decision log and fraud labels in the instance's database (the server stopped when it is the
 * embedded one) and registers it as a draft; another admin promotes it in the console or the API.
 */
@Component
public class ModelTrainCommand {
    public static final String HELP = """
            Usage: ./mamori model train --tenant ID --from DATE --to DATE [options]

            Trains a fraud model from the tenant's own decision log and fraud labels over the period
            (dates as 2026-01-31 or instants as 2026-01-31T00:00:00Z; the end is exclusive) with the
            live feature code, and registers it as a draft version. It acts only after another admin
            promotes it (console: Model lab; API: POST /v1/risk/models/{version}/promote).

              --rounds N                boosting rounds (default 200)
              --depth N                 tree depth (default 6)
              --suggested-thresholds    set decline and challenge thresholds from the validation period
              --note TEXT               a note kept with the version
              --data-dir DIR            the instance's data directory (default ./data); stop ./mamori up
                                        first: the embedded database allows one process at a time
              --spring.datasource.url=... (and .username, .password) a PostgreSQL database instead

            Exit code: 0 registered, 1 the period cannot train, 2 usage error or no database.
            """;

    private final ModelLab lab;

    ModelTrainCommand(ModelLab lab) {
        this.lab = lab;
    }

    /** The command's own options, and what goes on to Spring (properties, the data directory). */
    public record Parsed(TenantId tenant, Instant from, Instant to, int rounds, int depth, boolean suggested, String note,
                         List<String> springArgs) {
    }

    /** @throws IllegalArgumentException naming the option that is wrong */
    public static Parsed parse(String[] args) {
        TenantId tenant = null;
        Instant from = null;
        Instant to = null;
        int rounds = 200;
        int depth = 6;
        boolean suggested = false;
        String note = null;
        List<String> spring = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "train" -> {
                    if (i != 0) {
                        throw new IllegalArgumentException("unexpected argument: train");
                    }
                }
                case "--tenant" -> tenant = tenant(value(args, ++i, arg));
                case "--from" -> from = instant(value(args, ++i, arg), arg);
                case "--to" -> to = instant(value(args, ++i, arg), arg);
                case "--rounds" -> rounds = number(value(args, ++i, arg), arg, 1, 2000);
                case "--depth" -> depth = number(value(args, ++i, arg), arg, 1, 12);
                case "--suggested-thresholds" -> suggested = true;
                case "--note" -> note = value(args, ++i, arg);
                case "--data-dir" -> spring.add("--mamori.data-dir=" + value(args, ++i, arg));
                default -> {
                    if (arg.startsWith("--") && arg.contains("=")) {
                        spring.add(arg);
                    } else {
                        throw new IllegalArgumentException("unknown option: " + arg);
                    }
                }
            }
        }
        if (tenant == null || from == null || to == null) {
            throw new IllegalArgumentException("--tenant, --from and --to are needed");
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("--to must be after --from");
        }
        return new Parsed(tenant, from, to, rounds, depth, suggested, note, List.copyOf(spring));
    }

    public int train(Parsed p, PrintStream out, PrintStream err) {
        try {
            ModelLab.Trained trained = lab.train(p.tenant(), new ModelLab.TrainRequest(p.from(), p.to(), p.rounds(), p.depth(),
                    p.suggested(), null, null, null, p.note()), "cli:" + System.getProperty("user.name", "unknown"));
            TrainingRun.Report r = trained.report();
            out.printf(Locale.ROOT, "registered version %d (draft): %d training payments, %d fraud known at %s%n", trained.version(),
                    r.trainRows(), r.trainFraud(), r.trainTo());
            print(out, "validation", r.validation());
            print(out, "test", r.test());
            out.println("Another admin reviews and promotes it: console Model lab, or POST /v1/risk/models/" + trained.version()
                    + "/promote");
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("mamori model train: " + e.getMessage());
            return 1;
        }
    }

    private static void print(PrintStream out, String name, TrainingRun.Measures m) {
        if (m == null) {
            return;
        }
        out.printf(Locale.ROOT, "%-10s payments %d, fraud %d, AP %.3f, ROC AUC %.3f, recall at 0.1%% FPR %.1f%%, at 1%% FPR %.1f%%%n",
                name, m.rows(), m.fraud(), m.averagePrecision(), m.rocAuc(), 100 * m.recallAt01PercentFpr(), 100 * m.recallAt1PercentFpr());
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static TenantId tenant(String text) {
        try {
            return new TenantId(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--tenant must be a tenant id (a UUID), not '" + text + "'");
        }
    }

    private static Instant instant(String text, String option) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " must be a date (2026-01-31) or an instant (2026-01-31T00:00:00Z), not '"
                    + text + "'");
        }
    }

    private static int number(String text, String option, int min, int max) {
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(option + " must be a whole number from " + min + " to " + max + ", not '" + text + "'");
    }
}
