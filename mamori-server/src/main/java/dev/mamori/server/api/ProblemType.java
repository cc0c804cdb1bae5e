package dev.mamori.server.api;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * The stable problem types of the API. The type URI never changes once published: clients and
 * operators search for it. Each is described in docs/api-errors.md.
 */
public enum ProblemType {
    BAD_REQUEST("bad-request", HttpStatus.BAD_REQUEST, "The request is not valid"),
    MALFORMED_JSON("malformed-json", HttpStatus.BAD_REQUEST, "The request body is not valid JSON for this endpoint"),
    VALIDATION("validation", HttpStatus.UNPROCESSABLE_CONTENT, "A field breaks a rule"),
    UNAUTHENTICATED("unauthenticated", HttpStatus.UNAUTHORIZED, "Authentication is required"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Your role does not allow this"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "The requested media type is not available"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send application/json"),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "The request body is too large"),
    CONFLICT("conflict", HttpStatus.CONFLICT, "The request conflicts with existing data"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", HttpStatus.UNPROCESSABLE_CONTENT,
            "This Idempotency-Key was used with a different request"),
    CARD_UNRECOVERABLE("card-unrecoverable", HttpStatus.GONE,
            "The card's keys were destroyed (crypto-shredded); it cannot be decrypted"),
    KEY_PROVIDER_UNAVAILABLE("key-provider-unavailable", HttpStatus.SERVICE_UNAVAILABLE,
            "The master key provider (key store or HSM) is not available"),
    VAULT_BUSY("vault-busy", HttpStatus.SERVICE_UNAVAILABLE, "The vault is busy; retry shortly"),
    KEY_STATE("key-state", HttpStatus.CONFLICT, "A key management rule refuses this"),
    BACKTEST_REQUIRED("backtest-required", HttpStatus.CONFLICT, "The rule set version must be backtested before it is activated"),
    FOUR_EYES("four-eyes", HttpStatus.CONFLICT, "A second person must approve this"),
    MODEL_STATE("model-state", HttpStatus.CONFLICT, "The model version's status does not allow this"),
    INTERNAL("internal", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    public static final String BASE = "https://mamori.dev/problems/";

    private final String slug;
    private final HttpStatus status;
    private final String title;

    ProblemType(String slug, HttpStatus status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public URI uri() {
        return URI.create(BASE + slug);
    }

    public String slug() {
        return slug;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }
}
