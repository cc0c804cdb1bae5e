package dev.mamori.risk.model;

/** A model file that cannot be scored: not XGBoost JSON, an unsupported objective or booster, or inconsistent trees. */
public final class InvalidModelException extends IllegalArgumentException {
    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
