package dev.mamori.phishing.internal;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.phishing.cases.CaseEvent;
import dev.mamori.phishing.cases.CaseId;
import dev.mamori.phishing.cases.CaseStatus;
import dev.mamori.phishing.cases.CompromisedCard;
import dev.mamori.phishing.cases.PhishingCase;
import dev.mamori.phishing.cases.ReportType;
import dev.mamori.phishing.cases.ReportedUrl;
import dev.mamori.phishing.cases.Reporter;
import dev.mamori.phishing.cases.StoredReport;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Tables {@code phishing.report_cases}, {@code reports}, {@code report_urls}, {@code case_events}, {@code report_evidence}, {@code compromised_cards}. */
public final class ReportCaseStore {
    private static final String CASE_COLUMNS = "id, url, host, brand, status, report_count, created_at, updated_at";
    private static final String REPORT_COLUMNS = "id, case_id, report_type, reporter, channel, received_at, submitted_at, submitted_by, note, "
            + "content_text, mail_subject, mail_from, mail_date, message_id";
    private final Jdbc jdbc;

    public ReportCaseStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** A report row to insert; texts already masked. */
    public record NewReport(UUID id, CaseId caseId, ReportType type, Reporter reporter, String channel, Instant receivedAt,
                            Instant submittedAt, String submittedBy, String note, String contentText, String mailSubject,
                            String mailFrom, String mailDate, String messageId) {
    }

    // ---- cases -----------------------------------------------------------------------------------

    public Optional<PhishingCase> findByKey(TenantId tenant, String key) {
        return jdbc.queryOne("select " + CASE_COLUMNS + " from phishing.report_cases where tenant_id = ? and url_key = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setString(2, key);
        }, ReportCaseStore::mapCase);
    }

    /**
     * Inserts a case unless one with the key exists (a concurrent report may have opened it).
     *
     * @return whether this call inserted it
     */
    public boolean insertCase(TenantId tenant, PhishingCase c, String key) {
        try {
            return jdbc.inTransaction(connection -> {
                try (PreparedStatement ps = connection.prepareStatement("insert into phishing.report_cases (tenant_id, id, url_key, url, host, "
                        + "brand, status, report_count, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setObject(1, tenant.value());
                    ps.setObject(2, c.id().value());
                    ps.setString(3, key);
                    ps.setString(4, c.url());
                    ps.setString(5, c.host());
                    ps.setString(6, c.brand());
                    ps.setString(7, c.status().id());
                    ps.setInt(8, c.reportCount());
                    ps.setObject(9, Jdbc.timestamp(c.createdAt()));
                    ps.setObject(10, Jdbc.timestamp(c.updatedAt()));
                    ps.executeUpdate();
                }
                return true;
            });
        } catch (RuntimeException e) {
            if (Jdbc.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    public void countReport(TenantId tenant, CaseId id, String brand, Instant now) {
        jdbc.update("update phishing.report_cases set report_count = report_count + 1, updated_at = ?, brand = coalesce(brand, ?) "
                + "where tenant_id = ? and id = ?", ps -> {
            ps.setObject(1, Jdbc.timestamp(now));
            ps.setString(2, brand);
            ps.setObject(3, tenant.value());
            ps.setObject(4, id.value());
        });
    }

    /** Compare-and-set on the status, so two analysts cannot both move a case from the same state. */
    public boolean updateStatus(TenantId tenant, CaseId id, CaseStatus from, CaseStatus to, String brand, Instant now) {
        return jdbc.update("update phishing.report_cases set status = ?, updated_at = ?, brand = coalesce(?, brand) "
                + "where tenant_id = ? and id = ? and status = ?", ps -> {
            ps.setString(1, to.id());
            ps.setObject(2, Jdbc.timestamp(now));
            ps.setString(3, brand);
            ps.setObject(4, tenant.value());
            ps.setObject(5, id.value());
            ps.setString(6, from.id());
        }) == 1;
    }

    public void touch(TenantId tenant, CaseId id, Instant now) {
        jdbc.update("update phishing.report_cases set updated_at = ? where tenant_id = ? and id = ?", ps -> {
            ps.setObject(1, Jdbc.timestamp(now));
            ps.setObject(2, tenant.value());
            ps.setObject(3, id.value());
        });
    }

    public Optional<PhishingCase> findCase(TenantId tenant, CaseId id) {
        return jdbc.queryOne("select " + CASE_COLUMNS + " from phishing.report_cases where tenant_id = ? and id = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setObject(2, id.value());
        }, ReportCaseStore::mapCase);
    }

    /** Newest first; each filter may be null. */
    public List<PhishingCase> listCases(TenantId tenant, CaseStatus status, String brand, String host, Instant from, Instant to, int limit) {
        StringBuilder sql = new StringBuilder("select " + CASE_COLUMNS + " from phishing.report_cases where tenant_id = ?");
        List<Object> args = new ArrayList<>();
        args.add(tenant.value());
        if (status != null) {
            sql.append(" and status = ?");
            args.add(status.id());
        }
        if (brand != null) {
            sql.append(" and lower(brand) = lower(?)");
            args.add(brand);
        }
        if (host != null) {
            sql.append(" and host = ?");
            args.add(host);
        }
        if (from != null) {
            sql.append(" and created_at >= ?");
            args.add(Jdbc.timestamp(from));
        }
        if (to != null) {
            sql.append(" and created_at < ?");
            args.add(Jdbc.timestamp(to));
        }
        sql.append(" order by created_at desc, id limit ").append(limit);
        return jdbc.query(sql.toString(), ps -> {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
        }, ReportCaseStore::mapCase);
    }

    private static PhishingCase mapCase(ResultSet rs) throws SQLException {
        return new PhishingCase(new CaseId(rs.getObject("id", UUID.class)), rs.getString("url"), rs.getString("host"), rs.getString("brand"),
                CaseStatus.of(rs.getString("status"), "status"), rs.getInt("report_count"), Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "updated_at"));
    }

    // ---- reports, URLs, evidence -----------------------------------------------------------------

    public void insertReport(TenantId tenant, NewReport r) {
        jdbc.update("insert into phishing.reports (tenant_id, " + REPORT_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setObject(1, tenant.value());
            ps.setObject(2, r.id());
            ps.setObject(3, r.caseId().value());
            ps.setString(4, r.type().id());
            ps.setString(5, r.reporter().id());
            ps.setString(6, r.channel());
            ps.setObject(7, Jdbc.timestamp(r.receivedAt()));
            ps.setObject(8, Jdbc.timestamp(r.submittedAt()));
            ps.setString(9, r.submittedBy());
            ps.setString(10, r.note());
            ps.setString(11, r.contentText());
            ps.setString(12, r.mailSubject());
            ps.setString(13, r.mailFrom());
            ps.setString(14, r.mailDate());
            ps.setString(15, r.messageId());
        });
    }

    public void insertUrl(TenantId tenant, UUID reportId, int seq, CaseId caseId, ReportedUrl url) {
        jdbc.update("insert into phishing.report_urls (tenant_id, report_id, seq, case_id, url, host, defanged) values (?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setObject(1, tenant.value());
            ps.setObject(2, reportId);
            ps.setInt(3, seq);
            ps.setObject(4, caseId.value());
            ps.setString(5, url.url());
            ps.setString(6, url.host());
            ps.setBoolean(7, url.defanged());
        });
    }

    public void insertEvidence(TenantId tenant, UUID id, UUID reportId, String contentType, byte[] content, String sha256) {
        jdbc.update("insert into phishing.report_evidence (tenant_id, id, report_id, content_type, size_bytes, sha256, content) "
                + "values (?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setObject(1, tenant.value());
            ps.setObject(2, id);
            ps.setObject(3, reportId);
            ps.setString(4, contentType);
            ps.setInt(5, content.length);
            ps.setString(6, sha256);
            ps.setBytes(7, content);
        });
    }

    /** The reports that named this case's page: as the report's main case or through one of its URLs. */
    public List<StoredReport> reportsOf(TenantId tenant, CaseId caseId) {
        List<StoredReport> plain = jdbc.query("select " + REPORT_COLUMNS + " from phishing.reports r where tenant_id = ? and (case_id = ? or "
                + "exists (select 1 from phishing.report_urls u where u.tenant_id = r.tenant_id and u.report_id = r.id and u.case_id = ?)) "
                + "order by received_at, id", ps -> {
            ps.setObject(1, tenant.value());
            ps.setObject(2, caseId.value());
            ps.setObject(3, caseId.value());
        }, ReportCaseStore::mapReport);
        List<StoredReport> out = new ArrayList<>(plain.size());
        for (StoredReport r : plain) {
            List<ReportedUrl> urls = jdbc.query("select url, host, defanged from phishing.report_urls where tenant_id = ? and report_id = ? order by seq",
                    ps -> {
                        ps.setObject(1, tenant.value());
                        ps.setObject(2, r.id());
                    }, rs -> urlOf(rs.getString("url"), rs.getString("host"), rs.getBoolean("defanged")));
            List<StoredReport.Evidence> evidence = jdbc.query("select id, content_type, size_bytes, sha256 from phishing.report_evidence "
                    + "where tenant_id = ? and report_id = ? order by id", ps -> {
                ps.setObject(1, tenant.value());
                ps.setObject(2, r.id());
            }, rs -> new StoredReport.Evidence(rs.getObject("id", UUID.class), rs.getString("content_type"), rs.getInt("size_bytes"),
                    rs.getString("sha256")));
            out.add(new StoredReport(r.id(), r.caseId(), r.type(), r.reporter(), r.channel(), r.receivedAt(), r.submittedAt(), r.submittedBy(),
                    r.note(), r.contentText(), r.mailSubject(), r.mailFrom(), r.mailDate(), r.messageId(), urls, evidence));
        }
        return out;
    }

    private static ReportedUrl urlOf(String url, String host, boolean defanged) {
        int start = url.indexOf("://") + 3;
        int slash = url.indexOf('/', start);
        String rest = slash < 0 ? "/" : url.substring(slash);
        int q = rest.indexOf('?');
        return new ReportedUrl(url, host, q < 0 ? rest : rest.substring(0, q), defanged);
    }

    /** Every distinct URL reported for the case, first reported first. */
    public List<String> urlsOf(TenantId tenant, CaseId caseId) {
        Map<String, Boolean> urls = new LinkedHashMap<>();
        jdbc.query("select u.url from phishing.report_urls u join phishing.reports r on r.tenant_id = u.tenant_id and r.id = u.report_id "
                + "where u.tenant_id = ? and u.case_id = ? order by r.submitted_at, u.seq", ps -> {
            ps.setObject(1, tenant.value());
            ps.setObject(2, caseId.value());
        }, rs -> rs.getString(1)).forEach(u -> urls.put(u, Boolean.TRUE));
        return List.copyOf(urls.keySet());
    }

    /** The stored bytes of one evidence file of the tenant. */
    public Optional<byte[]> evidenceBytes(TenantId tenant, UUID id) {
        return jdbc.queryOne("select content from phishing.report_evidence where tenant_id = ? and id = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setObject(2, id);
        }, rs -> rs.getBytes(1));
    }

    private static StoredReport mapReport(ResultSet rs) throws SQLException {
        return new StoredReport(rs.getObject("id", UUID.class), new CaseId(rs.getObject("case_id", UUID.class)),
                ReportType.of(rs.getString("report_type")), Reporter.of(rs.getString("reporter")), rs.getString("channel"),
                Jdbc.instant(rs, "received_at"), Jdbc.instant(rs, "submitted_at"), rs.getString("submitted_by"), rs.getString("note"),
                rs.getString("content_text"), rs.getString("mail_subject"), rs.getString("mail_from"), rs.getString("mail_date"),
                rs.getString("message_id"), List.of(), List.of());
    }

    // ---- events ----------------------------------------------------------------------------------

    public void insertEvent(TenantId tenant, CaseId caseId, Instant at, String actor, String kind, CaseStatus from, CaseStatus to, String detail) {
        jdbc.update("insert into phishing.case_events (tenant_id, case_id, occurred_at, actor, kind, from_status, to_status, detail) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setObject(1, tenant.value());
            ps.setObject(2, caseId.value());
            ps.setObject(3, Jdbc.timestamp(at));
            ps.setString(4, actor);
            ps.setString(5, kind);
            ps.setString(6, from == null ? null : from.id());
            ps.setString(7, to == null ? null : to.id());
            ps.setString(8, detail);
        });
    }

    public List<CaseEvent> events(TenantId tenant, CaseId caseId) {
        return jdbc.query("select id, occurred_at, actor, kind, from_status, to_status, detail from phishing.case_events "
                + "where tenant_id = ? and case_id = ? order by id", ps -> {
            ps.setObject(1, tenant.value());
            ps.setObject(2, caseId.value());
        }, rs -> new CaseEvent(rs.getLong("id"), Jdbc.instant(rs, "occurred_at"), rs.getString("actor"), rs.getString("kind"),
                rs.getString("from_status") == null ? null : CaseStatus.of(rs.getString("from_status"), "status"),
                rs.getString("to_status") == null ? null : CaseStatus.of(rs.getString("to_status"), "status"), rs.getString("detail")));
    }

    // ---- compromised cards -----------------------------------------------------------------------

    /** @return whether the case did not hold this fingerprint yet */
    public boolean insertCard(TenantId tenant, CaseId caseId, String fingerprint, String masked, UUID reportId, Instant at) {
        boolean exists = jdbc.queryOne("select 1 from phishing.compromised_cards where tenant_id = ? and case_id = ? and fingerprint = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setObject(2, caseId.value());
            ps.setString(3, fingerprint);
        }, rs -> Boolean.TRUE).isPresent();
        if (exists) {
            return false;
        }
        try {
            // In a transaction of its own (a savepoint inside the caller's): PostgreSQL refuses the rest of a
            // transaction after a failed statement.
            jdbc.inTransaction(connection -> {
                try (PreparedStatement ps = connection.prepareStatement("insert into phishing.compromised_cards (tenant_id, case_id, "
                        + "fingerprint, masked, report_id, found_at) values (?, ?, ?, ?, ?, ?)")) {
                    ps.setObject(1, tenant.value());
                    ps.setObject(2, caseId.value());
                    ps.setString(3, fingerprint);
                    ps.setString(4, masked);
                    ps.setObject(5, reportId);
                    ps.setObject(6, Jdbc.timestamp(at));
                    return ps.executeUpdate();
                }
            });
        } catch (RuntimeException e) {
            if (Jdbc.isUniqueViolation(e)) {
                return false; // a concurrent report of the same card on the same case came first
            }
            throw e;
        }
        return true;
    }

    public List<CompromisedCard> cards(TenantId tenant, CaseId caseId) {
        return jdbc.query("select fingerprint, masked, report_id, found_at, listed_at, listed_by from phishing.compromised_cards "
                + "where tenant_id = ? and case_id = ? order by found_at, fingerprint", ps -> {
            ps.setObject(1, tenant.value());
            ps.setObject(2, caseId.value());
        }, rs -> new CompromisedCard(rs.getString("fingerprint"), rs.getString("masked"), rs.getObject("report_id", UUID.class),
                Jdbc.instant(rs, "found_at"), Jdbc.instant(rs, "listed_at"), rs.getString("listed_by")));
    }

    public void markListed(TenantId tenant, CaseId caseId, String fingerprint, String actor, Instant at) {
        jdbc.update("update phishing.compromised_cards set listed_at = ?, listed_by = ? where tenant_id = ? and case_id = ? and fingerprint = ?",
                ps -> {
                    ps.setObject(1, Jdbc.timestamp(at));
                    ps.setString(2, actor);
                    ps.setObject(3, tenant.value());
                    ps.setObject(4, caseId.value());
                    ps.setString(5, fingerprint);
                });
    }
}
