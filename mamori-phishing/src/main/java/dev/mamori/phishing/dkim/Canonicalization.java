package dev.mamori.phishing.dkim;

import java.util.Locale;

/** The two canonicalization algorithms of RFC 6376 section 3.4, for headers and for bodies. */
enum Canonicalization {
    SIMPLE,
    RELAXED;

    static Canonicalization of(String word) throws DkimSyntaxException {
        return switch (word) {
            case "simple" -> SIMPLE;
            case "relaxed" -> RELAXED;
            default -> throw new DkimSyntaxException("unknown canonicalization '" + word + "'");
        };
    }

    /**
     * One header field (as received, folded, without its final CRLF) in canonical form, followed
     * by CRLF (sections 3.4.1 and 3.4.2).
     */
    String header(String rawField) {
        if (this == SIMPLE) {
            return rawField + "\r\n";
        }
        int colon = rawField.indexOf(':');
        String name = colon < 0 ? rawField : rawField.substring(0, colon);
        String value = colon < 0 ? "" : rawField.substring(colon + 1);
        name = collapseWsp(unfold(name)).strip().toLowerCase(Locale.ROOT);
        value = collapseWsp(unfold(value));
        value = trimWsp(value);
        return name + ":" + value + "\r\n";
    }

    /** The body (CRLF line endings) in canonical form (sections 3.4.3 and 3.4.4). */
    String body(String body) {
        if (this == SIMPLE) {
            String b = stripTrailingEmptyLines(body);
            if (b.isEmpty()) {
                return "\r\n";
            }
            return b.endsWith("\r\n") ? b : b + "\r\n";
        }
        StringBuilder out = new StringBuilder(body.length());
        int pos = 0;
        while (pos < body.length()) {
            int eol = body.indexOf("\r\n", pos);
            String line = eol < 0 ? body.substring(pos) : body.substring(pos, eol);
            out.append(stripTrailingWsp(collapseWsp(line))).append("\r\n");
            pos = eol < 0 ? body.length() : eol + 2;
        }
        return stripTrailingEmptyLines(out.toString());
    }

    /** Removes every CRLF that is followed by whitespace (RFC 5322 unfolding). */
    private static String unfold(String s) {
        return s.replace("\r\n", "");
    }

    private static String collapseWsp(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean inWsp = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t') {
                if (!inWsp) {
                    out.append(' ');
                    inWsp = true;
                }
            } else {
                out.append(c);
                inWsp = false;
            }
        }
        return out.toString();
    }

    private static String trimWsp(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }

    private static String stripTrailingWsp(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(0, end);
    }

    /** Removes empty lines at the end, keeping the CRLF that ends the last non-empty line. */
    private static String stripTrailingEmptyLines(String s) {
        int end = s.length();
        while (end >= 2 && s.startsWith("\r\n", end - 2)) {
            if (end == 2) {
                return "";
            }
            if (s.startsWith("\r\n", end - 4)) {
                end -= 2;
            } else {
                break;
            }
        }
        return s.substring(0, end);
    }
}
