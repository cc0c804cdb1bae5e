package dev.mamori.phishing.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code name=value; ...} tag lists of DKIM key, MTA-STS, TLS-RPT and BIMI records, read leniently for
 * posture reporting: names lower case, values stripped, the first of a repeated tag kept, parts without
 * {@code =} skipped.
 */
public final class TagValues {
    private TagValues() {
    }

    public static Map<String, String> parse(String record) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String part : record.split(";")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            tags.putIfAbsent(name, part.substring(eq + 1).strip());
        }
        return tags;
    }

    /** Whether the record's first tag is {@code v=<version>} (the versions are case-sensitive). */
    public static boolean hasVersion(String record, String version) {
        int semi = record.indexOf(';');
        String first = (semi < 0 ? record : record.substring(0, semi)).strip();
        int eq = first.indexOf('=');
        return eq > 0 && first.substring(0, eq).strip().equals("v") && first.substring(eq + 1).strip().equals(version);
    }
}
