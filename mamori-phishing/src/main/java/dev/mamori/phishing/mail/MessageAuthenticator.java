package dev.mamori.phishing.mail;

import dev.mamori.phishing.dkim.DkimResult;
import dev.mamori.phishing.dkim.DkimVerifier;
import dev.mamori.phishing.dmarc.AuthenticationResults;
import dev.mamori.phishing.dmarc.DmarcEvaluator;
import dev.mamori.phishing.dmarc.DmarcResult;
import dev.mamori.phishing.dns.DnsResolver;
import dev.mamori.phishing.spf.SpfEvaluator;
import dev.mamori.phishing.spf.SpfResult;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Authenticates one received message the way a receiving mail server does: SPF for the SMTP
 * envelope (RFC 7208), every DKIM signature (RFC 6376, RFC 8463), then DMARC alignment and policy
 * for the From domain (RFC 7489 / RFC 9989), summed up as an {@code Authentication-Results} header
 * (RFC 8601). Thread-safe; every DNS lookup goes to the given resolver.
 */
public final class MessageAuthenticator {
    /** Larger messages are refused: SMTP servers commonly cap messages at 25 MB or less. */
    public static final int MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

    private final DnsResolver dns;
    private final Clock clock;
    private final String authservId;

    /**
     * @param authservId the host name that names the checking service in {@code Authentication-Results}
     */
    public MessageAuthenticator(DnsResolver dns, Clock clock, String authservId) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (authservId == null || !authservId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("authserv-id must be a host name");
        }
        this.authservId = authservId;
    }

    /**
     * A message saved from a mailbox file starts with the mbox separator line {@code From sender date}
     * (RFC 4155), which is not part of the message: no header field, never signed.
     */
    static byte[] withoutMboxSeparator(byte[] raw) {
        if (raw.length < 5 || raw[0] != 'F' || raw[1] != 'r' || raw[2] != 'o' || raw[3] != 'm' || raw[4] != ' ') {
            return raw;
        }
        for (int i = 5; i < raw.length; i++) {
            if (raw[i] == '\n') {
                return java.util.Arrays.copyOfRange(raw, i + 1, raw.length);
            }
        }
        return raw;
    }

    /** SPF alone, for an envelope whose message is not at hand (RFC 7208 check of MAIL FROM, or HELO for a bounce). */
    public SpfResult checkSpf(SmtpEnvelope envelope) {
        Objects.requireNonNull(envelope, "envelope");
        return new SpfEvaluator(dns, authservId, clock).check(envelope.ip(), envelope.mailFrom(), envelope.helo());
    }

    /**
     * @param rawMessage the message as received (RFC 5322; CRLF or LF line endings)
     * @throws MalformedMessageException when the message has no single From mailbox or is too large
     */
    public MessageAuthentication authenticate(byte[] rawMessage, SmtpEnvelope envelope) {
        Objects.requireNonNull(rawMessage, "rawMessage");
        Objects.requireNonNull(envelope, "envelope");
        if (rawMessage.length > MAX_MESSAGE_BYTES) {
            throw new MalformedMessageException("message", "too-large", "the message has more than " + MAX_MESSAGE_BYTES + " bytes");
        }
        rawMessage = withoutMboxSeparator(rawMessage);
        String fromDomain = AuthorDomain.of(rawMessage);
        SpfResult spf = checkSpf(envelope);
        List<DkimResult> dkim = new DkimVerifier(dns, clock, DkimVerifier.DEFAULT_CLOCK_SKEW).verify(rawMessage);
        // A lone "none" result means unsigned: DMARC then has no DKIM identifier at all.
        List<DkimResult> signatures = dkim.size() == 1 && dkim.get(0).result() == DkimResult.Result.NONE ? List.of() : dkim;
        String spfDomain = envelope.spfDomain().isEmpty() ? null : envelope.spfDomain();
        DmarcResult dmarc = new DmarcEvaluator(dns).evaluate(fromDomain, spf, spfDomain, signatures);
        String header = AuthenticationResults.header(authservId, spf,
                envelope.spfChecksHelo() ? AuthenticationResults.SpfIdentity.HELO : AuthenticationResults.SpfIdentity.MAILFROM,
                envelope.spfChecksHelo() ? envelope.helo() : envelope.mailFrom(), signatures, dmarc);
        return new MessageAuthentication(envelope, fromDomain, spf, dkim, dmarc, header);
    }
}
