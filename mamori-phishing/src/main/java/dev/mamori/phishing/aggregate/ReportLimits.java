package dev.mamori.phishing.aggregate;

/**
 * Resource limits for one report file: reports come from strangers, so a zip or gzip bomb, a huge
 * XML or a deeply nested MIME message is refused before it exhausts memory (RFC 9990 section 7.1).
 *
 * @param maxFileBytes largest file accepted as received (compressed)
 * @param maxXmlBytes largest XML after decompression
 * @param maxZipEntries most entries read from a zip
 * @param maxRecords most {@code <record>} elements in one report
 */
public record ReportLimits(int maxFileBytes, int maxXmlBytes, int maxZipEntries, int maxRecords) {

    /** 10 MB per file, 50 MB of XML, 20 zip entries, 100,000 records: far above real daily reports. */
    public static final ReportLimits DEFAULT = new ReportLimits(10 * 1024 * 1024, 50 * 1024 * 1024, 20, 100_000);

    public ReportLimits {
        if (maxFileBytes <= 0 || maxXmlBytes <= 0 || maxZipEntries <= 0 || maxRecords <= 0) {
            throw new IllegalArgumentException("limits are positive");
        }
    }
}
