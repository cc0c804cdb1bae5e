package dev.mamori.phishing.lookalike;

import java.util.Locale;

/** What an analyst decided about a stored match. */
public enum MatchStatus {
    NEW, IGNORED, CONFIRMED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but new, ignored or confirmed */
    public static MatchStatus ofId(String id) {
        for (MatchStatus status : values()) {
            if (status.id().equalsIgnoreCase(id)) {
                return status;
            }
        }
        throw new IllegalArgumentException("status is new, ignored or confirmed");
    }
}
