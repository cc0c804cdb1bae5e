package dev.mamori.vault.scan;

import dev.mamori.common.CardBrand;

/** The JSON form of a {@link ScanReport}: a hand-written writer, since only strings need escaping. */
final class ReportJson {
    private ReportJson() {}

    static String write(ScanReport report) {
        StringBuilder out = new StringBuilder(256 + 160 * report.findings().size());
        out.append("{\n");
        out.append("  \"filesScanned\": ").append(report.filesScanned()).append(",\n");
        out.append("  \"bytesScanned\": ").append(report.bytesScanned()).append(",\n");
        out.append("  \"tablesScanned\": ").append(report.tablesScanned()).append(",\n");
        out.append("  \"rowsScanned\": ").append(report.rowsScanned()).append(",\n");
        out.append("  \"durationMillis\": ").append(report.duration().toMillis()).append(",\n");
        out.append("  \"findingCount\": ").append(report.findings().size()).append(",\n");
        out.append("  \"ignoredTestCards\": ").append(report.ignoredTestCards()).append(",\n");
        out.append("  \"findings\": [");
        String separator = "\n";
        for (ScanFinding finding : report.findings()) {
            out.append(separator).append("    {");
            if (finding.kind() == ScanFinding.Kind.FILE) {
                field(out, "file", finding.location()).append(", ");
                out.append("\"line\": ").append(finding.line()).append(", ");
                out.append("\"column\": ").append(finding.column()).append(", ");
            } else {
                field(out, "table", finding.location()).append(", ");
                field(out, "column", finding.columnName()).append(", ");
                field(out, "row", finding.row()).append(", ");
            }
            out.append("\"offset\": ").append(finding.offset()).append(", ");
            CardBrand brand = finding.brand();
            field(out, "brand", brand.id()).append(", ");
            field(out, "masked", finding.masked()).append(", ");
            out.append("\"testCard\": ").append(finding.testCard()).append('}');
            separator = ",\n";
        }
        out.append(report.findings().isEmpty() ? "],\n" : "\n  ],\n");
        out.append("  \"errors\": [");
        separator = "\n";
        for (ScanError error : report.errors()) {
            out.append(separator).append("    {");
            field(out, "location", error.location()).append(", ");
            field(out, "message", error.message()).append('}');
            separator = ",\n";
        }
        out.append(report.errors().isEmpty() ? "]\n" : "\n  ]\n");
        return out.append("}\n").toString();
    }

    private static StringBuilder field(StringBuilder out, String name, String value) {
        string(out, name).append(": ");
        return value == null ? out.append("null") : string(out, value);
    }

    /** A JSON string literal (RFC 8259 section 7). */
    static StringBuilder string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
