package dev.mamori.risk.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulationOptionsTest {
    @Test
    void readsEveryOptionAndTakesTheKeyFromTheEnvironment() throws Exception {
        SimulationOptions o = SimulationOptions.parse(new String[] {"--url", "http://mamori.example:9090", "--iso-port=9583",
            "--interface", "iso", "--cards", "20", "--transactions", "400", "--rate", "25/s", "--seed", "7", "--days", "3", "--setup",
            "--json", "out.json"}, Map.of("MAMORI_API_KEY", "mk_secret_key"));
        assertThat(o.apiKey).isEqualTo("mk_secret_key");
        assertThat(o.isoHost).isEqualTo("mamori.example");
        assertThat(o.isoPort).isEqualTo(9583);
        assertThat(o.interfaces).isEqualTo(SimulationOptions.Interfaces.ISO);
        assertThat(o.cards).isEqualTo(20);
        assertThat(o.transactions).isEqualTo(400);
        assertThat(o.rate).isEqualTo(25.0);
        assertThat(o.seed).isEqualTo(7);
        assertThat(o.seedGiven).isTrue();
        assertThat(o.days).isEqualTo(3);
        assertThat(o.setup).isTrue();
        assertThat(o.jsonReport).isEqualTo(Path.of("out.json"));
        assertThat(o.stateFile("t1")).isEqualTo(Path.of("data", "simulate-t1.json"));
        assertThat(o.toString()).doesNotContain("mk_secret_key");
    }

    @Test
    void mistakesNameTheOption() {
        assertThatThrownBy(() -> SimulationOptions.parse(new String[] {"--cards", "x"}, Map.of("MAMORI_API_KEY", "k")))
                .hasMessageContaining("--cards");
        assertThatThrownBy(() -> SimulationOptions.parse(new String[] {"--interface", "tcp"}, Map.of("MAMORI_API_KEY", "k")))
                .hasMessageContaining("json, iso or both");
        assertThatThrownBy(() -> SimulationOptions.parse(new String[] {}, Map.of())).hasMessageContaining("API key");
        assertThatThrownBy(() -> SimulationOptions.parse(new String[] {"--bogus"}, Map.of("MAMORI_API_KEY", "k")))
                .hasMessageContaining("--bogus");
    }

    @Test
    void theCommandPrintsHelpAndAnswersUsageErrorsWithExitCode2() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(SimulateCommand.run(new String[] {"--help"}, Map.of(), o, e)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--interface json|iso|both").contains("never written to disk");
        assertThat(SimulateCommand.run(new String[] {"--rate", "fast"}, Map.of("MAMORI_API_KEY", "k"), o, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--rate");
    }

    @Test
    void anUnreachableServerIsExitCode1WithAHint() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SimulateCommand.run(new String[] {"--url", "http://127.0.0.1:1"}, Map.of("MAMORI_API_KEY", "mk_do_not_print"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot reach").doesNotContain("mk_do_not_print");
    }
}
