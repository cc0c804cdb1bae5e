package dev.mamori.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small real-HTTP client for the tests: every call goes through Tomcat and the filter chains. */
public final class Api {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();

    public Api(String base) {
        this.base = base;
    }

    public record Reply(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public Reply get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    public Reply post(String path, String json, String... headers) {
        return send("POST", path, json, headers);
    }

    public Reply put(String path, String json, String... headers) {
        return send("PUT", path, json, headers);
    }

    public Reply delete(String path, String... headers) {
        return send("DELETE", path, null, headers);
    }

    public Reply send(String method, String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        List<String> all = new ArrayList<>(List.of(headers));
        if (json != null && !all.contains("Content-Type")) {
            all.add("Content-Type");
            all.add("application/json");
        }
        for (int i = 0; i < all.size(); i += 2) {
            request.header(all.get(i), all.get(i + 1));
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return send(request.build());
    }

    public Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String[] withKey(String apiKey, String... more) {
        String[] headers = new String[more.length + 2];
        headers[0] = "X-API-Key";
        headers[1] = apiKey;
        System.arraycopy(more, 0, headers, 2, more.length);
        return headers;
    }
}
