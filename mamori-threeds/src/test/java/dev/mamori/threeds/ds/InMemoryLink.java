package dev.mamori.threeds.ds;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/** Links components in memory by URL, as the HTTP link would; records what was sent where. */
public final class InMemoryLink implements MessageLink {
    /** A handler that throws this is an endpoint that does not answer in time. */
    public static final class Silent extends RuntimeException {
    }

    public record Sent(URI to, byte[] body) {
    }

    private final Map<String, UnaryOperator<byte[]>> endpoints = new ConcurrentHashMap<>();
    public final List<Sent> sent = new CopyOnWriteArrayList<>();

    public InMemoryLink on(String url, UnaryOperator<byte[]> handler) {
        endpoints.put(url, handler);
        return this;
    }

    @Override
    public byte[] send(URI url, byte[] message, Duration timeout) throws IOException {
        sent.add(new Sent(url, message));
        UnaryOperator<byte[]> handler = endpoints.get(url.toString());
        if (handler == null) {
            throw new java.net.ConnectException("connection refused: " + url.getHost());
        }
        try {
            return handler.apply(message);
        } catch (Silent e) {
            throw new HttpTimeoutException("request timed out");
        }
    }
}
