package dev.mamori.phishing.cases;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import jakarta.activation.DataHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Takedown requests for a hosting provider's or registrar's abuse desk, in the two formats abuse
 * desks process automatically:
 *
 * <ul>
 *   <li>ARF (RFC 5965): a {@code multipart/report; report-type=feedback-report} mail with a
 *       human-readable part, the machine-readable {@code message/feedback-report} part
 *       ({@code Feedback-Type: fraud}, {@code User-Agent}, {@code Version: 1}, {@code Arrival-Date},
 *       {@code Reported-Domain}, {@code Reported-URI}, {@code Source-IP} when known) and the
 *       reported mail ({@code message/rfc822}). A case reported by SMS or URL has no mail: its
 *       third part is a short {@code message/rfc822} marked {@code X-Mamori-Synthesized} that
 *       carries the reported text.</li>
 *   <li>XARF v4 JSON, category {@code content}, type {@code phishing} (schema
 *       {@code https://xarf.org/schemas/v4/types/content-phishing.json}), with the screenshots and
 *       mail as base64 evidence and their SHA-256.</li>
 * </ul>
 */
public final class TakedownReports {
    public static final String USER_AGENT = "Mamori/0.1";
    public static final String XARF_VERSION = "4.0.0";
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final DateTimeFormatter MAIL_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Pattern XARF_DOMAIN = Pattern.compile("^([a-z0-9]+(-[a-z0-9]+)*\\.)+[a-z]{2,}$");
    private static final Pattern IPV4 = Pattern.compile("(?:25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})(?:\\.(?:25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final int MAX_XARF_EVIDENCE = 10;

    private TakedownReports() {
    }

    /**
     * Who sends the report: the tenant.
     *
     * @param org the organisation's name
     * @param address where the abuse desk answers
     */
    public record Sender(String org, String address) {
        public String domain() {
            return address.substring(address.indexOf('@') + 1).toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A stored file to attach, with its bytes. */
    public record Attachment(String contentType, byte[] content, String sha256) {
    }

    /**
     * Checks an e-mail address given for {@code field} ({@code to}, {@code from}).
     *
     * @throws InvalidReportException ({@code required} or {@code email})
     */
    public static String address(String field, String address) {
        if (address == null || address.isBlank()) {
            throw new InvalidReportException(field, "required", field + " is required: an e-mail address");
        }
        try {
            InternetAddress parsed = new InternetAddress(address.strip(), true);
            if (parsed.getAddress().indexOf('@') <= 0 || address.length() > 254) {
                throw new AddressException();
            }
            return parsed.getAddress();
        } catch (AddressException e) {
            throw new InvalidReportException(field, "email", field + " must be one e-mail address (user@example.com)");
        }
    }

    /**
     * The ARF mail for {@code detail}, ready to send ({@code .eml} bytes).
     *
     * @param mail the reported mail as stored (masked if it held card numbers), or null
     * @param sourceIp the phishing server's IP address when known, or null
     */
    public static byte[] arf(CaseDetail detail, Sender from, String to, byte[] mail, String sourceIp, Instant now) {
        String fromAddress = address("from", from.address());
        String toAddress = address("to", to);
        String ip = sourceIp(detail.phishingCase().host(), sourceIp);
        PhishingCase c = detail.phishingCase();
        try {
            MimeMessage message = new MimeMessage(SESSION);
            message.setFrom(new InternetAddress(fromAddress, from.org(), "UTF-8"));
            message.setRecipients(MimeMessage.RecipientType.TO, InternetAddress.parse(toAddress, true));
            message.setSubject("Phishing site report: " + Defang.of(c.host()) + (c.brand() == null ? "" : " (" + c.brand() + ")"), "UTF-8");
            message.setSentDate(java.util.Date.from(now));

            MimeMultipart report = new ReportMultipart();
            MimeBodyPart human = new MimeBodyPart();
            human.setText(humanText(detail, from), "UTF-8");
            report.addBodyPart(human);

            MimeBodyPart machine = new MimeBodyPart();
            machine.setDataHandler(new DataHandler(new ByteArrayDataSource(feedbackFields(detail, ip).getBytes(StandardCharsets.US_ASCII),
                    "message/feedback-report")));
            machine.setHeader("Content-Transfer-Encoding", "7bit");
            report.addBodyPart(machine);

            MimeBodyPart original = new MimeBodyPart();
            byte[] reported = mail != null ? mail : synthesized(detail, now);
            original.setDataHandler(new DataHandler(new ByteArrayDataSource(reported, "message/rfc822")));
            original.setHeader("Content-Transfer-Encoding", is7bit(reported) ? "7bit" : "8bit");
            report.addBodyPart(original);

            message.setContent(report);
            message.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("ARF report could not be written", e);
        }
    }

    /** multipart/report with the report-type parameter RFC 6522 requires. */
    private static final class ReportMultipart extends MimeMultipart {
        ReportMultipart() throws MessagingException {
            super("report");
            ContentType type = new ContentType(contentType);
            type.setParameter("report-type", "feedback-report");
            contentType = type.toString();
        }
    }

    static String feedbackFields(CaseDetail detail, String sourceIp) {
        PhishingCase c = detail.phishingCase();
        StringBuilder f = new StringBuilder();
        f.append("Feedback-Type: fraud\r\n");
        f.append("User-Agent: ").append(USER_AGENT).append("\r\n");
        f.append("Version: 1\r\n");
        f.append("Arrival-Date: ").append(MAIL_DATE.format(firstReceived(detail))).append("\r\n");
        if (sourceIp != null) {
            f.append("Source-IP: ").append(sourceIp).append("\r\n");
        }
        f.append("Incidents: ").append(Math.max(1, c.reportCount())).append("\r\n");
        f.append("Reported-Domain: ").append(c.host()).append("\r\n");
        List<String> urls = detail.urls().isEmpty() ? List.of(c.url()) : detail.urls();
        for (String url : urls) {
            f.append("Reported-URI: ").append(ascii(url)).append("\r\n");
        }
        return f.toString();
    }

    private static String humanText(CaseDetail detail, Sender from) {
        PhishingCase c = detail.phishingCase();
        StringBuilder t = new StringBuilder();
        t.append("This is a report of a phishing site hosted on your network or registered through you.\n");
        t.append("Please take it down and preserve the logs.\n\n");
        t.append("Phishing URL (defanged): ").append(c.defangedUrl()).append('\n');
        t.append("Host: ").append(Defang.of(c.host())).append('\n');
        if (c.brand() != null) {
            t.append("Brand impersonated: ").append(c.brand()).append('\n');
        }
        t.append("First received: ").append(firstReceived(detail)).append('\n');
        t.append("Reports: ").append(c.reportCount()).append('\n');
        t.append("Case: ").append(c.id()).append('\n');
        t.append("\nReported by ").append(from.org()).append(" <").append(from.address()).append(">.\n");
        t.append("\n当社ブランドをかたるフィッシングサイトを報告します。サイトの停止とログの保全をお願いいたします。\n");
        return t.toString();
    }

    private static byte[] synthesized(CaseDetail detail, Instant now) {
        PhishingCase c = detail.phishingCase();
        StringBuilder m = new StringBuilder();
        m.append("Date: ").append(MAIL_DATE.format(firstReceived(detail))).append("\r\n");
        m.append("Subject: reported without a mail (").append(detail.reports().isEmpty() ? "url" : detail.reports().get(0).type().id())
                .append(" report)\r\n");
        m.append("X-Mamori-Synthesized: no mail was received; this part carries what was reported\r\n");
        m.append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        m.append("URL: ").append(c.defangedUrl()).append("\r\n");
        for (StoredReport r : detail.reports()) {
            if (r.contentText() != null) {
                m.append("\r\n").append(r.type().id()).append(" text (card numbers masked):\r\n").append(r.contentText().replace("\n", "\r\n"))
                        .append("\r\n");
            }
        }
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The XARF v4 JSON report for {@code detail}.
     *
     * @param evidence files to attach (screenshots, the mail), each under 5 MB; at most 10 are taken
     */
    public static String xarf(CaseDetail detail, Sender from, List<Attachment> evidence, Instant now) {
        address("from", from.address());
        PhishingCase c = detail.phishingCase();
        JsonMapper mapper = JsonMapper.builder().build();
        ObjectNode root = mapper.createObjectNode();
        root.put("xarf_version", XARF_VERSION);
        root.put("report_id", UUID.randomUUID().toString());
        root.put("timestamp", firstReceived(detail).toString());
        ObjectNode reporter = root.putObject("reporter");
        reporter.put("org", cut(from.org(), 200));
        reporter.put("contact", from.address());
        reporter.put("domain", from.domain());
        root.set("sender", reporter.deepCopy());
        root.put("source_identifier", c.host());
        root.put("category", "content");
        root.put("type", "phishing");
        root.put("evidence_source", "user_report");
        root.put("url", ascii(c.url()));
        if (XARF_DOMAIN.matcher(c.host()).matches()) {
            root.put("domain", c.host());
        }
        if (c.brand() != null) {
            root.put("target_brand", c.brand());
        }
        root.put("verification_method", c.status() == CaseStatus.NEW ? "user_report" : "manual");
        root.put("description", cut("Phishing page" + (c.brand() == null ? "" : " impersonating " + c.brand()) + ", reported "
                + c.reportCount() + " time(s); case " + c.id() + ", status " + c.status().id(), 1000));
        ArrayNode items = root.putArray("evidence");
        for (Attachment a : evidence.stream().limit(MAX_XARF_EVIDENCE).toList()) {
            if (a.content().length > Screenshots.MAX_BYTES) {
                continue;
            }
            ObjectNode item = items.addObject();
            item.put("content_type", a.contentType());
            item.put("description", a.contentType().startsWith("image/") ? "Screenshot of the phishing page or message"
                    : "The reported phishing mail (card numbers masked)");
            item.put("payload", Base64.getEncoder().encodeToString(a.content()));
            item.put("hash", "sha256:" + a.sha256());
            item.put("size", a.content().length);
        }
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    static Instant firstReceived(CaseDetail detail) {
        return detail.reports().stream().map(StoredReport::receivedAt).min(Comparator.naturalOrder())
                .orElse(detail.phishingCase().createdAt());
    }

    private static String sourceIp(String host, String given) {
        if (given != null && !given.isBlank()) {
            String ip = given.strip();
            if (!IPV4.matcher(ip).matches() && !(ip.contains(":") && IPV6.matcher(ip).matches())) {
                throw new InvalidReportException("sourceIp", "ip", "sourceIp must be an IPv4 or IPv6 address");
            }
            return ip;
        }
        if (IPV4.matcher(host).matches()) {
            return host;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            return host.substring(1, host.length() - 1);
        }
        return null;
    }

    /** A URL with every non-ASCII character percent-encoded (UTF-8), as header fields need. */
    static String ascii(String url) {
        StringBuilder out = new StringBuilder(url.length());
        for (byte b : url.getBytes(StandardCharsets.UTF_8)) {
            int v = b & 0xFF;
            if (v <= 0x20 || v >= 0x7F) {
                out.append('%').append(Character.toUpperCase(Character.forDigit(v >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(v & 0xF, 16)));
            } else {
                out.append((char) v);
            }
        }
        return out.toString();
    }

    private static boolean is7bit(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
