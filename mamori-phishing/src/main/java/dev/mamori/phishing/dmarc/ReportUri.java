package dev.mamori.phishing.dmarc;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One reporting address from {@code rua=} or {@code ruf=} (RFC 7489 section 6.2): a URI, with an optional
 * maximum report size written after {@code !} ({@code mailto:dmarc@example.com!10m}).
 *
 * @param uri the URI, without the size suffix
 * @param maxBytes the size limit in octets, or {@code -1} when none was given
 */
public record ReportUri(URI uri, long maxBytes) {

    private static final Pattern SIZE = Pattern.compile("^(.*)!([0-9]{1,15})([kmgtKMGT]?)$");

    public ReportUri {
        Objects.requireNonNull(uri, "uri");
    }

    /** Whether this is a {@code mailto:} address, the one scheme every receiver must support. */
    public boolean isMailto() {
        return "mailto".equalsIgnoreCase(uri.getScheme());
    }

    /** Parses one list element; throws with the rule name in the message when it is not a valid URI. */
    static ReportUri parse(String text) throws IllegalArgumentException {
        String body = text;
        long max = -1;
        Matcher m = SIZE.matcher(text);
        if (m.matches()) {
            body = m.group(1);
            long n = Long.parseLong(m.group(2));
            int shift = switch (m.group(3).toLowerCase(Locale.ROOT)) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                case "t" -> 40;
                default -> 0;
            };
            max = n > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : n << shift;
        } else if (text.indexOf('!') >= 0) {
            throw new IllegalArgumentException("size after '!' must be digits with an optional k/m/g/t unit");
        }
        URI uri;
        try {
            uri = new URI(body);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URI (RFC 3986)");
        }
        if (uri.getScheme() == null) {
            throw new IllegalArgumentException("URI has no scheme");
        }
        if ("mailto".equalsIgnoreCase(uri.getScheme())) {
            String addr = uri.getSchemeSpecificPart();
            int at = addr == null ? -1 : addr.lastIndexOf('@');
            if (at <= 0 || at == addr.length() - 1) {
                throw new IllegalArgumentException("mailto: URI without local-part@domain");
            }
        }
        return new ReportUri(uri, max);
    }
}
