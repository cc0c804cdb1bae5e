package dev.mamori.threeds.ds;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@link MessageLink} over HTTP (java.net.http): POST application/json; utf-8. */
public final class HttpMessageLink implements MessageLink {
    private final HttpClient client;

    public HttpMessageLink(Duration connectTimeout) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public byte[] send(URI url, byte[] message, Duration timeout) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(message)).build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = response.body();
            if (body == null || body.length == 0) {
                throw new IOException("HTTP " + response.statusCode() + " with no body from " + url.getHost());
            }
            // An Erro may come with a 4xx/5xx status: the body is the answer either way.
            return body;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
