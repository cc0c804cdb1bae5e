package dev.mamori.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.common.Pan;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

class PanJsonModuleTest {
    static final String FULL = "4111111111111111";
    private final JsonMapper json = JsonMapper.builder().addModule(new PanJsonModule()).build();

    record Holder(Pan pan) {
    }

    @Test
    void aPanIsWrittenMasked() {
        String out = json.writeValueAsString(new Holder(Pan.of(FULL)));
        assertThat(out).isEqualTo("{\"pan\":\"411111******1111\"}");
        assertThat(out).doesNotContain(FULL);
    }

    @Test
    void withoutTheModuleJackson3WritesAnEmptyObject() {
        // Why the module exists: documents the default it replaces.
        assertThat(JsonMapper.builder().build().writeValueAsString(new Holder(Pan.of(FULL))))
                .isEqualTo("{\"pan\":{}}");
    }

    @Test
    void aPanIsNeverRead() {
        assertThatThrownBy(() -> json.readValue("{\"pan\":\"" + FULL + "\"}", Holder.class))
                .isInstanceOf(DatabindException.class)
                .hasMessageContaining("not accepted")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(FULL).doesNotContain("411111"));
        assertThatThrownBy(() -> json.readValue("\"" + FULL + "\"", Pan.class))
                .isInstanceOf(DatabindException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(FULL).doesNotContain("411111"));
        assertThatThrownBy(() -> json.readValue("{\"pan\":{\"digits\":\"" + FULL + "\"}}", Holder.class))
                .isInstanceOf(DatabindException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(FULL));
    }
}
