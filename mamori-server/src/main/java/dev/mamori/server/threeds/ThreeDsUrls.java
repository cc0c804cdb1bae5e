package dev.mamori.server.threeds;

import java.net.URI;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Where this instance's 3-D Secure endpoints are reached: {@code mamori.threeds.base-url} when set
 * (a deployment behind a proxy), otherwise {@code http://localhost:<the port the server listens on>},
 * known once the web server has started (tests use a random port). The demo network runs the DS,
 * the ACS and the 3DS Server in one process and they talk to each other over HTTP through these URLs.
 */
@Component
public class ThreeDsUrls {
    private final String configured;
    private volatile String base;

    public ThreeDsUrls(@Value("${mamori.threeds.base-url:}") String configured) {
        this.configured = configured == null || configured.isBlank() ? null : stripSlash(configured.trim());
        this.base = this.configured;
    }

    @EventListener
    void onStarted(WebServerInitializedEvent event) {
        // A separate management port has a namespace of its own; the main server has none.
        if (configured == null && event.getApplicationContext().getServerNamespace() == null) {
            base = "http://localhost:" + event.getWebServer().getPort();
        }
    }

    /** The base URL without a trailing slash, e.g. {@code http://localhost:8080}. */
    public String base() {
        String b = base;
        if (b == null) {
            throw new IllegalStateException("the web server has not started yet and mamori.threeds.base-url is not set");
        }
        return b;
    }

    /** {@code base() + path}; {@code path} starts with a slash. */
    public URI resolve(String path) {
        return URI.create(base() + path);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
