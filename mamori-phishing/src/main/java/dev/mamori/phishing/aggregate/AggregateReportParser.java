package dev.mamori.phishing.aggregate;

import dev.mamori.phishing.internal.FeedbackReader;
import dev.mamori.phishing.internal.ReportUnpacker;
import dev.mamori.phishing.internal.XmlTree;

/**
 * Reads one DMARC aggregate report file: plain XML, gzip, zip, or an e-mail (RFC 5322 / MIME)
 * carrying one of these as attachment, possibly base64-encoded. The packing is detected from the
 * bytes, never trusted from a file name or media type.
 *
 * <p><b>Security guarantees.</b> Files come from strangers. The XML parser refuses DTDs, so no
 * external entity (XXE) is fetched and no entity is expanded (billion laughs); compressed and
 * decompressed sizes, zip entries, MIME parts, XML elements and records are bounded by
 * {@link ReportLimits}; every failure is a {@link ReportFormatException} naming the element and
 * rule, nothing else escapes. Parsing does no I/O besides reading the given bytes (a source IP is
 * only parsed as a literal, never resolved). Thread-safe.
 */
public final class AggregateReportParser {
    private final ReportLimits limits;
    private final ReportUnpacker unpacker;
    private final FeedbackReader reader;

    public AggregateReportParser() {
        this(ReportLimits.DEFAULT);
    }

    public AggregateReportParser(ReportLimits limits) {
        this.limits = limits;
        this.unpacker = new ReportUnpacker(limits);
        this.reader = new FeedbackReader(limits.maxRecords());
    }

    /** A parsed report and how its file was packed. */
    public record Parsed(ReportFormat format, AggregateReport report) {
    }

    public Parsed parse(byte[] file) throws ReportFormatException {
        ReportUnpacker.Unpacked unpacked = unpacker.unpack(file);
        // About 30 elements per record in the richest reports; the bound stops element floods early.
        XmlTree.Node root = XmlTree.parse(unpacked.xml(), limits.maxRecords() * 40 + 100);
        return new Parsed(unpacked.format(), reader.read(root));
    }

    public ReportLimits limits() {
        return limits;
    }
}
