package dev.mamori.phishing.internal;

import dev.mamori.phishing.aggregate.ReportFormat;
import dev.mamori.phishing.aggregate.ReportFormatException;
import dev.mamori.phishing.aggregate.ReportLimits;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Finds the XML inside a report file: detects the packing from magic numbers (gzip {@code 1f 8b},
 * zip {@code PK\3\4}, XML {@code <} after an optional byte order mark, an e-mail's header lines),
 * unpacks it with size limits, and for an e-mail takes the one attachment that is gzip, zip or XML.
 */
public final class ReportUnpacker {
    private static final int MAX_MIME_PARTS = 50;
    private static final int MAX_MIME_DEPTH = 5;

    private final ReportLimits limits;

    public ReportUnpacker(ReportLimits limits) {
        this.limits = limits;
    }

    /** The XML bytes and how they were packed (the outermost packing). */
    public record Unpacked(ReportFormat format, byte[] xml) {
    }

    public Unpacked unpack(byte[] file) throws ReportFormatException {
        if (file == null || file.length == 0) {
            throw new ReportFormatException("file", "required", "the file is empty");
        }
        if (file.length > limits.maxFileBytes()) {
            throw new ReportFormatException("file", "too-large", "a report file has at most " + limits.maxFileBytes() + " bytes");
        }
        ReportFormat format = detect(file);
        if (format == null) {
            throw new ReportFormatException("file", "unknown-format",
                    "not a DMARC aggregate report: expected XML, gzip, zip or an e-mail carrying one of them");
        }
        return new Unpacked(format, switch (format) {
            case XML -> file;
            case GZIP -> gunzip(file);
            case ZIP -> unzip(file);
            case EMAIL -> fromEmail(file);
        });
    }

    /** The format from the first bytes, or null when none fits. */
    public static ReportFormat detect(byte[] b) {
        if (b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
            return ReportFormat.GZIP;
        }
        // Local file header, or the end-of-central-directory record of an empty zip.
        if (b.length >= 4 && b[0] == 'P' && b[1] == 'K' && (b[2] == 3 && b[3] == 4 || b[2] == 5 && b[3] == 6)) {
            return ReportFormat.ZIP;
        }
        if (looksLikeXml(b)) {
            return ReportFormat.XML;
        }
        return looksLikeEmail(b) ? ReportFormat.EMAIL : null;
    }

    static boolean looksLikeXml(byte[] b) {
        int i = 0;
        if (b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) {
            i = 3;
        } else if (b.length >= 2 && ((b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff || (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe)) {
            return true; // UTF-16 byte order mark: only XML is sent that way here
        }
        while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        return i < b.length && b[i] == '<';
    }

    /** An RFC 5322 message starts with a header field: a name of printable characters but ':' and a colon. */
    static boolean looksLikeEmail(byte[] b) {
        int i = 0;
        while (i < b.length && i < 200 && b[i] >= 33 && b[i] <= 126 && b[i] != ':') {
            i++;
        }
        return i > 0 && i < b.length && b[i] == ':';
    }

    private byte[] gunzip(byte[] file) throws ReportFormatException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
            byte[] xml = readLimited(in, "gzip");
            if (!looksLikeXml(xml)) {
                throw new ReportFormatException("gzip", "not-xml", "the gzip file does not contain an XML report");
            }
            return xml;
        } catch (EOFException e) {
            throw new ReportFormatException("gzip", "truncated", "the gzip file is truncated (it ends before its end marker)", e);
        } catch (IOException e) {
            throw new ReportFormatException("gzip", "corrupt", "the gzip file is corrupt (" + safe(e.getMessage()) + ")", e);
        }
    }

    private byte[] unzip(byte[] file) throws ReportFormatException {
        byte[] found = null;
        int entries = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(file))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (++entries > limits.maxZipEntries()) {
                    throw new ReportFormatException("zip", "too-many-entries", "a zip has at most " + limits.maxZipEntries() + " entries");
                }
                if (entry.isDirectory()) {
                    continue;
                }
                byte[] content = readLimited(zip, "zip");
                if (!looksLikeXml(content)) {
                    continue; // a README or signature beside the report
                }
                if (found != null) {
                    throw new ReportFormatException("zip", "one-report", "a zip carries one XML report, this one has several");
                }
                found = content;
            }
        } catch (EOFException e) {
            throw new ReportFormatException("zip", "truncated", "the zip file is truncated", e);
        } catch (ZipException e) {
            throw new ReportFormatException("zip", "corrupt", "the zip file is corrupt (" + safe(e.getMessage()) + ")", e);
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: ZipInputStream's answer to a malformed entry name encoding.
            throw new ReportFormatException("zip", "corrupt", "the zip file is corrupt (" + safe(e.getMessage()) + ")", e);
        }
        if (found == null) {
            throw new ReportFormatException("zip", "no-xml", "the zip file contains no XML report");
        }
        return found;
    }

    private byte[] fromEmail(byte[] file) throws ReportFormatException {
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(file));
            int[] parts = {0};
            byte[] found = findReport(message, 0, parts);
            if (found == null) {
                throw new ReportFormatException("e-mail", "no-report",
                        "the e-mail carries no DMARC report attachment (gzip, zip or XML)");
            }
            return found;
        } catch (MessagingException | IOException | RuntimeException e) {
            // Angus Mail answers malformed MIME with these; none of them is our bug to surface as a 500.
            throw new ReportFormatException("e-mail", "malformed", "the e-mail cannot be read as MIME (" + safe(e.getMessage()) + ")", e);
        }
    }

    private byte[] findReport(Part part, int depth, int[] parts) throws MessagingException, IOException, ReportFormatException {
        if (depth > MAX_MIME_DEPTH || ++parts[0] > MAX_MIME_PARTS) {
            throw new ReportFormatException("e-mail", "too-complex",
                    "an e-mail has at most " + MAX_MIME_PARTS + " parts nested at most " + MAX_MIME_DEPTH + " deep");
        }
        if (part.isMimeType("multipart/*")) {
            Object content = part.getContent();
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    byte[] found = findReport(child, depth + 1, parts);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        }
        if (!isCandidate(part)) {
            return null;
        }
        byte[] decoded;
        try (InputStream in = part.getInputStream()) { // undoes base64 / quoted-printable
            decoded = readLimited(in, "e-mail");
        }
        ReportFormat inner = detect(decoded);
        if (inner == null || inner == ReportFormat.EMAIL) {
            return null;
        }
        return switch (inner) {
            case XML -> decoded;
            case GZIP -> gunzip(decoded);
            case ZIP -> unzip(decoded);
            case EMAIL -> null;
        };
    }

    /** Attachments and report media types; plain text and HTML bodies are the human-readable part. */
    private static boolean isCandidate(Part part) throws MessagingException {
        String type = part.getContentType() == null ? "" : part.getContentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("text/plain") || type.startsWith("text/html")) {
            return Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition());
        }
        return true; // the bytes decide (gzip, zip, XML), whatever the declared type says
    }

    private byte[] readLimited(InputStream in, String element) throws IOException, ReportFormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
            if (total > limits.maxXmlBytes()) {
                throw new ReportFormatException(element, "too-large",
                        "the unpacked report exceeds " + limits.maxXmlBytes() + " bytes (a compression bomb or not a report)");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** A library message, cut short and stripped of control characters (it may quote input). */
    static String safe(String message) {
        if (message == null) {
            return "no detail";
        }
        String clean = dev.mamori.common.CardNumberDetector.mask(message).replaceAll("[\\p{Cntrl}]", " ");
        return clean.length() > 120 ? clean.substring(0, 120) + "…" : clean;
    }
}
