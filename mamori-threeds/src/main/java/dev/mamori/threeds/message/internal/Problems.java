package dev.mamori.threeds.message.internal;

import java.util.ArrayList;
import java.util.List;

/** The data elements found missing (201), invalid (203), with an unknown ISO code (304), or critical unknown extensions (202). */
public final class Problems {

    final List<String> missing = new ArrayList<>();
    final List<String> invalid = new ArrayList<>();
    final List<String> isoInvalid = new ArrayList<>();
    final List<String> criticalExtensions = new ArrayList<>();

    void missing(String path) {
        missing.add(path);
    }

    void invalid(String path) {
        if (!invalid.contains(path)) {
            invalid.add(path);
        }
    }

    void iso(String path) {
        if (!isoInvalid.contains(path)) {
            isoInvalid.add(path);
        }
    }

    void critical(String id) {
        criticalExtensions.add(id);
    }
}
