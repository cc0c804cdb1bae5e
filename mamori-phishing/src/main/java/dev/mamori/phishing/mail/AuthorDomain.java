package dev.mamori.phishing.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The RFC5322.From domain DMARC is about (RFC 7489 section 3.1.1, RFC 9989 section 4.4). A message
 * must have exactly one From field with exactly one mailbox: RFC 7489 section 6.6.1 lets receivers
 * refuse anything else, and an author DMARC cannot name is what a spoofer would send. Headers are
 * parsed by Jakarta Mail (folding, comments, quoted display names, encoded words).
 */
final class AuthorDomain {
    private AuthorDomain() {
    }

    static String of(byte[] raw) {
        if (raw.length == 0) {
            throw new MalformedMessageException("message", "empty", "the message is empty");
        }
        if (!startsWithHeaderField(raw)) {
            throw new MalformedMessageException("message", "header-fields",
                    "a message starts with header fields (From:, To:, Subject: ...) followed by an empty line and the body");
        }
        String[] from;
        try {
            from = new InternetHeaders(new ByteArrayInputStream(raw)).getHeader("From");
        } catch (MessagingException e) {
            throw new MalformedMessageException("message", "header-fields", "the message's header fields cannot be read");
        }
        if (from == null || from.length == 0) {
            throw new MalformedMessageException("message", "from-missing", "the message has no From field, so DMARC has no author domain");
        }
        if (from.length > 1) {
            throw new MalformedMessageException("message", "from-multiple",
                    "the message has " + from.length + " From fields; DMARC needs exactly one (RFC 7489 section 6.6.1)");
        }
        InternetAddress[] mailboxes;
        try {
            mailboxes = InternetAddress.parseHeader(from[0], true);
        } catch (AddressException e) {
            throw new MalformedMessageException("message", "from-syntax", "the From field is not a valid address list (RFC 5322 section 3.4)");
        }
        if (mailboxes.length != 1 || mailboxes[0].isGroup()) {
            throw new MalformedMessageException("message", "from-mailboxes",
                    "the From field has " + mailboxes.length + " mailboxes; DMARC needs exactly one");
        }
        String address = mailboxes[0].getAddress();
        int at = address == null ? -1 : address.lastIndexOf('@');
        if (at < 0 || at == address.length() - 1) {
            throw new MalformedMessageException("message", "from-domain", "the From address has no domain");
        }
        String domain = address.substring(at + 1).toLowerCase(Locale.ROOT);
        if (domain.startsWith("[")) {
            throw new MalformedMessageException("message", "from-domain", "the From address has an address literal, not a domain");
        }
        return domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    }

    /** A header field name (printable ASCII but colon, RFC 5322 section 2.2) then a colon, on the first line. */
    private static boolean startsWithHeaderField(byte[] raw) {
        String head = new String(raw, 0, Math.min(raw.length, 1000), StandardCharsets.ISO_8859_1);
        int i = 0;
        while (i < head.length() && head.charAt(i) > 32 && head.charAt(i) < 127 && head.charAt(i) != ':') {
            i++;
        }
        // Obsolete syntax allows whitespace before the colon (RFC 5322 section 4.5).
        while (i < head.length() && (head.charAt(i) == ' ' || head.charAt(i) == '\t')) {
            i++;
        }
        return i > 0 && i < head.length() && head.charAt(i) == ':';
    }
}
