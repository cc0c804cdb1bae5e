package dev.mamori.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.lab.data.LabelledTransaction;
import dev.mamori.lab.train.TrainingRunTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code ./mamori model train} and {@code evaluate} on CSV files, as a fraud team runs them. */
class ModelCommandTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return ModelCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    static Path csv(Path file, List<LabelledTransaction> rows) throws Exception {
        StringBuilder sb = new StringBuilder("card_id,time,amount,currency,merchant_id,mcc,channel,device,ip,label,label_date\n");
        for (LabelledTransaction t : rows) {
            sb.append(t.cardKey()).append(',').append(t.time()).append(',').append(t.amountMinor()).append(",JPY,").append(t.merchantId())
                    .append(',').append(t.mcc()).append(',').append(t.channel().id()).append(',').append(t.device() == null ? "" : t.device())
                    .append(',').append(t.ip() == null ? "" : t.ip()).append(',').append(t.fraud() ? 1 : 0).append(',')
                    .append(t.labelKnownAt()).append('\n');
        }
        sb.append("broken,not-a-time,1,JPY,M,5411,ec,,,0,\n");
        Files.writeString(file, sb.toString());
        return file;
    }

    @Test
    void trainsFromACsvWritesTheModelAndEvaluatesItOnAnotherHistory() throws Exception {
        Path training = csv(dir.resolve("history.csv"), TrainingRunTest.history(5));
        Path model = dir.resolve("model.json");
        int code = run("train", "--from-csv", training.toString(), "--out", model.toString(), "--rounds", "40", "--depth", "4");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("1 rows skipped").contains("row ").contains("time (date-time)")
                .contains("test: ").contains("average precision").contains("model written to");
        assertThat(Files.readString(model)).contains("\"binary:logistic\"");

        out.reset();
        Path other = csv(dir.resolve("later.csv"), TrainingRunTest.history(6));
        assertThat(run("evaluate", model.toString(), "--csv", other.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("evaluation: ").contains("ROC AUC");
    }

    @Test
    void evaluateWritesTheReportFiles() throws Exception {
        Path training = csv(dir.resolve("history.csv"), TrainingRunTest.history(5));
        Path model = dir.resolve("model.json");
        assertThat(run("train", "--from-csv", training.toString(), "--out", model.toString(), "--rounds", "20", "--depth", "3"))
                .as(err.toString()).isZero();
        out.reset();
        Path other = csv(dir.resolve("later.csv"), TrainingRunTest.history(6));
        Path report = dir.resolve("report");
        assertThat(run("evaluate", model.toString(), "--csv", other.toString(), "--report", report.toString(), "--k", "5"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("average precision").contains("mean card precision@5").contains("report written to");
        for (String file : List.of("evaluation.json", "curves.csv", "segments.csv", "precision-at-k.csv", "pr.svg", "roc.svg",
                "precision-at-k.svg")) {
            assertThat(report.resolve(file)).isNotEmptyFile();
        }
        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(report.resolve("evaluation.json")));
        int rows = TrainingRunTest.history(6).size();
        assertThat(json.get("rows").asLong()).isEqualTo(rows);
        assertThat(json.get("k").asInt()).isEqualTo(5);
        List<String> segments = Files.readAllLines(report.resolve("segments.csv"));
        assertThat(segments.get(0)).startsWith("dimension,segment,rows,fraud,");
        assertThat(segments.get(1)).startsWith("all,all," + rows + ",");
        List<String> curves = Files.readAllLines(report.resolve("curves.csv"));
        assertThat(curves.get(curves.size() - 1)).contains("," + json.get("fraud").asLong() + ",");
        assertThat(Files.readString(report.resolve("roc.svg"))).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").contains("polyline");

        // The money view at a chosen threshold: nothing is scored above 1.
        out.reset();
        assertThat(run("evaluate", model.toString(), "--csv", other.toString(), "--report", report.toString(), "--threshold", "1.5"))
                .isZero();
        assertThat(out.toString()).contains("fraud caught 0 (amount 0)");
    }

    @Test
    void evaluationOptionsAreChecked() throws Exception {
        assertThat(run("evaluate", "m.json", "--csv", "x.csv", "--k", "0")).isEqualTo(ModelCommand.USAGE);
        assertThat(err.toString()).contains("k is between 1 and 100000");
        assertThat(run("evaluate", "m.json", "--csv", "x.csv", "--threshold", "high")).isEqualTo(ModelCommand.USAGE);
        assertThat(err.toString()).contains("--threshold takes a number");
        assertThat(run("train", "--from-csv", "x.csv", "--report", "r")).isEqualTo(ModelCommand.USAGE);
        assertThat(err.toString()).contains("go with evaluate");
    }

    @Test
    void usageErrorsAndUnreadableFilesExitTwo() throws Exception {
        assertThat(run("train")).isEqualTo(ModelCommand.USAGE);
        assertThat(err.toString()).contains("--from-csv");
        assertThat(run("evaluate", "--csv", "x.csv")).isEqualTo(ModelCommand.USAGE);
        assertThat(run("fit", "--csv", "x.csv")).isEqualTo(ModelCommand.USAGE);
        assertThat(run("train", "--from-csv", dir.resolve("missing.csv").toString())).isEqualTo(ModelCommand.USAGE);
        assertThat(err.toString()).contains("no such file");
        Path notModel = Files.writeString(dir.resolve("bad.json"), "{}");
        Path history = csv(dir.resolve("h.csv"), TrainingRunTest.history(7).subList(0, 50));
        assertThat(run("evaluate", notModel.toString(), "--csv", history.toString())).isEqualTo(ModelCommand.USAGE);
        assertThat(err.toString()).contains("learner");
        assertThat(run("train", "--from-csv", history.toString(), "--label-delay", "soon")).isEqualTo(ModelCommand.USAGE);
    }
}
