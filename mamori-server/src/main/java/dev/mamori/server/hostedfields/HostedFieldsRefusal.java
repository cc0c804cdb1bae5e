package dev.mamori.server.hostedfields;

import org.springframework.http.HttpStatus;

/**
 * A hosted-fields request refused before any card data is looked at. Each kind has a stable
 * problem type URI ({@code https://mamori.dev/problems/<slug>}), described in docs/api-errors.md.
 */
final class HostedFieldsRefusal extends RuntimeException {
    enum Kind {
        PUBLISHABLE_KEY_INVALID("publishable-key-invalid", HttpStatus.UNAUTHORIZED, "The publishable key is unknown or revoked"),
        FRAME_SESSION_INVALID("frame-session-invalid", HttpStatus.UNAUTHORIZED,
                "The frame session is missing, not issued by Mamori, or expired; reload the payment form"),
        ORIGIN_NOT_ALLOWED("origin-not-allowed", HttpStatus.FORBIDDEN,
                "Only Mamori's own payment frame, embedded by an allowed origin, may do this"),
        RATE_LIMITED("rate-limited", HttpStatus.TOO_MANY_REQUESTS, "Too many attempts; wait and retry");

        final String slug;
        final HttpStatus status;
        final String title;

        Kind(String slug, HttpStatus status, String title) {
            this.slug = slug;
            this.status = status;
            this.title = title;
        }
    }

    private final Kind kind;
    private final String field;
    private final String rule;
    private final long retryAfterSeconds;

    HostedFieldsRefusal(Kind kind, String field, String rule, String detail) {
        this(kind, field, rule, detail, -1);
    }

    HostedFieldsRefusal(Kind kind, String field, String rule, String detail, long retryAfterSeconds) {
        super(detail);
        this.kind = kind;
        this.field = field;
        this.rule = rule;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** For {@code Retry-After}; negative when not applicable. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    Kind kind() {
        return kind;
    }

    String field() {
        return field;
    }

    String rule() {
        return rule;
    }
}
