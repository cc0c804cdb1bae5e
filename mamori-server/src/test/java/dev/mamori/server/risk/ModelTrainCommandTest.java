package dev.mamori.server.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The options of {@code ./mamori model train --tenant ...}: what is the command's, what goes to Spring, what is refused. */
class ModelTrainCommandTest {
    private static final String TENANT = "3f7706f2-00d4-483d-bb8b-578cfc76a00d";

    @Test
    void datesInstantsOptionsAndSpringPropertiesAreTold() {
        ModelTrainCommand.Parsed p = ModelTrainCommand.parse(new String[] {"train", "--tenant", TENANT, "--from", "2026-01-01", "--to",
                "2026-03-01T12:00:00Z", "--rounds", "50", "--depth", "4", "--suggested-thresholds", "--note", "q1", "--data-dir", "d2",
                "--spring.datasource.url=jdbc:postgresql://db/mamori"});
        assertThat(p.tenant().value().toString()).isEqualTo(TENANT);
        assertThat(p.from()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(p.to()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
        assertThat(p.rounds()).isEqualTo(50);
        assertThat(p.depth()).isEqualTo(4);
        assertThat(p.suggested()).isTrue();
        assertThat(p.note()).isEqualTo("q1");
        assertThat(p.springArgs()).containsExactly("--mamori.data-dir=d2", "--spring.datasource.url=jdbc:postgresql://db/mamori");
    }

    @Test
    void wrongOptionsAreRefusedNamingThem() {
        assertThatThrownBy(() -> ModelTrainCommand.parse(new String[] {"train", "--from", "2026-01-01", "--to", "2026-02-01"}))
                .hasMessageContaining("--tenant");
        assertThatThrownBy(() -> ModelTrainCommand.parse(new String[] {"train", "--tenant", "acme", "--from", "2026-01-01", "--to",
                "2026-02-01"})).hasMessageContaining("UUID");
        assertThatThrownBy(() -> ModelTrainCommand.parse(new String[] {"train", "--tenant", TENANT, "--from", "31/01/2026", "--to",
                "2026-02-01"})).hasMessageContaining("--from").hasMessageContaining("31/01/2026");
        assertThatThrownBy(() -> ModelTrainCommand.parse(new String[] {"train", "--tenant", TENANT, "--from", "2026-02-01", "--to",
                "2026-01-01"})).hasMessageContaining("after");
        assertThatThrownBy(() -> ModelTrainCommand.parse(new String[] {"train", "--tenant", TENANT, "--from", "2026-01-01", "--to",
                "2026-02-01", "--depth", "40"})).hasMessageContaining("--depth").hasMessageContaining("1 to 12");
        assertThatThrownBy(() -> ModelTrainCommand.parse(new String[] {"train", "--tenant", TENANT, "--frm", "2026-01-01"}))
                .hasMessageContaining("unknown option: --frm");
    }
}
