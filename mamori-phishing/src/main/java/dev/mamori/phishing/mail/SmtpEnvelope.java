package dev.mamori.phishing.mail;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the receiving SMTP server saw before the message: the connecting client's address, its
 * HELO/EHLO name and the MAIL FROM reverse-path. {@link #parse} checks each value and never looks
 * anything up (an IP given as a host name is refused, not resolved).
 *
 * @param ip the SMTP client's address
 * @param helo the HELO/EHLO argument, possibly empty
 * @param mailFrom the reverse-path without angle brackets; empty for the null reverse-path {@code <>}
 */
public record SmtpEnvelope(InetAddress ip, String helo, String mailFrom) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
    /** RFC 5321 section 4.5.3.1.3: a path is at most 256 octets. */
    static final int MAX_PATH = 256;

    /** Parses the three values as an operator types them: {@code 192.0.2.1}, {@code mail.example.jp}, {@code <bounce@example.jp>}. */
    public static SmtpEnvelope parse(String ip, String helo, String mailFrom) {
        return new SmtpEnvelope(address(ip), heloName(helo), reversePath(mailFrom));
    }

    /** The MAIL FROM domain, or the HELO name when the reverse-path is null: the identity SPF checks. */
    public String spfDomain() {
        if (mailFrom.isEmpty()) {
            return helo;
        }
        return mailFrom.substring(mailFrom.lastIndexOf('@') + 1);
    }

    /** Whether SPF checks the HELO identity because the reverse-path is null (bounces). */
    public boolean spfChecksHelo() {
        return mailFrom.isEmpty();
    }

    static InetAddress address(String text) {
        if (text == null || text.isBlank()) {
            throw new MalformedMessageException("ip", "required", "ip is the SMTP client's IPv4 or IPv6 address and is required");
        }
        String value = text.strip();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.regionMatches(true, 0, "IPv6:", 0, 5)) {
            value = value.substring(5);
        }
        boolean v4 = IPV4.matcher(value).matches();
        boolean v6 = !v4 && value.indexOf(':') >= 0 && IPV6.matcher(value).matches();
        if (v4) {
            for (String octet : value.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    v4 = false;
                }
            }
        }
        if (!v4 && !v6) {
            throw new MalformedMessageException("ip", "ip-address", "ip must be an IPv4 or IPv6 address, e.g. 192.0.2.1 or 2001:db8::1");
        }
        try {
            // A literal: InetAddress parses it without any lookup.
            return InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            throw new MalformedMessageException("ip", "ip-address", "ip must be an IPv4 or IPv6 address, e.g. 192.0.2.1 or 2001:db8::1");
        }
    }

    static String heloName(String text) {
        String value = text == null ? "" : text.strip();
        if (value.length() > 255 || !value.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new MalformedMessageException("helo", "helo-name",
                    "helo is the client's HELO/EHLO name: at most 255 printable ASCII characters without spaces");
        }
        return value;
    }

    static String reversePath(String text) {
        String value = text == null ? "" : text.strip();
        if (value.startsWith("<") && value.endsWith(">")) {
            value = value.substring(1, value.length() - 1).strip();
        }
        if (value.isEmpty()) {
            return "";
        }
        if (value.length() > MAX_PATH || !value.chars().allMatch(c -> c > 32 && c < 127) || value.indexOf('<') >= 0
                || value.indexOf('>') >= 0) {
            throw new MalformedMessageException("mailFrom", "reverse-path",
                    "mailFrom is the MAIL FROM address (at most 256 printable characters), or empty or <> for a bounce");
        }
        int at = value.lastIndexOf('@');
        if (at <= 0 || at == value.length() - 1) {
            throw new MalformedMessageException("mailFrom", "reverse-path", "mailFrom must be local-part@domain, or empty or <> for a bounce");
        }
        return value.substring(0, at) + "@" + value.substring(at + 1).toLowerCase(Locale.ROOT);
    }
}
