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

    /**
     * Posts a multipart form from {@code pagePath} as a browser does: the CSRF token as a form field,
     * then each file (name to content) as a part named {@code fileField}.
     */
    public HttpResponse<String> submitFiles(String pagePath, String action, String fileField, Map<String, byte[]> files) {
        Matcher csrf = CSRF.matcher(get(pagePath).body());
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on " + pagePath);
        }
        String boundary = "----mamori-console-boundary";
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf.group(1) + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        files.forEach((name, content) -> {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\"" + name
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(content);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        });
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(base + action))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    /**
     * Posts a {@code multipart/form-data} form from {@code pagePath} with one file in part {@code file},
     * with the CSRF token that page carries. Redirects are not followed.
     */
    public HttpResponse<String> upload(String pagePath, String action, Map<String, String> fields, String fileName, String contentType,
                                       byte[] file) {
        Matcher csrf = CSRF.matcher(get(pagePath).body());
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on " + pagePath);
        }
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", csrf.group(1));
        String boundary = "mamori-test-boundary-" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        all.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n"
                + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(base + action))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
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
}
