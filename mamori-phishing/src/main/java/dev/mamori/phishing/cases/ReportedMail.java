package dev.mamori.phishing.cases;

import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A forwarded phishing mail (RFC 5322 / MIME, parsed by Jakarta Mail): its headers, its text and
 * HTML parts (quoted-printable and base64 decoded, any charset Java knows, ISO-2022-JP included)
 * and the mails attached to it ({@code message/rfc822}, as a forward-as-attachment puts the
 * phishing mail inside the cardholder's own). Attachments of other types are not read.
 */
public final class ReportedMail {
    /** Nested mails are followed this deep; MIME parts counted up to {@link #MAX_PARTS}. */
    public static final int MAX_DEPTH = 5;
    public static final int MAX_PARTS = 200;
    private static final Session SESSION = Session.getInstance(new Properties());

    private final String subject;
    private final String from;
    private final String date;
    private final String messageId;
    private final String headerBlock;
    private final List<String> texts;
    private final List<String> htmls;
    private final List<ReportedMail> attached;
    private final List<String> attachedTexts;

    private ReportedMail(String subject, String from, String date, String messageId, String headerBlock, List<String> texts,
                         List<String> htmls, List<ReportedMail> attached, List<String> attachedTexts) {
        this.subject = subject;
        this.from = from;
        this.date = date;
        this.messageId = messageId;
        this.headerBlock = headerBlock;
        this.texts = texts;
        this.htmls = htmls;
        this.attached = attached;
        this.attachedTexts = attachedTexts;
    }

    /**
     * Parses a mail.
     *
     * @throws InvalidReportException ({@code eml}: {@code required}, {@code max-size}, {@code rfc5322})
     */
    public static ReportedMail parse(byte[] eml) {
        if (eml == null || eml.length == 0) {
            throw new InvalidReportException("eml", "required", "the forwarded mail (.eml) is required");
        }
        if (eml.length > Screenshots.MAX_BYTES) {
            throw new InvalidReportException("eml", "max-size", "a mail has at most " + Screenshots.MAX_BYTES + " bytes");
        }
        try {
            MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(eml));
            if (message.getHeader("From") == null && message.getHeader("Subject") == null) {
                throw new InvalidReportException("eml", "rfc5322", "not a mail message: it has no From or Subject header");
            }
            return read(message, 0, new int[1]);
        } catch (MessagingException | IOException | RuntimeException e) {
            if (e instanceof InvalidReportException invalid) {
                throw invalid;
            }
            throw new InvalidReportException("eml", "rfc5322", "the mail cannot be read as RFC 5322 / MIME");
        }
    }

    private static ReportedMail read(MimeMessage message, int depth, int[] parts) throws MessagingException, IOException {
        List<String> texts = new ArrayList<>();
        List<String> htmls = new ArrayList<>();
        List<ReportedMail> attached = new ArrayList<>();
        List<String> others = new ArrayList<>();
        walk(message, depth, parts, texts, htmls, attached, others);
        return new ReportedMail(decoded(message.getHeader("Subject", null)), decoded(message.getHeader("From", null)),
                message.getHeader("Date", null), message.getHeader("Message-ID", null), headerBlock(message),
                Collections.unmodifiableList(texts), Collections.unmodifiableList(htmls), Collections.unmodifiableList(attached),
                Collections.unmodifiableList(others));
    }

    private static void walk(Part part, int depth, int[] parts, List<String> texts, List<String> htmls, List<ReportedMail> attached,
                             List<String> others) throws MessagingException, IOException {
        if (++parts[0] > MAX_PARTS) {
            return;
        }
        if (part.isMimeType("multipart/*")) {
            Object content = part.getContent();
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    walk(child, depth, parts, texts, htmls, attached, others);
                }
            }
        } else if (part.isMimeType("message/rfc822")) {
            if (depth + 1 < MAX_DEPTH) {
                Object content = part.getContent();
                MimeMessage nested = content instanceof MimeMessage m ? m : new MimeMessage(SESSION, asStream(content));
                attached.add(read(nested, depth + 1, parts));
            }
        } else if (part.isMimeType("text/html")) {
            htmls.add(String.valueOf(part.getContent()));
        } else if (part.isMimeType("text/plain") && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            texts.add(String.valueOf(part.getContent()));
        } else if (part.isMimeType("text/*")) {
            // An attached text file (CSV, notes) is not read for links, but searched for card numbers.
            try (InputStream in = part.getInputStream()) {
                others.add(new String(in.readNBytes(Screenshots.MAX_BYTES), charset(part.getContentType())));
            }
        }
    }

    private static java.nio.charset.Charset charset(String contentType) {
        try {
            String name = new jakarta.mail.internet.ContentType(contentType).getParameter("charset");
            return name == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(MimeUtility.javaCharset(name));
        } catch (MessagingException | IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static InputStream asStream(Object content) throws IOException {
        if (content instanceof InputStream in) {
            return in;
        }
        return new ByteArrayInputStream(String.valueOf(content).getBytes(StandardCharsets.UTF_8));
    }

    private static String decoded(String header) {
        if (header == null) {
            return null;
        }
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(header));
        } catch (UnsupportedEncodingException e) {
            return header;
        }
    }

    private static String headerBlock(MimeMessage message) throws MessagingException {
        StringBuilder out = new StringBuilder();
        Enumeration<Header> headers = message.getAllHeaders();
        while (headers.hasMoreElements()) {
            Header h = headers.nextElement();
            out.append(h.getName()).append(": ").append(h.getValue()).append("\r\n");
        }
        return out.toString();
    }

    /** Every URL in this mail and the mails attached to it: text parts, then HTML links. */
    public List<ReportedUrl> urls() {
        Map<String, ReportedUrl> found = new LinkedHashMap<>();
        collectUrls(found);
        return List.copyOf(found.values()).subList(0, Math.min(found.size(), UrlExtractor.MAX_URLS));
    }

    private void collectUrls(Map<String, ReportedUrl> found) {
        for (String html : htmls) {
            UrlExtractor.fromHtml(html).forEach(u -> found.putIfAbsent(u.url(), u));
        }
        for (String text : texts) {
            UrlExtractor.fromText(text).forEach(u -> found.putIfAbsent(u.url(), u));
        }
        for (ReportedMail mail : attached) {
            mail.collectUrls(found);
        }
    }

    /** All readable text (headers, text parts, HTML parts' text, attached text files) of this mail and the attached ones, for card-number search. */
    public String allText() {
        StringBuilder out = new StringBuilder(headerBlock);
        texts.forEach(t -> out.append('\n').append(t));
        // The markup as well as its text: a card number in an attribute (a link's query, a form's
        // hidden value) is not in the text, and an encoded part hides it from a search of the raw mail.
        htmls.forEach(h -> out.append('\n').append(org.jsoup.Jsoup.parse(h).text()).append('\n').append(h));
        attachedTexts.forEach(t -> out.append('\n').append(t));
        attached.forEach(m -> out.append('\n').append(m.allText()));
        return out.toString();
    }

    /** The text to show for the report: the innermost attached mail's text (the phishing mail), else this one's. */
    public String mainText() {
        if (!attached.isEmpty()) {
            return attached.get(0).mainText();
        }
        if (!texts.isEmpty()) {
            return texts.get(0);
        }
        return htmls.isEmpty() ? "" : org.jsoup.Jsoup.parse(htmls.get(0)).text();
    }

    /** The phishing mail itself: the first attached mail when this is a forward-as-attachment, else this. */
    public ReportedMail phishingMail() {
        return attached.isEmpty() ? this : attached.get(0).phishingMail();
    }

    public String subject() {
        return subject;
    }

    public String from() {
        return from;
    }

    public String date() {
        return date;
    }

    public String messageId() {
        return messageId;
    }

    /** The header block as received ({@code Name: value} lines, CRLF). */
    public String headerBlock() {
        return headerBlock;
    }

    public List<String> texts() {
        return texts;
    }

    public List<String> htmls() {
        return htmls;
    }

    public List<ReportedMail> attached() {
        return attached;
    }

    @Override
    public String toString() {
        return "ReportedMail[content hidden]";
    }
}
