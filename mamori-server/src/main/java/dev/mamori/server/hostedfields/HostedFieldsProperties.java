package dev.mamori.server.hostedfields;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code mamori.hosted-fields.*}, documented in README.md.
 *
 * @param publicOrigin Mamori's own origin as cardholders' browsers see it (e.g. {@code https://pay.example.com});
 *                     when unset, taken from each request (scheme, host and port, behind a proxy with
 *                     {@code server.forward-headers-strategy})
 * @param tokenizePerMinute tokenization attempts allowed per publishable key and client address per minute
 * @param sessionTtl how long a frame page's signed session can tokenize
 * @param demo whether {@code /demo/shop} is served and a demo publishable key is created at first start
 */
@ConfigurationProperties("mamori.hosted-fields")
public record HostedFieldsProperties(String publicOrigin, Integer tokenizePerMinute, Duration sessionTtl, Boolean demo) {
    public HostedFieldsProperties {
        publicOrigin = publicOrigin == null || publicOrigin.isBlank() ? null : AllowedOrigins.normalise(publicOrigin, "publicOrigin");
        tokenizePerMinute = tokenizePerMinute == null ? 20 : tokenizePerMinute;
        sessionTtl = sessionTtl == null ? Duration.ofMinutes(30) : sessionTtl;
        demo = demo == null || demo;
        if (tokenizePerMinute < 1) {
            throw new IllegalArgumentException("mamori.hosted-fields.tokenize-per-minute must be at least 1");
        }
        if (sessionTtl.compareTo(Duration.ofMinutes(1)) < 0 || sessionTtl.compareTo(Duration.ofHours(2)) > 0) {
            throw new IllegalArgumentException("mamori.hosted-fields.session-ttl must be 1 minute to 2 hours");
        }
    }
}
