package dev.mamori.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code ./mamori model benchmark}: options, usage errors, and a tiny run's JSON report. */
class QualityBenchmarkCommandTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return QualityBenchmarkCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpDescribesTheOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--days").contains("--seed").contains("--json").contains("rules + model");
    }

    @Test
    void aWrongOptionIsAUsageErrorNamingIt() {
        assertThat(run("--days", "three")).isEqualTo(QualityBenchmarkCommand.USAGE);
        assertThat(err.toString()).contains("--days must be a whole number");
        err.reset();
        assertThat(run("--cards", "5")).isEqualTo(QualityBenchmarkCommand.USAGE);
        assertThat(err.toString()).contains("--cards must be between 20 and 100000");
        err.reset();
        assertThat(run("--frobnicate", "1")).isEqualTo(QualityBenchmarkCommand.USAGE);
        assertThat(err.toString()).contains("unknown option: --frobnicate");
        err.reset();
        assertThat(run("--start", "April")).isEqualTo(QualityBenchmarkCommand.USAGE);
        assertThat(err.toString()).contains("--start must be a date");
    }

    @Test
    void aTinyRunPrintsAMachineReadableReport() {
        int code = run("--days", "10", "--cards", "80", "--transactions", "1200", "--rounds", "10", "--depth", "3", "--seed", "2",
                "--json", "-");
        assertThat(code).as(err.toString()).isZero();
        JsonNode report = JsonMapper.builder().build().readTree(out.toString());
        assertThat(report.get("payments").asLong()).isEqualTo(1_200);
        assertThat(report.get("systems")).hasSize(3);
        for (JsonNode system : report.get("systems")) {
            double recall = system.get("recallAt1PercentFpr").asDouble();
            assertThat(recall).isBetween(0.0, 1.0);
            assertThat(system.get("points")).isNotEmpty();
        }
        assertThat(report.get("options").get("seed").asLong()).isEqualTo(2);
    }
}
