package dev.mamori.phishing.dkim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed RFC 6376 section 3.2 tag-list ({@code tag=value; tag=value}), used by both the
 * {@code DKIM-Signature} header and the key record. Values keep their inner folding whitespace;
 * callers that need it gone (base64, colon lists) strip it themselves.
 */
final class TagList {
    private final Map<String, String> tags;

    private TagList(Map<String, String> tags) {
        this.tags = Collections.unmodifiableMap(tags);
    }

    /**
     * Parses {@code text}.
     *
     * @throws DkimSyntaxException when a tag-spec has no {@code =}, a tag name is not
     *     {@code ALPHA *(ALPHA / DIGIT / "_")}, a value holds a character outside VALCHAR and
     *     folding whitespace, or a tag appears twice (section 3.2: "MUST be treated as an error")
     */
    static TagList parse(String text) throws DkimSyntaxException {
        Map<String, String> tags = new LinkedHashMap<>();
        String[] specs = text.split(";", -1);
        for (int n = 0; n < specs.length; n++) {
            String spec = trimFws(specs[n]);
            if (spec.isEmpty()) {
                if (n == specs.length - 1 && n > 0) {
                    break; // a trailing ";" is allowed
                }
                throw new DkimSyntaxException("empty tag-spec in tag list");
            }
            int eq = spec.indexOf('=');
            if (eq < 0) {
                throw new DkimSyntaxException("tag-spec without '=': " + shorten(spec));
            }
            String name = trimFws(spec.substring(0, eq));
            String value = trimFws(spec.substring(eq + 1));
            if (!isTagName(name)) {
                throw new DkimSyntaxException("invalid tag name: " + shorten(name));
            }
            checkValue(name, value);
            if (tags.putIfAbsent(name, value) != null) {
                throw new DkimSyntaxException("tag '" + name + "' appears twice");
            }
        }
        return new TagList(tags);
    }

    /** The value of {@code name} (tag names are case-sensitive), or {@code null}. */
    String get(String name) {
        return tags.get(name);
    }

    boolean has(String name) {
        return tags.containsKey(name);
    }

    /** The first tag's name, or {@code null} for an empty list. */
    String firstName() {
        return tags.isEmpty() ? null : tags.keySet().iterator().next();
    }

    /** {@code s} without any space, tab, CR or LF (for base64 and colon-separated values). */
    static String stripFws(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isFws(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isFws(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static String trimFws(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isFws(s.charAt(start))) {
            start++;
        }
        while (end > start && isFws(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isTagName(String name) {
        if (name.isEmpty() || !isAlpha(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '_') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** VALCHAR is %x21-3A / %x3C-7E; folding whitespace may sit between them. */
    private static void checkValue(String name, String value) throws DkimSyntaxException {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isFws(c)) {
                continue;
            }
            if (c < 0x21 || c > 0x7e) {
                throw new DkimSyntaxException("invalid character in value of tag '" + name + "'");
            }
        }
    }

    private static String shorten(String s) {
        return s.length() <= 20 ? s : s.substring(0, 20) + "...";
    }
}
