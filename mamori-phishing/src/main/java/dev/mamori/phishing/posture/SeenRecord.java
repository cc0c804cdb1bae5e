package dev.mamori.phishing.posture;

import java.util.List;
import java.util.Objects;

/**
 * What one lookup of a posture check saw: the history compares these between checks.
 *
 * @param name the DNS name (or the policy URL for {@code type} {@code HTTPS})
 * @param type {@code TXT}, {@code MX} or {@code HTTPS} (the MTA-STS policy file)
 * @param status how the lookup ended: {@code found}, {@code no-records}, {@code no-such-name},
 *     {@code temporary-failure}, or for HTTPS {@code found} / {@code error}
 * @param values the records (or the policy body, or the fetch error), in the order seen
 */
public record SeenRecord(String name, String type, String status, List<String> values) {
    public SeenRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        values = List.copyOf(values);
    }

    /** The key the history compares by. */
    public String key() {
        return type + " " + name;
    }
}
