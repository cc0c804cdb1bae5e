package dev.mamori.threeds.risk.internal;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.threeds.risk.AcsPolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL of the ACS's risk decisions: policies, the decisions taken, the card's device and 3DS history. */
public final class AcsRiskStore {
    static final String LOW_VALUE = "low-value";
    static final String TRA = "tra";

    private final Jdbc jdbc;

    public AcsRiskStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<AcsPolicy> policy(TenantId tenant) {
        return jdbc.run(c -> {
            Map<Currency, Long> lowValue = new HashMap<>();
            Map<Currency, Long> tra = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "select kind, currency, limit_minor from threeds.acs_policy_limits where tenant_id = ?")) {
                ps.setObject(1, tenant.value());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        (LOW_VALUE.equals(rs.getString(1)) ? lowValue : tra).put(Currency.getInstance(rs.getString(2).trim()), rs.getLong(3));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("select frictionless_below, refuse_at, low_value_max_consecutive, tra_below, "
                    + "max_challenges_per_day, non_payment_supported, three_ri_supported, honour_requestor_exemptions, confidence_reasons "
                    + "from threeds.acs_policies where tenant_id = ?")) {
                ps.setObject(1, tenant.value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<AcsPolicy>empty();
                    }
                    return Optional.of(new AcsPolicy(rs.getInt(1), rs.getInt(2), lowValue, rs.getInt(3), rs.getInt(4), tra, rs.getInt(5),
                            rs.getBoolean(6), rs.getBoolean(7), rs.getBoolean(8), rs.getBoolean(9)));
                }
            }
        });
    }

    /** Replaces the tenant's policy whole, in one transaction (the caller's when there is one). */
    public void savePolicy(TenantId tenant, AcsPolicy p, String by, Instant now) {
        jdbc.inTransaction(c -> {
            delete(c, "delete from threeds.acs_policy_limits where tenant_id = ?", tenant);
            delete(c, "delete from threeds.acs_policies where tenant_id = ?", tenant);
            try (PreparedStatement ps = c.prepareStatement("insert into threeds.acs_policies (tenant_id, frictionless_below, refuse_at, "
                    + "low_value_max_consecutive, tra_below, max_challenges_per_day, non_payment_supported, three_ri_supported, "
                    + "honour_requestor_exemptions, confidence_reasons, updated_at, updated_by) values (?,?,?,?,?,?,?,?,?,?,?,?)")) {
                ps.setObject(1, tenant.value());
                ps.setInt(2, p.frictionlessBelow());
                ps.setInt(3, p.refuseAt());
                ps.setInt(4, p.lowValueMaxConsecutive());
                ps.setInt(5, p.traBelow());
                ps.setInt(6, p.maxChallengesPerDay());
                ps.setBoolean(7, p.nonPaymentSupported());
                ps.setBoolean(8, p.threeRiSupported());
                ps.setBoolean(9, p.honourRequestorExemptions());
                ps.setBoolean(10, p.confidenceReasons());
                ps.setObject(11, Jdbc.timestamp(now));
                ps.setString(12, by);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into threeds.acs_policy_limits (tenant_id, kind, currency, limit_minor) values (?,?,?,?)")) {
                addLimits(ps, tenant, LOW_VALUE, p.lowValueLimits());
                addLimits(ps, tenant, TRA, p.traLimits());
                ps.executeBatch();
            }
            return null;
        });
    }

    private static void delete(Connection c, String sql, TenantId tenant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, tenant.value());
            ps.executeUpdate();
        }
    }

    private static void addLimits(PreparedStatement ps, TenantId tenant, String kind, Map<Currency, Long> limits) throws SQLException {
        for (Map.Entry<Currency, Long> e : limits.entrySet()) {
            ps.setObject(1, tenant.value());
            ps.setString(2, kind);
            ps.setString(3, e.getKey().getCurrencyCode());
            ps.setLong(4, e.getValue());
            ps.addBatch();
        }
    }

    /** One decision as recorded. */
    public record DecisionRow(String acsTransId, TenantId tenant, String cardFingerprint, String deviceHash, String browserLanguage,
                              Integer browserTz, String deviceChannel, Long amountMinor, String currency, int score, String status,
                              String reason, String exemption, String reasons, Instant decidedAt) {
    }

    /** @return false when a decision for this acsTransID was already recorded (the first one stands) */
    public boolean record(DecisionRow d) {
        try {
            jdbc.update("insert into threeds.acs_risk_decisions (acs_trans_id, tenant_id, card_fingerprint, device_hash, browser_language, "
                    + "browser_tz, device_channel, amount_minor, currency, score, status, reason, exemption, reasons, decided_at) "
                    + "values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", ps -> {
                        ps.setString(1, d.acsTransId());
                        ps.setObject(2, d.tenant().value());
                        ps.setString(3, d.cardFingerprint());
                        ps.setString(4, d.deviceHash());
                        ps.setString(5, d.browserLanguage());
                        ps.setObject(6, d.browserTz());
                        ps.setString(7, d.deviceChannel());
                        ps.setObject(8, d.amountMinor());
                        ps.setString(9, d.currency());
                        ps.setInt(10, d.score());
                        ps.setString(11, d.status());
                        ps.setString(12, d.reason());
                        ps.setString(13, d.exemption());
                        ps.setString(14, d.reasons());
                        ps.setObject(15, Jdbc.timestamp(d.decidedAt()));
                    });
            return true;
        } catch (RuntimeException e) {
            if (Jdbc.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * The card's decisions since {@code since}, newest first, at most {@code limit}, each challenged one
     * with its transaction's ARes, state and final status: everything the decision asks of the card's
     * 3-D Secure past. One indexed read of the decisions, and a second one by primary key only when
     * some of them were challenges (the others' answers are their own status).
     */
    public CardHistory cardHistory(TenantId tenant, String cardFingerprint, Instant since, int limit) {
        record Row(String acsTransId, String deviceHash, String browserLanguage, Integer browserTz, String status, String exemption,
                   Instant decidedAt) {
        }
        List<Row> rows = jdbc.query("select acs_trans_id, device_hash, browser_language, browser_tz, status, exemption, decided_at "
                + "from threeds.acs_risk_decisions where tenant_id = ? and card_fingerprint = ? and decided_at >= ? "
                + "order by decided_at desc limit " + limit, ps -> {
                    ps.setObject(1, tenant.value());
                    ps.setString(2, cardFingerprint);
                    ps.setObject(3, Jdbc.timestamp(since));
                }, rs -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), (Integer) rs.getObject(4, Integer.class), rs.getString(5),
                        rs.getString(6), Jdbc.instant(rs, "decided_at")));
        List<String> challenged = new ArrayList<>();
        for (Row r : rows) {
            if ("C".equals(r.status())) {
                challenged.add(r.acsTransId());
            }
        }
        Map<String, String[]> outcomes = challengeOutcomes(challenged);
        List<CardHistory.Decision> decisions = new ArrayList<>(rows.size());
        for (Row r : rows) {
            String[] o = outcomes.getOrDefault(r.acsTransId(), NO_OUTCOME);
            decisions.add(new CardHistory.Decision(r.deviceHash(), r.browserLanguage(), r.browserTz(), r.status(), r.exemption(), r.decidedAt(),
                    o[0], o[1], o[2]));
        }
        return new CardHistory(decisions, rows.size() >= limit);
    }

    /** How many of the card's decisions since {@code since} were C, counted in the database (for a {@link CardHistory} cut short). */
    public int challengesSince(TenantId tenant, String cardFingerprint, Instant since) {
        return jdbc.queryOne("select count(*) from threeds.acs_risk_decisions where tenant_id = ? and card_fingerprint = ? "
                + "and decided_at >= ? and status = 'C'", ps -> {
                    ps.setObject(1, tenant.value());
                    ps.setString(2, cardFingerprint);
                    ps.setObject(3, Jdbc.timestamp(since));
                }, rs -> rs.getInt(1)).orElse(0);
    }

    /** How the card's challenges since {@code since} ended, counted in the database (for a {@link CardHistory} cut short). */
    public CardHistory.Challenges challengesEnded(TenantId tenant, String cardFingerprint, Instant since) {
        List<CardHistory.Decision> challenged = jdbc.query("select t.ares_status, t.state, t.final_status, d.decided_at "
                + "from threeds.acs_risk_decisions d join threeds.acs_transactions t on t.acs_trans_id = d.acs_trans_id "
                + "where d.tenant_id = ? and d.card_fingerprint = ? and d.decided_at >= ? and d.status = 'C' order by d.decided_at desc", ps -> {
                    ps.setObject(1, tenant.value());
                    ps.setString(2, cardFingerprint);
                    ps.setObject(3, Jdbc.timestamp(since));
                }, rs -> new CardHistory.Decision(null, null, null, "C", null, Jdbc.instant(rs, "decided_at"), rs.getString(1), rs.getString(2),
                        rs.getString(3)));
        return new CardHistory(challenged, false).challengesEnded(since);
    }

    /** Low-value exemptions since the card's last challenge, however long ago, counted in the database. */
    public int lowValueExemptionsSinceLastChallenge(TenantId tenant, String cardFingerprint) {
        return jdbc.queryOne("select count(*) from threeds.acs_risk_decisions d where d.tenant_id = ? and d.card_fingerprint = ? "
                + "and d.exemption = 'LOW_VALUE' and d.decided_at > coalesce((select max(c.decided_at) from threeds.acs_risk_decisions c "
                + "where c.tenant_id = ? and c.card_fingerprint = ? and c.status = 'C'), ?)", ps -> {
                    ps.setObject(1, tenant.value());
                    ps.setString(2, cardFingerprint);
                    ps.setObject(3, tenant.value());
                    ps.setString(4, cardFingerprint);
                    ps.setObject(5, Jdbc.timestamp(Instant.EPOCH));
                }, rs -> rs.getInt(1)).orElse(0);
    }

    private static final String[] NO_OUTCOME = new String[3];
    /** IN lists are padded to one of these sizes, so a handful of statements serve every count (each is parsed and cached once). */
    private static final int[] IN_LIST_SIZES = {1, 4, 16, 64};

    /** ares_status, state and final_status of the challenged transactions, by acsTransID. */
    private Map<String, String[]> challengeOutcomes(List<String> acsTransIds) {
        Map<String, String[]> out = new HashMap<>();
        int largest = IN_LIST_SIZES[IN_LIST_SIZES.length - 1];
        for (int from = 0; from < acsTransIds.size(); from += largest) {
            List<String> chunk = acsTransIds.subList(from, Math.min(acsTransIds.size(), from + largest));
            int size = largest;
            for (int candidate : IN_LIST_SIZES) {
                if (candidate >= chunk.size()) {
                    size = candidate;
                    break;
                }
            }
            int padded = size;
            jdbc.query("select acs_trans_id, ares_status, state, final_status from threeds.acs_transactions where acs_trans_id in ("
                    + "?,".repeat(padded - 1) + "?)", ps -> {
                        for (int i = 0; i < padded; i++) {
                            ps.setString(i + 1, chunk.get(Math.min(i, chunk.size() - 1)));
                        }
                    }, rs -> out.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4)}));
        }
        return out;
    }

    /** One group of the ACS's transactions for the figures. */
    public record FigureRow(String channel, String aresStatus, String finalStatus, String state, String exemption, long count) {
    }

    public List<FigureRow> figures(TenantId tenant, Instant from, Instant to) {
        List<FigureRow> rows = new ArrayList<>();
        rows.addAll(jdbc.query("select device_channel, ares_status, final_status, state, coalesce(exemption, 'NONE'), count(*) "
                + "from threeds.acs_transactions where tenant_id = ? and created_at >= ? and created_at < ? "
                + "group by device_channel, ares_status, final_status, state, coalesce(exemption, 'NONE')", ps -> {
                    ps.setObject(1, tenant.value());
                    ps.setObject(2, Jdbc.timestamp(from));
                    ps.setObject(3, Jdbc.timestamp(to));
                }, rs -> new FigureRow(rs.getString(1).trim(), rs.getString(2).trim(), rs.getString(3).trim(), rs.getString(4),
                        rs.getString(5), rs.getLong(6))));
        return rows;
    }
}
