package dev.mamori.threeds.message;

import java.util.List;

/** The EMV 3-D Secure message versions this implementation speaks. */
public final class MessageVersions {

    /** Lowest first: the last one is the highest supported. */
    public static final List<String> SUPPORTED = List.of("2.2.0", "2.3.1");

    private MessageVersions() {
    }

    public static boolean supported(String version) {
        return version != null && SUPPORTED.contains(version);
    }

    /** @return the highest version this implementation speaks */
    public static String highest() {
        return SUPPORTED.get(SUPPORTED.size() - 1);
    }
}
