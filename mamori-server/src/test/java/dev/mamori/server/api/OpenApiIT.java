package dev.mamori.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.common.Pan;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The served OpenAPI document, and the application's JSON mapper (one Spring context for both). */
class OpenApiIT extends IntegrationTest {
    @Autowired
    JsonMapper mapper;

    record Holder(Pan pan) {
    }

    @Test
    void theDocumentNamesTheApiAndBothWaysToAuthenticate() {
        Api.Reply reply = api.get("/v3/api-docs");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode docs = reply.json();
        assertThat(docs.at("/info/title").asString()).isEqualTo("Mamori API");
        assertThat(docs.at("/info/version").asString()).isNotBlank();
        assertThat(docs.at("/info/license/name").asString()).isEqualTo("Apache-2.0");
        assertThat(docs.at("/info/description").asString()).contains("https://mamori.dev/problems/");

        JsonNode schemes = docs.at("/components/securitySchemes");
        assertThat(schemes.at("/apiKey/type").asString()).isEqualTo("apiKey");
        assertThat(schemes.at("/apiKey/in").asString()).isEqualTo("header");
        assertThat(schemes.at("/apiKey/name").asString()).isEqualTo("X-API-Key");
        assertThat(schemes.at("/bearer/type").asString()).isEqualTo("http");
        assertThat(schemes.at("/bearer/scheme").asString()).isEqualTo("bearer");
        assertThat(schemes.at("/bearer/bearerFormat").asString()).isEqualTo("JWT");

        // Either scheme suffices: two requirement objects with one scheme each.
        List<List<String>> alternatives = new ArrayList<>();
        for (JsonNode requirement : docs.get("security")) {
            alternatives.add(new ArrayList<>(requirement.propertyNames()));
        }
        assertThat(alternatives).containsExactlyInAnyOrder(List.of("apiKey"), List.of("bearer"));

        assertThat(docs.get("paths").has("/v1/api-keys")).isTrue();
    }

    @Test
    void theApplicationsMapperMasksAndRefusesCardNumbers() {
        String out = mapper.writeValueAsString(new Holder(Pan.of("4111111111111111")));
        assertThat(out).isEqualTo("{\"pan\":\"411111******1111\"}");
        assertThatThrownBy(() -> mapper.readValue("{\"pan\":\"4111111111111111\"}", Holder.class))
                .isInstanceOf(DatabindException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("4111111111111111"));
    }
}
