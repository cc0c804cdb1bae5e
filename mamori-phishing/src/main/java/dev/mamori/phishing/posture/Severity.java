package dev.mamori.phishing.posture;

import java.util.Locale;

/** How much a posture finding matters, most severe first. */
public enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW, INFO;

    /** The lower-case id used in the API, the database and the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this is {@link #HIGH} or {@link #CRITICAL}: such a finding fails the command line and raises an alert. */
    public boolean isHighOrWorse() {
        return this == CRITICAL || this == HIGH;
    }

    public static Severity ofId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
