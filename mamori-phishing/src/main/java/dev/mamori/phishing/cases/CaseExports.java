package dev.mamori.phishing.cases;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Case exports for the bodies phishing is reported to in Japan (formats in docs/phishing-reports.md):
 * the Council of Anti-Phishing Japan (フィッシング対策協議会, reports at info@antiphishing.jp: the URL,
 * the brand impersonated, when it was received, the mail itself), JC3 (Japan Cybercrime Control
 * Center) and the police (a case summary for a cyber-crime consultation). CSV is RFC 4180 (UTF-8,
 * CRLF, a header row); cells that a spreadsheet would run as a formula are prefixed with {@code '}.
 * Every text is as stored, so card numbers are masked.
 */
public final class CaseExports {
    public static final List<String> ANTIPHISHING_JP_HEADER = List.of("case_id", "url", "url_defanged", "host", "brand", "first_received_at",
            "last_received_at", "report_count", "mail_subject", "mail_from", "mail_date", "mail_message_id", "mail_evidence_sha256", "status");
    public static final List<String> JC3_HEADER = List.of("case_id", "opened_at", "status", "host", "url_defanged", "brand", "report_count",
            "cardholder_reports", "staff_reports", "email_reports", "sms_reports", "url_reports", "screenshot_reports", "cards_found",
            "cards_listed", "takedown_requested_at", "down_at", "closed_at");
    private static final DateTimeFormatter JST = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'JST'").withZone(ZoneId.of("Asia/Tokyo"));

    private CaseExports() {
    }

    /** Which export. */
    public enum Format {
        ANTIPHISHING_JP("antiphishing-jp", "text/csv"), JC3("jc3", "text/csv"), POLICE("police", "text/plain");

        private final String id;
        private final String mediaType;

        Format(String id, String mediaType) {
            this.id = id;
            this.mediaType = mediaType;
        }

        public String id() {
            return id;
        }

        public String mediaType() {
            return mediaType;
        }

        public String fileName() {
            return "phishing-cases-" + id + (mediaType.equals("text/csv") ? ".csv" : ".txt");
        }

        public static Format of(String id) {
            for (Format f : values()) {
                if (f.id.equalsIgnoreCase(id == null ? "" : id.strip())) {
                    return f;
                }
            }
            throw new InvalidReportException("format", "one-of", "format must be antiphishing-jp, jc3 or police");
        }
    }

    public static String export(Format format, List<CaseDetail> cases, Instant from, Instant to) {
        return switch (format) {
            case ANTIPHISHING_JP -> antiphishingJp(cases);
            case JC3 -> jc3(cases);
            case POLICE -> police(cases, from, to);
        };
    }

    /** One row per case for the Council of Anti-Phishing Japan; the mail is attached separately (its SHA-256 names it). */
    public static String antiphishingJp(List<CaseDetail> cases) {
        StringBuilder out = new StringBuilder();
        row(out, ANTIPHISHING_JP_HEADER);
        for (CaseDetail d : cases) {
            PhishingCase c = d.phishingCase();
            Optional<StoredReport> mail = d.reports().stream().filter(r -> r.type() == ReportType.EMAIL).findFirst();
            String sha = mail.flatMap(r -> r.evidence().stream().findFirst()).map(StoredReport.Evidence::sha256).orElse("");
            row(out, List.of(c.id().toString(), c.url(), c.defangedUrl(), c.host(), orEmpty(c.brand()), TakedownReports.firstReceived(d).toString(),
                    lastReceived(d).toString(), String.valueOf(c.reportCount()), mail.map(StoredReport::mailSubject).map(CaseExports::orEmpty).orElse(""),
                    mail.map(StoredReport::mailFrom).map(CaseExports::orEmpty).orElse(""),
                    mail.map(StoredReport::mailDate).map(CaseExports::orEmpty).orElse(""),
                    mail.map(StoredReport::messageId).map(CaseExports::orEmpty).orElse(""), sha, c.status().id()));
        }
        return out.toString();
    }

    /** One row per case for JC3: counts by reporter and channel, cards, and when the takedown steps happened. */
    public static String jc3(List<CaseDetail> cases) {
        StringBuilder out = new StringBuilder();
        row(out, JC3_HEADER);
        for (CaseDetail d : cases) {
            PhishingCase c = d.phishingCase();
            row(out, List.of(c.id().toString(), c.createdAt().toString(), c.status().id(), c.host(), c.defangedUrl(), orEmpty(c.brand()),
                    String.valueOf(c.reportCount()), count(d, Reporter.CARDHOLDER), count(d, Reporter.STAFF), count(d, ReportType.EMAIL),
                    count(d, ReportType.SMS), count(d, ReportType.URL), count(d, ReportType.SCREENSHOT), String.valueOf(d.cards().size()),
                    String.valueOf(d.cards().stream().filter(k -> k.listedAt() != null).count()), reached(d, CaseStatus.TAKEDOWN_REQUESTED),
                    reached(d, CaseStatus.DOWN), reached(d, CaseStatus.CLOSED)));
        }
        return out.toString();
    }

    /** A plain-text summary per case (Japanese, with English labels) to bring to a police cyber-crime consultation. */
    public static String police(List<CaseDetail> cases, Instant from, Instant to) {
        StringBuilder t = new StringBuilder();
        t.append("フィッシング事案の概要 / Phishing case summary\r\n");
        t.append("対象期間 / Period: ").append(from == null ? "-" : JST.format(from)).append(" ～ ").append(to == null ? "-" : JST.format(to))
                .append("\r\n件数 / Cases: ").append(cases.size()).append("\r\n");
        t.append("URLは誤ってアクセスしないよう無害化して記載しています (URLs are defanged).\r\n");
        t.append("カード番号は先頭6桁と末尾4桁のみ記載しています (card numbers masked).\r\n");
        int n = 0;
        for (CaseDetail d : cases) {
            PhishingCase c = d.phishingCase();
            t.append("\r\n==== ").append(++n).append(". 事案番号 / Case ").append(c.id()).append(" ====\r\n");
            t.append("フィッシングサイトURL / Phishing URL: ").append(c.defangedUrl()).append("\r\n");
            for (String url : d.urls()) {
                if (!url.equals(c.url())) {
                    t.append("  同一ページの別URL / Also reported as: ").append(Defang.of(url)).append("\r\n");
                }
            }
            t.append("ホスト / Host: ").append(Defang.of(c.host())).append("\r\n");
            t.append("なりすましブランド / Brand impersonated: ").append(c.brand() == null ? "不明 / unknown" : c.brand()).append("\r\n");
            t.append("最初の受信日時 / First received: ").append(JST.format(TakedownReports.firstReceived(d))).append("\r\n");
            t.append("報告件数 / Reports: ").append(c.reportCount()).append(" (会員 / cardholders ").append(count(d, Reporter.CARDHOLDER))
                    .append(", 社員 / staff ").append(count(d, Reporter.STAFF)).append(")\r\n");
            t.append("状況 / Status: ").append(c.status().id()).append("\r\n");
            t.append("カード番号の入力 / Card numbers entered: ").append(d.cards().size());
            if (!d.cards().isEmpty()) {
                t.append(" (").append(String.join(", ", d.cards().stream().map(CompromisedCard::masked).toList())).append(")");
            }
            t.append("\r\n");
            for (StoredReport r : d.reports()) {
                t.append("- 受付 / Report ").append(JST.format(r.receivedAt())).append(" ").append(r.type().id()).append(" from ").append(r.reporter().id());
                if (r.mailSubject() != null) {
                    t.append(", 件名 / subject: ").append(oneLine(r.mailSubject()));
                }
                if (r.mailFrom() != null) {
                    t.append(", 差出人 / from: ").append(oneLine(r.mailFrom()));
                }
                t.append("\r\n");
                if (r.contentText() != null && r.type() == ReportType.SMS) {
                    t.append("  本文 / Text: ").append(oneLine(r.contentText())).append("\r\n");
                }
            }
            t.append("経緯 / History:\r\n");
            for (CaseEvent e : d.events()) {
                t.append("  ").append(JST.format(e.at())).append(" ").append(e.kind());
                if (e.toStatus() != null) {
                    t.append(" ").append(e.fromStatus() == null ? "" : e.fromStatus().id() + " → ").append(e.toStatus().id());
                }
                if (e.detail() != null) {
                    t.append(": ").append(oneLine(e.detail()));
                }
                t.append(" (").append(e.actor()).append(")\r\n");
            }
        }
        return t.toString();
    }

    private static Instant lastReceived(CaseDetail d) {
        return d.reports().stream().map(StoredReport::receivedAt).max(Instant::compareTo).orElse(d.phishingCase().createdAt());
    }

    private static String count(CaseDetail d, Reporter reporter) {
        return String.valueOf(d.reports().stream().filter(r -> r.reporter() == reporter).count());
    }

    private static String count(CaseDetail d, ReportType type) {
        return String.valueOf(d.reports().stream().filter(r -> r.type() == type).count());
    }

    private static String reached(CaseDetail d, CaseStatus status) {
        return d.events().stream().filter(e -> e.toStatus() == status).map(e -> e.at().toString()).findFirst().orElse("");
    }

    private static String oneLine(String text) {
        String s = Defang.text(text).replaceAll("[\\r\\n\\t]+", " ").strip();
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    static void row(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        out.append("\r\n");
    }

    /** RFC 4180 quoting, and a leading {@code '} before {@code = + - @} so spreadsheets do not run the cell. */
    static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
