package dev.mamori.phishing.lookalike;

import java.util.Locale;

/** Where observed domains came from. */
public enum ScanSource {
    /** An uploaded list, e.g. a newly-registered-domain feed. */
    UPLOAD,
    /** A certificate-transparency export. */
    CT,
    /** Hosts of URLs from phishing reports. */
    REPORT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but upload, ct or report */
    public static ScanSource ofId(String id) {
        for (ScanSource source : values()) {
            if (source.id().equalsIgnoreCase(id)) {
                return source;
            }
        }
        throw new IllegalArgumentException("source is upload, ct or report");
    }
}
