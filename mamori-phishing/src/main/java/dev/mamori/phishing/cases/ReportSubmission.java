package dev.mamori.phishing.cases;

import java.time.Instant;

/**
 * A report as it arrives, before anything is stored. Not a record: the text, mail and image may
 * hold card numbers, and {@link #toString()} shows none of them.
 *
 * @see PhishingCases#submit
 */
public final class ReportSubmission {
    private final ReportType type;
    private final String url;
    private final String text;
    private final byte[] eml;
    private final byte[] image;
    private final Reporter reporter;
    private final String channel;
    private final Instant receivedAt;
    private final String note;
    private final String brand;

    /**
     * @param url the reported URL (type url; optional with a screenshot)
     * @param text the SMS text (type sms), or what the screenshot shows, typed by the reporter (type screenshot)
     * @param eml the forwarded mail, RFC 5322 bytes (type email)
     * @param image PNG, JPEG or WebP bytes (type screenshot)
     * @param receivedAt when the cardholder received the message; null means now
     * @param brand the brand impersonated, when the reporter knows it
     */
    public ReportSubmission(ReportType type, String url, String text, byte[] eml, byte[] image, Reporter reporter, String channel,
                            Instant receivedAt, String note, String brand) {
        this.type = type;
        this.url = url;
        this.text = text;
        this.eml = eml;
        this.image = image;
        this.reporter = reporter;
        this.channel = channel;
        this.receivedAt = receivedAt;
        this.note = note;
        this.brand = brand;
    }

    public ReportType type() {
        return type;
    }

    public String url() {
        return url;
    }

    public String text() {
        return text;
    }

    public byte[] eml() {
        return eml;
    }

    public byte[] image() {
        return image;
    }

    public Reporter reporter() {
        return reporter;
    }

    public String channel() {
        return channel;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    public String note() {
        return note;
    }

    public String brand() {
        return brand;
    }

    @Override
    public String toString() {
        return "ReportSubmission[type=" + type + ", reporter=" + reporter + ", content hidden]";
    }
}
