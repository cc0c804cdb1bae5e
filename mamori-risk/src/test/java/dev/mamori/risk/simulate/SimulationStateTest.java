package dev.mamori.risk.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.InsecurePanAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationStateTest {
    @Test
    void theStateFileHoldsNoCardNumberYetRegeneratesTheSameCards(@TempDir Path dir) throws Exception {
        Merchants merchants = new Merchants();
        SimulationState state = new SimulationState("7f8e1b2c-0000-4000-8000-000000000001", 42, "412345678", 30, 2026, 3, 17L,
                Instant.parse("2026-03-01T00:00:00Z"));
        Path file = dir.resolve("sub/simulate-t.json");
        state.write(file);
        String text = Files.readString(file);
        Population original = Population.generate(42, "412345678", 30, 2026, merchants);
        for (Cardholder c : original.cardholders) {
            String pan = c.pan.reveal(InsecurePanAccess.get());
            assertThat(text).doesNotContain(pan).doesNotContain(pan.substring(6, 15));
        }
        SimulationState read = SimulationState.read(file);
        assertThat(read.tenant).isEqualTo(state.tenant);
        assertThat(read.ruleVersion).isEqualTo(3);
        assertThat(read.blockListEntry).isEqualTo(17L);
        Population again = Population.generate(read.seed, read.prefix, read.cards, read.baseYear, merchants);
        assertThat(again.cardholders.stream().map(c -> c.pan.reveal(InsecurePanAccess.get())).toList())
                .isEqualTo(original.cardholders.stream().map(c -> c.pan.reveal(InsecurePanAccess.get())).toList());
    }

    @Test
    void jsonRoundTripsWhatTheReportAndStateUse() {
        Map<String, Object> value = Map.of("text", "東京都 \"quoted\"\n", "list", List.of(1, 2.5, true));
        Map<String, Object> parsed = Json.object(Json.parse(Json.pretty(value)));
        assertThat(parsed.get("text")).isEqualTo("東京都 \"quoted\"\n");
        assertThat(Json.array(parsed.get("list"))).hasSize(3).contains(Boolean.TRUE);
    }
}
