package dev.mamori.risk;

/** What a rule (or the whole decision) asks for, in rising order of friction. */
public enum Action {
    APPROVE,
    /** Approved, but queued for an analyst. */
    REVIEW,
    /** Step-up authentication via 3-D Secure before approval. */
    CHALLENGE,
    DECLINE;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
