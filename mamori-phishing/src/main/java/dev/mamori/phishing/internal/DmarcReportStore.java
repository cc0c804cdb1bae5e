package dev.mamori.phishing.internal;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.aggregate.AggregateReport;
import dev.mamori.phishing.aggregate.AggregateReport.Disposition;
import dev.mamori.phishing.aggregate.AggregateReport.DkimResult;
import dev.mamori.phishing.aggregate.AggregateReport.Policy;
import dev.mamori.phishing.aggregate.AggregateReport.PolicyPublished;
import dev.mamori.phishing.aggregate.AggregateReport.SpfResult;
import dev.mamori.phishing.aggregate.ReportFormat;
import dev.mamori.phishing.aggregate.StoredReport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Tables {@code phishing.dmarc_reports}, {@code dmarc_report_records} and {@code dmarc_record_auth}. */
public final class DmarcReportStore {
    private static final String REPORT_COLUMNS = "id, org_name, org_email, extra_contact, report_id, period_begin, period_end, domain,"
            + " domain_registered, schema_version, generator, policy_p, policy_sp, policy_np, policy_pct, policy_adkim, policy_aspf,"
            + " policy_fo, policy_testing, discovery_method, reporter_errors, record_count, message_count, file_format, file_name,"
            + " received_at, received_by";
    private static final String RECORD_COLUMNS = "record_no, source_ip, message_count, disposition, dkim_aligned, spf_aligned, reasons,"
            + " header_from, envelope_from, envelope_to";

    private final Jdbc jdbc;

    public DmarcReportStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The key duplicates are found by: the reporter's name, case-insensitively. */
    public static String orgKey(String orgName) {
        return orgName.strip().toLowerCase(Locale.ROOT);
    }

    public Optional<UUID> findId(TenantId tenant, String orgName, String reportId) {
        return jdbc.queryOne("select id from phishing.dmarc_reports where tenant_id = ? and org_key = ? and report_id = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setString(2, orgKey(orgName));
            ps.setString(3, reportId);
        }, rs -> rs.getObject(1, UUID.class));
    }

    /** Inserts the report with all its records in one transaction; a duplicate fails on the unique key. */
    public UUID insert(TenantId tenant, AggregateReport report, boolean registered, ReportFormat format, String fileName,
            Instant receivedAt, String receivedBy) {
        UUID id = UUID.randomUUID();
        jdbc.inTransaction(c -> {
            insertReport(c, id, tenant, report, registered, format, fileName, receivedAt, receivedBy);
            insertRecords(c, id, tenant, report.records());
            return null;
        });
        return id;
    }

    private static void insertReport(Connection c, UUID id, TenantId tenant, AggregateReport report, boolean registered,
            ReportFormat format, String fileName, Instant receivedAt, String receivedBy) throws SQLException {
        AggregateReport.Metadata m = report.metadata();
        PolicyPublished p = report.policy();
        try (PreparedStatement ps = c.prepareStatement("insert into phishing.dmarc_reports (id, tenant_id, org_name, org_key, org_email,"
                + " extra_contact, report_id, period_begin, period_end, domain, domain_registered, schema_version, xml_namespace, generator,"
                + " policy_p, policy_sp, policy_np, policy_pct, policy_adkim, policy_aspf, policy_fo, policy_testing, discovery_method,"
                + " reporter_errors, record_count, message_count, file_format, file_name, received_at, received_by)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 0;
            ps.setObject(++i, id);
            ps.setObject(++i, tenant.value());
            ps.setString(++i, m.orgName());
            ps.setString(++i, orgKey(m.orgName()));
            ps.setString(++i, m.email());
            ps.setString(++i, m.extraContactInfo());
            ps.setString(++i, m.reportId());
            ps.setObject(++i, Jdbc.timestamp(m.begin()));
            ps.setObject(++i, Jdbc.timestamp(m.end()));
            ps.setString(++i, p.domain().ascii());
            ps.setBoolean(++i, registered);
            ps.setString(++i, report.schemaVersion());
            ps.setString(++i, report.namespace());
            ps.setString(++i, m.generator());
            ps.setString(++i, p.p().name());
            ps.setString(++i, p.sp().name());
            ps.setString(++i, p.np() == null ? null : p.np().name());
            if (p.pct() == null) {
                ps.setNull(++i, Types.INTEGER);
            } else {
                ps.setInt(++i, p.pct());
            }
            ps.setString(++i, p.adkim());
            ps.setString(++i, p.aspf());
            ps.setString(++i, p.fo());
            ps.setBoolean(++i, p.testing());
            ps.setString(++i, p.discoveryMethod());
            String errors = String.join("\n", m.errors());
            ps.setString(++i, errors.isEmpty() ? null : errors.length() > 4000 ? errors.substring(0, 4000) : errors);
            ps.setInt(++i, report.records().size());
            ps.setLong(++i, report.messageCount());
            ps.setString(++i, format.name());
            ps.setString(++i, fileName);
            ps.setObject(++i, Jdbc.timestamp(receivedAt));
            ps.setString(++i, receivedBy);
            ps.executeUpdate();
        }
    }

    private static void insertRecords(Connection c, UUID id, TenantId tenant, List<AggregateReport.Record> records) throws SQLException {
        try (PreparedStatement rec = c.prepareStatement("insert into phishing.dmarc_report_records (dmarc_report_id, record_no, tenant_id,"
                + " source_ip, message_count, disposition, dkim_aligned, spf_aligned, reasons, header_from, envelope_from, envelope_to)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement auth = c.prepareStatement("insert into phishing.dmarc_record_auth (dmarc_report_id, record_no, seq,"
                        + " method, auth_domain, dkim_selector, spf_scope, auth_result) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
            int batched = 0;
            for (int n = 0; n < records.size(); n++) {
                AggregateReport.Record r = records.get(n);
                int recordNo = n + 1;
                rec.setObject(1, id);
                rec.setInt(2, recordNo);
                rec.setObject(3, tenant.value());
                rec.setString(4, r.sourceIp());
                rec.setLong(5, r.count());
                rec.setString(6, r.disposition().name());
                rec.setBoolean(7, r.dkimAligned());
                rec.setBoolean(8, r.spfAligned());
                String reasons = String.join("\n", r.reasons());
                rec.setString(9, reasons.isEmpty() ? null : reasons.length() > 1000 ? reasons.substring(0, 1000) : reasons);
                rec.setString(10, r.headerFrom());
                rec.setString(11, r.envelopeFrom());
                rec.setString(12, r.envelopeTo());
                rec.addBatch();
                int seq = 0;
                for (DkimResult d : r.dkim()) {
                    addAuth(auth, id, recordNo, ++seq, "dkim", d.domain(), d.selector(), null, d.result());
                }
                for (SpfResult s : r.spf()) {
                    addAuth(auth, id, recordNo, ++seq, "spf", s.domain(), null, s.scope(), s.result());
                }
                if (++batched == 500) {
                    rec.executeBatch();
                    auth.executeBatch();
                    batched = 0;
                }
            }
            rec.executeBatch();
            auth.executeBatch();
        }
    }

    private static void addAuth(PreparedStatement auth, UUID id, int recordNo, int seq, String method, String domain, String selector,
            String scope, String result) throws SQLException {
        auth.setObject(1, id);
        auth.setInt(2, recordNo);
        auth.setInt(3, seq);
        auth.setString(4, method);
        auth.setString(5, domain);
        auth.setString(6, selector);
        auth.setString(7, scope);
        auth.setString(8, result);
        auth.addBatch();
    }

    /** Reports of {@code tenant}, newest period first; {@code domain}, {@code from}, {@code to} (on the period's begin) may be null. */
    public List<StoredReport> list(TenantId tenant, DomainName domain, Instant from, Instant to, int limit) {
        StringBuilder sql = new StringBuilder("select " + REPORT_COLUMNS + " from phishing.dmarc_reports where tenant_id = ?");
        List<Object> args = new ArrayList<>(List.of(tenant.value()));
        if (domain != null) {
            sql.append(" and domain = ?");
            args.add(domain.ascii());
        }
        if (from != null) {
            sql.append(" and period_begin >= ?");
            args.add(Jdbc.timestamp(from));
        }
        if (to != null) {
            sql.append(" and period_begin < ?");
            args.add(Jdbc.timestamp(to));
        }
        sql.append(" order by period_begin desc, org_name, id limit ").append(limit);
        return jdbc.query(sql.toString(), ps -> {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
        }, DmarcReportStore::mapReport);
    }

    public Optional<StoredReport> find(TenantId tenant, UUID id) {
        return jdbc.queryOne("select " + REPORT_COLUMNS + " from phishing.dmarc_reports where tenant_id = ? and id = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setObject(2, id);
        }, DmarcReportStore::mapReport);
    }

    /** The records of one report of {@code tenant}, in report order (empty for another tenant's report). */
    public List<AggregateReport.Record> records(TenantId tenant, UUID id) {
        Map<Integer, List<Object[]>> auth = new HashMap<>();
        jdbc.query("select a.record_no, a.method, a.auth_domain, a.dkim_selector, a.spf_scope, a.auth_result"
                + " from phishing.dmarc_record_auth a join phishing.dmarc_reports r on r.id = a.dmarc_report_id"
                + " where r.tenant_id = ? and r.id = ? order by a.record_no, a.seq", ps -> {
                    ps.setObject(1, tenant.value());
                    ps.setObject(2, id);
                }, rs -> auth.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(new Object[] {rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6)}));
        return jdbc.query("select " + RECORD_COLUMNS + " from phishing.dmarc_report_records where tenant_id = ? and dmarc_report_id = ?"
                + " order by record_no", ps -> {
                    ps.setObject(1, tenant.value());
                    ps.setObject(2, id);
                }, rs -> mapRecord(rs, auth.getOrDefault(rs.getInt("record_no"), List.of())));
    }

    /** One record for the analysis: the day its report begins and the domains it authenticated as (raw passes). */
    public record AnalysisRow(Instant periodBegin, AggregateReport.Record record) {
    }

    /** Every record of {@code tenant}'s reports for {@code domain} whose period begins in [from, to). */
    public List<AnalysisRow> analysisRows(TenantId tenant, DomainName domain, Instant from, Instant to) {
        Map<String, List<Object[]>> auth = new HashMap<>();
        jdbc.query("select a.dmarc_report_id, a.record_no, a.method, a.auth_domain, a.dkim_selector, a.spf_scope, a.auth_result"
                + " from phishing.dmarc_record_auth a join phishing.dmarc_reports r on r.id = a.dmarc_report_id"
                + " where r.tenant_id = ? and r.domain = ? and r.period_begin >= ? and r.period_begin < ?", ps -> bindPeriod(ps, tenant, domain, from, to),
                rs -> auth.computeIfAbsent(rs.getObject(1, UUID.class) + "/" + rs.getInt(2), k -> new ArrayList<>()).add(new Object[] {
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)}));
        return jdbc.query("select r.period_begin, c.dmarc_report_id, c." + RECORD_COLUMNS.replace(", ", ", c.")
                + " from phishing.dmarc_report_records c join phishing.dmarc_reports r on r.id = c.dmarc_report_id"
                + " where r.tenant_id = ? and r.domain = ? and r.period_begin >= ? and r.period_begin < ?", ps -> bindPeriod(ps, tenant, domain, from, to),
                rs -> new AnalysisRow(Jdbc.instant(rs, "period_begin"), mapRecord(rs,
                        auth.getOrDefault(rs.getObject("dmarc_report_id", UUID.class) + "/" + rs.getInt("record_no"), List.of()))));
    }

    private static void bindPeriod(PreparedStatement ps, TenantId tenant, DomainName domain, Instant from, Instant to) throws SQLException {
        ps.setObject(1, tenant.value());
        ps.setString(2, domain.ascii());
        ps.setObject(3, Jdbc.timestamp(from));
        ps.setObject(4, Jdbc.timestamp(to));
    }

    /** The distinct report domains of {@code tenant}, for domain selectors. */
    public List<String> domains(TenantId tenant) {
        return jdbc.query("select distinct domain from phishing.dmarc_reports where tenant_id = ? order by domain",
                ps -> ps.setObject(1, tenant.value()), rs -> rs.getString(1));
    }

    private static AggregateReport.Record mapRecord(ResultSet rs, List<Object[]> auth) throws SQLException {
        List<DkimResult> dkim = new ArrayList<>();
        List<SpfResult> spf = new ArrayList<>();
        for (Object[] a : auth) {
            if ("dkim".equals(a[0])) {
                dkim.add(new DkimResult((String) a[1], (String) a[2], (String) a[4]));
            } else {
                spf.add(new SpfResult((String) a[1], (String) a[3], (String) a[4]));
            }
        }
        String reasons = rs.getString("reasons");
        return new AggregateReport.Record(rs.getString("source_ip"), rs.getLong("message_count"), Disposition.valueOf(rs.getString("disposition")),
                rs.getBoolean("dkim_aligned"), rs.getBoolean("spf_aligned"), reasons == null ? List.of() : Arrays.asList(reasons.split("\n")),
                rs.getString("header_from"), rs.getString("envelope_from"), rs.getString("envelope_to"), dkim, spf);
    }

    private static StoredReport mapReport(ResultSet rs) throws SQLException {
        String np = rs.getString("policy_np");
        int pct = rs.getInt("policy_pct");
        Integer pctValue = rs.wasNull() ? null : pct;
        PolicyPublished policy = new PolicyPublished(DomainName.of(rs.getString("domain")), rs.getString("policy_adkim"),
                rs.getString("policy_aspf"), Policy.valueOf(rs.getString("policy_p")), Policy.valueOf(rs.getString("policy_sp")),
                np == null ? null : Policy.valueOf(np), pctValue, rs.getString("policy_fo"), rs.getBoolean("policy_testing"),
                rs.getString("discovery_method"));
        String errors = rs.getString("reporter_errors");
        return new StoredReport(rs.getObject("id", UUID.class), rs.getString("org_name"), rs.getString("org_email"), rs.getString("report_id"),
                Jdbc.instant(rs, "period_begin"), Jdbc.instant(rs, "period_end"), policy, rs.getBoolean("domain_registered"),
                rs.getString("schema_version"), rs.getString("generator"), errors == null ? List.of() : Arrays.asList(errors.split("\n")),
                rs.getInt("record_count"), rs.getLong("message_count"), ReportFormat.valueOf(rs.getString("file_format")),
                rs.getString("file_name"), Jdbc.instant(rs, "received_at"), rs.getString("received_by"));
    }
}
