package dev.mamori.phishing.dmarc;

import dev.mamori.phishing.dkim.DkimResult;
import dev.mamori.phishing.spf.SpfResult;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Builds the value of an {@code Authentication-Results:} header (RFC 8601) for SPF, DKIM and DMARC, e.g.
 * {@code mx.example.jp; spf=pass smtp.mailfrom=example.com; dkim=pass header.d=example.com header.s=sel
 * header.i=@example.com; dmarc=pass (p=reject dis=none) header.from=example.com}.
 *
 * <p>Values come from the message and from DNS, so they are written as bare tokens only when they are
 * plain domain names or addresses; anything else is a quoted-string with control characters removed, and
 * comments lose their parentheses and control characters. No input can break the header into two.
 */
public final class AuthenticationResults {

    private static final Pattern PLAIN = Pattern.compile("([A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]*@)?[A-Za-z0-9._-]+");

    private AuthenticationResults() {}

    /** Which SMTP identity SPF checked. */
    public enum SpfIdentity {
        MAILFROM("smtp.mailfrom"), HELO("smtp.helo");

        private final String property;

        SpfIdentity(String property) {
            this.property = property;
        }
    }

    /** The header value with SPF reported for the MAIL FROM identity ({@code smtp.mailfrom}). */
    public static String header(String authservId, SpfResult spf, String spfIdentity, List<DkimResult> dkim,
            DmarcResult dmarc) {
        return header(authservId, spf, SpfIdentity.MAILFROM, spfIdentity, dkim, dmarc);
    }

    /**
     * The header value.
     *
     * @param authservId the receiving host's authentication service id (a host name)
     * @param spf the SPF result, or {@code null} to omit SPF
     * @param kind the identity SPF checked
     * @param spfIdentity the MAIL FROM address or domain, or the HELO name
     * @param dkim one result per signature; empty means {@code dkim=none}; {@code null} omits DKIM
     * @param dmarc the DMARC result, or {@code null} to omit DMARC
     */
    public static String header(String authservId, SpfResult spf, SpfIdentity kind, String spfIdentity,
            List<DkimResult> dkim, DmarcResult dmarc) {
        Objects.requireNonNull(authservId, "authservId");
        if (!authservId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("authserv-id must be a host name");
        }
        StringBuilder sb = new StringBuilder(authservId);
        if (spf != null) {
            sb.append("; spf=").append(spf.result().keyword());
            if (spfIdentity != null && !spfIdentity.isEmpty()) {
                sb.append(' ').append(kind.property).append('=').append(value(spfIdentity));
            }
        }
        if (dkim != null) {
            if (dkim.isEmpty()) {
                sb.append("; dkim=none");
            }
            for (DkimResult r : dkim) {
                sb.append("; dkim=").append(r.result().word());
                if (r.result() != DkimResult.Result.PASS && r.result() != DkimResult.Result.NONE) {
                    sb.append(" (").append(comment(r.reason())).append(')');
                }
                if (r.domain() != null) {
                    sb.append(" header.d=").append(value(r.domain()));
                }
                if (r.selector() != null) {
                    sb.append(" header.s=").append(value(r.selector()));
                }
                if (r.identity() != null) {
                    sb.append(" header.i=").append(value(r.identity()));
                }
            }
        }
        if (dmarc != null) {
            sb.append("; dmarc=").append(dmarc.result().keyword());
            if (dmarc.requestedPolicy() != null) {
                sb.append(" (p=").append(dmarc.requestedPolicy().keyword())
                        .append(" dis=").append(dmarc.disposition().keyword()).append(')');
            }
            sb.append(" header.from=").append(value(dmarc.authorDomain()));
        }
        return sb.toString();
    }

    static String value(String v) {
        if (PLAIN.matcher(v).matches()) {
            return v;
        }
        StringBuilder q = new StringBuilder("\"");
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                continue;
            }
            if (c == '"' || c == '\\') {
                q.append('\\');
            }
            q.append(c);
        }
        return q.append('"').toString();
    }

    private static String comment(String text) {
        StringBuilder c = new StringBuilder();
        for (int i = 0; i < text.length() && c.length() < 100; i++) {
            char ch = text.charAt(i);
            if (ch >= 0x20 && ch != 0x7f && ch != '(' && ch != ')' && ch != '\\') {
                c.append(ch);
            }
        }
        return c.toString().strip();
    }
}
