package dev.mamori.phishing.aggregate;

/** How a report file was packed, detected from its first bytes (magic numbers), never from its name. */
public enum ReportFormat {
    /** Plain XML (optionally with a byte order mark). */
    XML,
    /** gzip ({@code 1f 8b}), the format RFC 9990 recommends. */
    GZIP,
    /** zip ({@code PK\3\4}), what several large receivers send. */
    ZIP,
    /** An RFC 5322 / MIME message with the report as an attachment. */
    EMAIL
}
