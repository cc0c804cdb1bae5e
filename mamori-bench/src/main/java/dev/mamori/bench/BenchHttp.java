package dev.mamori.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generators' HTTP client. Plain blocking {@link HttpURLConnection}: it keeps the
 * connection alive when the body is read to the end, and costs no thread hand-over per request
 * (the JDK's {@code HttpClient} passes every exchange through its selector thread, which on a busy
 * 2-core machine made the client, not the server, the bottleneck).
 */
final class BenchHttp {
    private BenchHttp() {
    }

    record Reply(int status, String body) {}

    static Reply send(String baseUrl, String method, String path, String json, String key) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(baseUrl + path).toURL().openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(5_000);
        c.setReadTimeout(30_000);
        c.setRequestProperty("X-API-Key", key);
        c.setRequestProperty("Accept", "application/json");
        if (json != null) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            c.setFixedLengthStreamingMode(bytes.length);
            try (OutputStream body = c.getOutputStream()) {
                body.write(bytes);
            }
        } else if (method.equals("POST")) {
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(0);
            c.getOutputStream().close();
        }
        int status = c.getResponseCode();
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        String body = "";
        if (in != null) {
            try (in) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return new Reply(status, body);
    }

    static void require(Reply reply, int status, String what) {
        if (reply.status() != status) {
            throw new IllegalStateException(what + ": HTTP " + reply.status() + " " + reply.body());
        }
    }

    /** A string or number field of a JSON object, optionally inside the object {@code parent}; enough for the answers read here. */
    static String field(String json, String parent, String name) {
        int from = 0;
        if (parent != null) {
            from = json.indexOf("\"" + parent + "\"");
            if (from < 0) {
                throw new IllegalStateException("no field " + parent + " in the answer");
            }
        }
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\"([^\"]*)\"|(-?[0-9.]+)|null)").matcher(json);
        if (!m.find(from)) {
            throw new IllegalStateException("no field " + name + " in the answer");
        }
        return m.group(2) != null ? m.group(2) : m.group(3);
    }
}
