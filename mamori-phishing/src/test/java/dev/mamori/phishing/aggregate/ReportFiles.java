package dev.mamori.phishing.aggregate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds report files the way receivers send them: plain, gzip, zip, or an e-mail with a base64 attachment. */
public final class ReportFiles {
    private ReportFiles() {
    }

    public static byte[] resource(String name) {
        try (InputStream in = ReportFiles.class.getResourceAsStream("/dmarc-reports/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test report " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A zip of (name, content) pairs. */
    public static byte[] zip(Object... nameContent) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < nameContent.length; i += 2) {
                zip.putNextEntry(new ZipEntry((String) nameContent[i]));
                zip.write((byte[]) nameContent[i + 1]);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A report e-mail as receivers send it: a text part and the attachment in base64. */
    public static byte[] email(String mediaType, String fileName, byte[] attachment) {
        String b64 = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(attachment);
        String message = "From: noreply-dmarc-support@google.com\r\n"
                + "To: dmarc@mamori-card.test\r\n"
                + "Subject: Report Domain: mamori-card.test Submitter: google.com Report-ID: <10978945612783452211>\r\n"
                + "Date: Fri, 06 Nov 2026 03:14:15 +0000\r\n"
                + "Message-ID: <10978945612783452211@google.com>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"000000000000b1a2c3\"\r\n"
                + "\r\n"
                + "--000000000000b1a2c3\r\n"
                + "Content-Type: text/plain; charset=\"UTF-8\"\r\n"
                + "\r\n"
                + "This is an aggregate report from google.com.\r\n"
                + "\r\n"
                + "--000000000000b1a2c3\r\n"
                + "Content-Type: " + mediaType + "; name=\"" + fileName + "\"\r\n"
                + "Content-Disposition: attachment; filename=\"" + fileName + "\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "\r\n"
                + b64 + "\r\n"
                + "--000000000000b1a2c3--\r\n";
        return message.getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A minimal valid report (no namespace) for {@code domain} with one record; {@code recordXml} replaces it when given. */
    public static String minimal(String reportId, String domain, String recordXml) {
        return "<feedback><report_metadata><org_name>rep.example</org_name><email>r@rep.example</email><report_id>" + reportId
                + "</report_id><date_range><begin>1793836800</begin><end>1793923199</end></date_range></report_metadata>"
                + "<policy_published><domain>" + domain + "</domain><p>none</p></policy_published>"
                + (recordXml != null ? recordXml
                        : "<record><row><source_ip>192.0.2.1</source_ip><count>3</count><policy_evaluated><disposition>none</disposition>"
                                + "<dkim>pass</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>" + domain
                                + "</header_from></identifiers><auth_results><spf><domain>" + domain
                                + "</domain><result>pass</result></spf></auth_results></record>")
                + "</feedback>";
    }
}
