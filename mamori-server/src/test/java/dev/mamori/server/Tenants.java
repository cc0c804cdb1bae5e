package dev.mamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Role;
import java.util.EnumMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Creates a fresh tenant through the API, with one API key per role, for tests that need isolation. */
public final class Tenants {
    private Tenants() {}

    public record TestTenant(String id, String adminKey, Map<Role, String> keyByRole, Map<Role, String> keyIdByRole) {
        public String key(Role role) {
            return keyByRole.get(role);
        }
    }

    public static TestTenant create(Api api, String name) {
        Api.Reply created = api.post("/v1/tenants", "{\"name\":\"" + name + "\"}", Api.withKey(IntegrationTest.OPERATOR_API_KEY));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode body = created.json();
        String tenantId = body.get("tenant").get("id").asString();
        String adminKey = body.get("adminApiKey").get("key").asString();
        Map<Role, String> keys = new EnumMap<>(Role.class);
        Map<Role, String> ids = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            Api.Reply key = api.post("/v1/api-keys", "{\"name\":\"" + role.id() + " key\",\"roles\":[\"" + role.id() + "\"]}",
                    Api.withKey(adminKey));
            assertThat(key.status()).as(key.toString()).isEqualTo(201);
            keys.put(role, key.json().get("key").asString());
            ids.put(role, key.json().get("apiKey").get("id").asString());
        }
        return new TestTenant(tenantId, adminKey, keys, ids);
    }
}
