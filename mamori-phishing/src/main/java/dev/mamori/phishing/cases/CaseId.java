package dev.mamori.phishing.cases;

import java.util.Objects;
import java.util.UUID;

/** Identifies a phishing case within its tenant. */
public record CaseId(UUID value) {
    public CaseId {
        Objects.requireNonNull(value, "value");
    }

    /** @throws InvalidReportException when {@code text} is not a UUID */
    public static CaseId parse(String text) {
        try {
            return new CaseId(UUID.fromString(text));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidReportException("id", "uuid", "a case id is a UUID");
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
