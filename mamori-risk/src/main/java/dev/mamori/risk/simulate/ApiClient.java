package dev.mamori.risk.simulate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The server's JSON API with an API key ({@code X-API-Key}). The key is held here only, never
 * printed; error messages name the method and path, never request bodies (which carry card numbers).
 */
final class ApiClient {
    static final String API_KEY_HEADER = "X-API-Key";

    /** One answer: HTTP status and body text. */
    record Reply(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        Object json() {
            return Json.parse(body);
        }

        /** The problem detail's {@code detail}, or the status, for messages. */
        String problem() {
            try {
                Object detail = Json.object(json()).get("detail");
                return "HTTP " + status + (detail == null ? "" : ": " + detail);
            } catch (RuntimeException e) {
                return "HTTP " + status;
            }
        }
    }

    private final HttpClient http;
    private final String base;
    private final String apiKey;

    ApiClient(String baseUrl, String apiKey) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
    }

    Reply get(String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), "GET " + path);
    }

    Reply post(String path, String json) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json == null ? "" : json, StandardCharsets.UTF_8)), "POST " + path);
    }

    private Reply send(HttpRequest.Builder request, String what) throws IOException {
        request.header(API_KEY_HEADER, apiKey).header("Accept", "application/json").timeout(Duration.ofSeconds(30));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + " was interrupted", e);
        } catch (IOException e) {
            throw new IOException(what + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
    }

    @Override
    public String toString() {
        return "ApiClient[" + base + "]";
    }
}
