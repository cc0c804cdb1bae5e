package dev.mamori.phishing.internal;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.posture.DkimKeyStatus;
import dev.mamori.phishing.posture.Grade;
import dev.mamori.phishing.posture.PostureAlert;
import dev.mamori.phishing.posture.PostureCheck;
import dev.mamori.phishing.posture.PostureCode;
import dev.mamori.phishing.posture.PostureFinding;
import dev.mamori.phishing.posture.PostureReport;
import dev.mamori.phishing.posture.SeenRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Tables {@code phishing.posture_selectors}, {@code posture_checks} (with records, findings, DKIM keys) and {@code posture_alerts}. */
public final class PostureStore {
    private final Jdbc jdbc;

    public PostureStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Replaces the domain's selectors (the domain must be registered). */
    public void replaceSelectors(TenantId tenant, DomainName domain, List<String> selectors) {
        jdbc.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("delete from phishing.posture_selectors where tenant_id = ? and domain = ?")) {
                delete.setObject(1, tenant.value());
                delete.setString(2, domain.ascii());
                delete.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "insert into phishing.posture_selectors (tenant_id, domain, selector) values (?, ?, ?)")) {
                for (String selector : selectors) {
                    insert.setObject(1, tenant.value());
                    insert.setString(2, domain.ascii());
                    insert.setString(3, selector);
                    insert.addBatch();
                }
                if (!selectors.isEmpty()) {
                    insert.executeBatch();
                }
            }
            return null;
        });
    }

    public List<String> selectors(TenantId tenant, DomainName domain) {
        return jdbc.query("select selector from phishing.posture_selectors where tenant_id = ? and domain = ? order by selector", ps -> {
            ps.setObject(1, tenant.value());
            ps.setString(2, domain.ascii());
        }, rs -> rs.getString(1));
    }

    /** Every selector of the tenant, by domain. */
    public Map<String, List<String>> selectors(TenantId tenant) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        jdbc.query("select domain, selector from phishing.posture_selectors where tenant_id = ? order by domain, selector",
                ps -> ps.setObject(1, tenant.value()), rs -> out.computeIfAbsent(rs.getString(1), d -> new ArrayList<>()).add(rs.getString(2)));
        return out;
    }

    /** Stores a check with its records, findings and DKIM keys, and the alert when there is one; returns the check's id. */
    public long insertCheck(TenantId tenant, PostureReport report, String checkedBy, AlertDraft alert) {
        return jdbc.inTransaction(c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("insert into phishing.posture_checks (tenant_id, domain, checked_at, "
                    + "sends_mail, grade, score, complete, checked_by) values (?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
                ps.setObject(1, tenant.value());
                ps.setString(2, report.domain().ascii());
                ps.setObject(3, Jdbc.timestamp(report.checkedAt()));
                ps.setBoolean(4, report.sendsMail());
                ps.setString(5, report.grade().name());
                ps.setInt(6, report.score());
                ps.setBoolean(7, report.complete());
                ps.setString(8, checkedBy);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            insertRecords(c, id, report.records());
            insertFindings(c, id, report.findings());
            insertDkim(c, id, report.dkim());
            if (alert != null) {
                try (PreparedStatement ps = c.prepareStatement("insert into phishing.posture_alerts (tenant_id, domain, raised_at, "
                        + "check_id, previous_grade, grade, new_codes) values (?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setObject(1, tenant.value());
                    ps.setString(2, report.domain().ascii());
                    ps.setObject(3, Jdbc.timestamp(report.checkedAt()));
                    ps.setLong(4, id);
                    ps.setString(5, alert.previousGrade().name());
                    ps.setString(6, report.grade().name());
                    ps.setString(7, alert.newCodes().stream().map(PostureCode::code).collect(Collectors.joining(",")));
                    ps.executeUpdate();
                }
            }
            return id;
        });
    }

    private static void insertRecords(Connection c, long id, List<SeenRecord> records) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into phishing.posture_check_records "
                + "(check_id, seq, owner_name, rtype, status, content) values (?, ?, ?, ?, ?, ?)")) {
            int seq = 0;
            for (SeenRecord r : records) {
                List<String> values = r.values().isEmpty() ? Arrays.asList((String) null) : r.values();
                for (String value : values) {
                    ps.setLong(1, id);
                    ps.setInt(2, seq++);
                    ps.setString(3, r.name());
                    ps.setString(4, r.type());
                    ps.setString(5, r.status());
                    if (value == null) {
                        ps.setNull(6, Types.VARCHAR);
                    } else {
                        ps.setString(6, value);
                    }
                    ps.addBatch();
                }
            }
            if (seq > 0) {
                ps.executeBatch();
            }
        }
    }

    private static void insertFindings(Connection c, long id, List<PostureFinding> findings) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into phishing.posture_check_findings "
                + "(check_id, seq, code, severity, detail) values (?, ?, ?, ?, ?)")) {
            int seq = 0;
            for (PostureFinding f : findings) {
                ps.setLong(1, id);
                ps.setInt(2, seq++);
                ps.setString(3, f.code().code());
                ps.setString(4, f.severity().id());
                ps.setString(5, f.detail());
                ps.addBatch();
            }
            if (seq > 0) {
                ps.executeBatch();
            }
        }
    }

    private static void insertDkim(Connection c, long id, List<DkimKeyStatus> keys) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into phishing.posture_check_dkim "
                + "(check_id, selector, state, key_type, bits, testing, problem) values (?, ?, ?, ?, ?, ?, ?)")) {
            for (DkimKeyStatus k : keys) {
                ps.setLong(1, id);
                ps.setString(2, k.selector());
                ps.setString(3, k.state().name());
                ps.setString(4, k.keyType());
                ps.setInt(5, k.bits());
                ps.setBoolean(6, k.testing());
                ps.setString(7, k.problem());
                ps.addBatch();
            }
            if (!keys.isEmpty()) {
                ps.executeBatch();
            }
        }
    }

    /** The domain's checks, newest first. */
    public List<PostureCheck> checks(TenantId tenant, DomainName domain, int limit) {
        List<CheckRow> rows = jdbc.query("select id, checked_at, sends_mail, complete, checked_by from phishing.posture_checks "
                + "where tenant_id = ? and domain = ? order by id desc limit ?", ps -> {
                    ps.setObject(1, tenant.value());
                    ps.setString(2, domain.ascii());
                    ps.setInt(3, limit);
                }, PostureStore::row);
        return rows.stream().map(r -> load(domain, r)).toList();
    }

    /** The latest complete check before check {@code beforeId}, or the latest when {@code beforeId} is null. */
    public Optional<PostureCheck> latestComplete(TenantId tenant, DomainName domain) {
        return jdbc.queryOne("select id, checked_at, sends_mail, complete, checked_by from phishing.posture_checks "
                + "where tenant_id = ? and domain = ? and complete = true order by id desc limit 1", ps -> {
                    ps.setObject(1, tenant.value());
                    ps.setString(2, domain.ascii());
                }, PostureStore::row).map(r -> load(domain, r));
    }

    /** The latest check's grade, score, time and completeness of each of the tenant's domains. */
    public Map<String, LatestRow> latest(TenantId tenant) {
        Map<String, LatestRow> out = new LinkedHashMap<>();
        jdbc.query("select c.domain, c.grade, c.score, c.checked_at, c.complete from phishing.posture_checks c "
                + "where c.tenant_id = ? and c.id = (select max(m.id) from phishing.posture_checks m "
                + "where m.tenant_id = c.tenant_id and m.domain = c.domain)", ps -> ps.setObject(1, tenant.value()),
                rs -> out.put(rs.getString("domain"), new LatestRow(Grade.valueOf(rs.getString("grade")), rs.getInt("score"),
                        Jdbc.instant(rs, "checked_at"), rs.getBoolean("complete"))));
        return out;
    }

    /** The tenant's alerts (of one domain when {@code domain} is not null), newest first. */
    public List<PostureAlert> alerts(TenantId tenant, DomainName domain, int limit) {
        return jdbc.query("select id, domain, raised_at, check_id, previous_grade, grade, new_codes from phishing.posture_alerts "
                + "where tenant_id = ?" + (domain == null ? "" : " and domain = ?") + " order by id desc limit ?", ps -> {
                    ps.setObject(1, tenant.value());
                    int i = 2;
                    if (domain != null) {
                        ps.setString(i++, domain.ascii());
                    }
                    ps.setInt(i, limit);
                }, rs -> new PostureAlert(rs.getLong("id"), DomainName.of(rs.getString("domain")), Jdbc.instant(rs, "raised_at"),
                        rs.getLong("check_id"), Grade.valueOf(rs.getString("previous_grade")), Grade.valueOf(rs.getString("grade")),
                        rs.getString("new_codes").isEmpty() ? List.of()
                                : Arrays.stream(rs.getString("new_codes").split(",")).map(PostureCode::ofCode).toList()));
    }

    private PostureCheck load(DomainName domain, CheckRow row) {
        List<SeenRecord> records = new ArrayList<>();
        jdbc.query("select owner_name, rtype, status, content from phishing.posture_check_records where check_id = ? order by seq",
                ps -> ps.setLong(1, row.id), rs -> {
                    String name = rs.getString(1);
                    String type = rs.getString(2);
                    String status = rs.getString(3);
                    String content = rs.getString(4);
                    SeenRecord last = records.isEmpty() ? null : records.get(records.size() - 1);
                    if (last != null && last.name().equals(name) && last.type().equals(type) && content != null && !last.values().isEmpty()) {
                        List<String> values = new ArrayList<>(last.values());
                        values.add(content);
                        records.set(records.size() - 1, new SeenRecord(name, type, status, values));
                    } else {
                        records.add(new SeenRecord(name, type, status, content == null ? List.of() : List.of(content)));
                    }
                    return null;
                });
        List<PostureFinding> findings = jdbc.query("select code, detail from phishing.posture_check_findings where check_id = ? order by seq",
                ps -> ps.setLong(1, row.id), rs -> new PostureFinding(PostureCode.ofCode(rs.getString(1)), rs.getString(2)));
        List<DkimKeyStatus> dkim = jdbc.query("select selector, state, key_type, bits, testing, problem from phishing.posture_check_dkim "
                + "where check_id = ? order by selector", ps -> ps.setLong(1, row.id),
                rs -> new DkimKeyStatus(rs.getString(1), DkimKeyStatus.State.valueOf(rs.getString(2)), rs.getString(3), rs.getInt(4),
                        rs.getBoolean(5), rs.getString(6)));
        return new PostureCheck(row.id, row.checkedBy,
                new PostureReport(domain, row.sendsMail, row.checkedAt, findings, records, dkim, row.complete));
    }

    private static CheckRow row(ResultSet rs) throws SQLException {
        return new CheckRow(rs.getLong("id"), Jdbc.instant(rs, "checked_at"), rs.getBoolean("sends_mail"), rs.getBoolean("complete"),
                rs.getString("checked_by"));
    }

    private record CheckRow(long id, java.time.Instant checkedAt, boolean sendsMail, boolean complete, String checkedBy) {
    }

    /** The latest check of a domain, for lists. */
    public record LatestRow(Grade grade, int score, java.time.Instant checkedAt, boolean complete) {
    }

    /** An alert to store with a check. */
    public record AlertDraft(Grade previousGrade, List<PostureCode> newCodes) {
    }
}
