package dev.mamori.phishing.posture;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An MTA-STS policy file (RFC 8461 section 3.2): {@code version: STSv1}, {@code mode}, one {@code mx:} line per
 * allowed MX host pattern ({@code mail.example.com} or {@code *.example.com}) and {@code max_age} in seconds.
 *
 * @param mode the mode
 * @param mx the MX patterns, lower case
 * @param maxAge seconds senders may cache the policy, 0 to {@value #MAX_AGE_LIMIT}
 */
public record MtaStsPolicy(Mode mode, List<String> mx, long maxAge) {
    /** RFC 8461 section 3.2: max_age is at most 31557600 (about one year). */
    public static final long MAX_AGE_LIMIT = 31_557_600L;
    /** Policy files are small; more than this is not a policy (RFC 8461 section 3.3 lets senders cap the size). */
    public static final int MAX_BYTES = 64 * 1024;

    private static final Pattern MX_PATTERN = Pattern.compile("(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9-]{1,63}\\.?");

    public MtaStsPolicy {
        mx = List.copyOf(mx);
    }

    /** The policy mode. */
    public enum Mode {
        ENFORCE, TESTING, NONE;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Parses a policy file. Lines end in CRLF (LF alone is accepted, as most senders do); unknown keys are
     * ignored (section 3.2); when a key other than {@code mx} repeats, the first value counts.
     *
     * @throws MtaStsPolicyException naming the field at fault
     */
    public static MtaStsPolicy parse(String text) throws MtaStsPolicyException {
        if (text == null || text.isBlank()) {
            throw new MtaStsPolicyException("version", "the policy file is empty");
        }
        String version = null;
        String mode = null;
        String maxAge = null;
        List<String> mx = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MtaStsPolicyException("line " + (i + 1), "a policy line is 'key: value'");
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "version" -> version = version == null ? value : version;
                case "mode" -> mode = mode == null ? value : mode;
                case "max_age" -> maxAge = maxAge == null ? value : maxAge;
                case "mx" -> mx.add(value.toLowerCase(Locale.ROOT));
                default -> { } // extension fields are ignored
            }
        }
        if (version == null) {
            throw new MtaStsPolicyException("version", "the policy has no version field");
        }
        if (!version.equals("STSv1")) {
            throw new MtaStsPolicyException("version", "version must be STSv1");
        }
        if (mode == null) {
            throw new MtaStsPolicyException("mode", "the policy has no mode field");
        }
        Mode parsedMode = switch (mode) {
            case "enforce" -> Mode.ENFORCE;
            case "testing" -> Mode.TESTING;
            case "none" -> Mode.NONE;
            default -> throw new MtaStsPolicyException("mode", "mode must be enforce, testing or none");
        };
        if (maxAge == null) {
            throw new MtaStsPolicyException("max_age", "the policy has no max_age field");
        }
        if (!maxAge.matches("[0-9]{1,10}") || Long.parseLong(maxAge) > MAX_AGE_LIMIT) {
            throw new MtaStsPolicyException("max_age", "max_age must be a number of seconds from 0 to " + MAX_AGE_LIMIT);
        }
        for (String pattern : mx) {
            if (!MX_PATTERN.matcher(pattern).matches()) {
                throw new MtaStsPolicyException("mx", "an mx value is a host name or *.parent pattern");
            }
        }
        if (mx.isEmpty() && parsedMode != Mode.NONE) {
            throw new MtaStsPolicyException("mx", "a policy in mode " + mode + " lists at least one mx");
        }
        return new MtaStsPolicy(parsedMode, mx, Long.parseLong(maxAge));
    }

    /** Whether {@code host} matches one of the mx patterns (RFC 8461 section 4.1: a wildcard covers one label). */
    public boolean allows(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        h = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
        for (String pattern : mx) {
            String p = pattern.endsWith(".") ? pattern.substring(0, pattern.length() - 1) : pattern;
            if (p.startsWith("*.")) {
                int dot = h.indexOf('.');
                if (dot > 0 && h.substring(dot + 1).equals(p.substring(2))) {
                    return true;
                }
            } else if (p.equals(h)) {
                return true;
            }
        }
        return false;
    }
}
