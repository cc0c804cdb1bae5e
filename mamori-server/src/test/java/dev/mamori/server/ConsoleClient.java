package dev.mamori.server;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A cookie-keeping HTTP client that logs into the console the way a browser does, CSRF token included. */
public final class ConsoleClient {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SECRET = Pattern.compile("id=\"totp-secret\">([A-Z2-7]+)<");

    private final String base;
    private final HttpClient http;

    public ConsoleClient(int port) {
        this.base = "http://localhost:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    /** Posts a form from {@code pagePath}, with the CSRF token that page carries. Redirects are not followed. */
    public HttpResponse<String> submit(String pagePath, String action, Map<String, String> fields) {
        Matcher csrf = CSRF.matcher(get(pagePath).body());
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on " + pagePath);
        }
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", csrf.group(1));
        String form = all.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    public HttpResponse<String> password(String username, String password) {
        return submit("/console/login", "/console/login", Map.of("username", username, "password", password));
    }

    public HttpResponse<String> totp(String code) {
        return submit("/console/mfa", "/console/mfa", Map.of("code", code));
    }

    /** The base32 secret shown during enrolment, or null when the user is already enrolled. */
    public String enrolmentSecret() {
        Matcher m = SECRET.matcher(get("/console/mfa").body());
        return m.find() ? m.group(1) : null;
    }

    public static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElse("");
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Posts a multipart form (a file upload) from {@code pagePath}, with its CSRF token, as a browser
     * does for {@code enctype="multipart/form-data"}. Redirects are not followed.
     */
    public HttpResponse<String> upload(String pagePath, String action, Map<String, String> fields, String fileField, String fileName,
                                       String fileContent) {
        Matcher csrf = CSRF.matcher(get(pagePath).body());
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on " + pagePath);
        }
        String boundary = "----mamori" + System.nanoTime();
        StringBuilder body = new StringBuilder();
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", csrf.group(1));
        for (Map.Entry<String, String> field : all.entrySet()) {
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(field.getKey())
                    .append("\"\r\n\r\n").append(field.getValue()).append("\r\n");
        }
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(fileField)
                .append("\"; filename=\"").append(fileName).append("\"\r\nContent-Type: text/plain\r\n\r\n").append(fileContent)
                .append("\r\n--").append(boundary).append("--\r\n");
        return send(HttpRequest.newBuilder(URI.create(base + action))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build());
    }
}
