package dev.mamori.phishing.spf;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** RFC 7208 section 7 macro strings: syntax check and expansion. */
final class MacroExpander {

    private static final String DELIMITERS = ".-+,/_=";

    /** The values macro letters expand to; {@code validatedName} is looked up only when used. */
    record Context(InetAddress ip, String sender, String localPart, String senderDomain, String domain,
                   String helo, String receiver, long timestamp, Supplier<String> validatedName) {
    }

    private MacroExpander() {
    }

    /**
     * Checks {@code text} against the macro-string grammar.
     *
     * @return true when the string ends with a macro-expand (so a domain-spec needs no literal toplabel)
     */
    static boolean validate(String text, boolean explanation) throws SpfSyntaxException {
        return walk(text, explanation, null, null);
    }

    /** Expands {@code text}; the caller has validated it or accepts a {@link SpfSyntaxException}. */
    static String expand(String text, boolean explanation, Context context) throws SpfSyntaxException {
        StringBuilder out = new StringBuilder(text.length() + 32);
        walk(text, explanation, context, out);
        return out.toString();
    }

    private static boolean walk(String text, boolean explanation, Context context, StringBuilder out)
            throws SpfSyntaxException {
        boolean endsWithMacro = false;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c != '%') {
                // Explanation text may contain spaces; a record term cannot (terms split on spaces).
                if ((c < 0x21 || c > 0x7e) && !(explanation && c == ' ')) {
                    throw new SpfSyntaxException("character outside printable ASCII in macro-string");
                }
                if (out != null) {
                    out.append(c);
                }
                endsWithMacro = false;
                i++;
                continue;
            }
            if (i + 1 >= n) {
                throw new SpfSyntaxException("'%' at end of macro-string");
            }
            char next = text.charAt(i + 1);
            switch (next) {
                case '%' -> append(out, "%");
                case '_' -> append(out, " ");
                case '-' -> append(out, "%20");
                case '{' -> {
                    int close = text.indexOf('}', i + 2);
                    if (close < 0) {
                        throw new SpfSyntaxException("unterminated macro");
                    }
                    String body = text.substring(i + 2, close);
                    String value = macro(body, explanation, context);
                    append(out, value);
                    i = close + 1;
                    endsWithMacro = true;
                    continue;
                }
                default -> throw new SpfSyntaxException("'%' not followed by '{', '%', '_' or '-'");
            }
            endsWithMacro = true;
            i += 2;
        }
        return endsWithMacro;
    }

    private static void append(StringBuilder out, String s) {
        if (out != null) {
            out.append(s);
        }
    }

    private static String macro(String body, boolean explanation, Context context) throws SpfSyntaxException {
        if (body.isEmpty()) {
            throw new SpfSyntaxException("empty macro");
        }
        char letter = body.charAt(0);
        char lower = Character.toLowerCase(letter);
        if ("slodiphv".indexOf(lower) < 0 && !(explanation && "crt".indexOf(lower) >= 0)) {
            throw new SpfSyntaxException("macro letter not allowed here");
        }
        int pos = 1;
        int digitsStart = pos;
        while (pos < body.length() && body.charAt(pos) >= '0' && body.charAt(pos) <= '9') {
            pos++;
        }
        int keep = Integer.MAX_VALUE;
        if (pos > digitsStart) {
            String digits = body.substring(digitsStart, pos);
            // Anything over 128 parts keeps every part (a domain has at most 127 labels).
            keep = digits.length() > 3 ? Integer.MAX_VALUE : Integer.parseInt(digits);
            if (keep == 0) {
                throw new SpfSyntaxException("macro transformer digit must be nonzero");
            }
        }
        boolean reverse = false;
        if (pos < body.length() && (body.charAt(pos) == 'r' || body.charAt(pos) == 'R')) {
            reverse = true;
            pos++;
        }
        String delimiters = body.substring(pos);
        for (int k = 0; k < delimiters.length(); k++) {
            if (DELIMITERS.indexOf(delimiters.charAt(k)) < 0) {
                throw new SpfSyntaxException("invalid macro delimiter");
            }
        }
        if (context == null) {
            return "";
        }
        String value = switch (lower) {
            case 's' -> context.sender();
            case 'l' -> context.localPart();
            case 'o' -> context.senderDomain();
            case 'd' -> context.domain();
            case 'i' -> dotted(context.ip());
            case 'p' -> context.validatedName().get();
            case 'v' -> context.ip() instanceof Inet4Address ? "in-addr" : "ip6";
            case 'h' -> context.helo();
            case 'c' -> readable(context.ip());
            case 'r' -> context.receiver();
            case 't' -> Long.toString(context.timestamp());
            default -> throw new IllegalStateException();
        };
        value = transform(value, keep, reverse, delimiters.isEmpty() ? "." : delimiters);
        return Character.isUpperCase(letter) ? urlEncode(value) : value;
    }

    private static String transform(String value, int keep, boolean reverse, String delimiters) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int k = 0; k < value.length(); k++) {
            if (delimiters.indexOf(value.charAt(k)) >= 0) {
                parts.add(value.substring(start, k));
                start = k + 1;
            }
        }
        parts.add(value.substring(start));
        if (reverse) {
            Collections.reverse(parts);
        }
        if (keep < parts.size()) {
            parts = parts.subList(parts.size() - keep, parts.size());
        }
        return String.join(".", parts);
    }

    /** {@code i}: dotted quad, or 32 dot-separated nibbles for IPv6 (upper case, as the openspf suite expects). */
    static String dotted(InetAddress ip) {
        if (ip instanceof Inet4Address) {
            return ip.getHostAddress();
        }
        byte[] b = ip.getAddress();
        StringBuilder sb = new StringBuilder(63);
        for (byte x : b) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(Character.toUpperCase(Character.forDigit((x >> 4) & 0xf, 16))).append('.')
                    .append(Character.toUpperCase(Character.forDigit(x & 0xf, 16)));
        }
        return sb.toString();
    }

    /** {@code c}: dotted quad, or the RFC 5952 compressed IPv6 text. */
    static String readable(InetAddress ip) {
        if (ip instanceof Inet4Address) {
            return ip.getHostAddress();
        }
        byte[] b = ip.getAddress();
        int[] groups = new int[8];
        for (int k = 0; k < 8; k++) {
            groups[k] = ((b[2 * k] & 0xff) << 8) | (b[2 * k + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int k = 0; k < 8; ) {
            if (groups[k] != 0) {
                k++;
                continue;
            }
            int s = k;
            while (k < 8 && groups[k] == 0) {
                k++;
            }
            if (k - s > bestLen) {
                bestStart = s;
                bestLen = k - s;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                sb.append("::");
                k += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[k]));
        }
        return sb.toString();
    }

    /** URL-escapes everything outside RFC 3986 unreserved characters. */
    static String urlEncode(String value) {
        StringBuilder sb = new StringBuilder(value.length() * 3);
        for (byte x : value.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return sb.toString();
    }
}
