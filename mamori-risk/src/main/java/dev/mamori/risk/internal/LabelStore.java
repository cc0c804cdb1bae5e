package dev.mamori.risk.internal;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.risk.labels.CardNetwork;
import dev.mamori.risk.labels.FraudLabel;
import dev.mamori.risk.labels.LabelSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** SQL for {@code risk.fraud_labels}, and the few facts of a labelled decision the labels check. */
public final class LabelStore {
    private static final String COLUMNS = "id, tenant_id, decision_id, card_account_id, source, fraud, network, reason_code, known_at, "
            + "recorded_by, note, created_at, retracted_at, retracted_by";

    /** What labelling needs of a logged decision. */
    public record DecisionFacts(UUID id, UUID cardAccountId, String channel, String kind, Instant receivedAt) {
        /** E-commerce and mail/telephone order: the card number alone was enough. */
        public boolean cardNotPresent() {
            return "ec".equals(channel) || "moto".equals(channel);
        }
    }

    private final Jdbc jdbc;

    public LabelStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Jdbc jdbc() {
        return jdbc;
    }

    /** The tenant's decisions among {@code ids} (another tenant's are simply absent). */
    public static Map<UUID, DecisionFacts> decisions(Connection c, TenantId tenant, List<UUID> ids) throws SQLException {
        Map<UUID, DecisionFacts> found = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select id, card_account_id, channel, kind, received_at from risk.decisions "
                + "where tenant_id = ? and id = ?")) {
            for (UUID id : ids) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        found.put(id, facts(rs));
                    }
                }
            }
        }
        return found;
    }

    /** A card's decisions received at or after {@code since}, oldest first (reversals left out). */
    public static List<DecisionFacts> cardDecisionsSince(Connection c, TenantId tenant, UUID cardAccountId, Instant since)
            throws SQLException {
        List<DecisionFacts> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select id, card_account_id, channel, kind, received_at from risk.decisions "
                + "where tenant_id = ? and card_account_id = ? and received_at >= ? and kind <> 'REVERSAL' order by received_at, id")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, cardAccountId);
            ps.setObject(3, Jdbc.timestamp(since));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(facts(rs));
                }
            }
        }
        return out;
    }

    /** Whether the card account exists in this tenant. */
    public static boolean cardExists(Connection c, TenantId tenant, UUID cardAccountId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from risk.card_accounts where tenant_id = ? and id = ?")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, cardAccountId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Decisions among {@code ids} that carry a label not retracted. */
    public static List<UUID> labelled(Connection c, TenantId tenant, List<UUID> ids) throws SQLException {
        List<UUID> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select 1 from risk.fraud_labels where tenant_id = ? and decision_id = ? "
                + "and retracted_at is null limit 1")) {
            for (UUID id : ids) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        out.add(id);
                    }
                }
            }
        }
        return out;
    }

    public static void insert(Connection c, FraudLabel l) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into risk.fraud_labels (" + COLUMNS + ") values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setObject(1, l.id());
            ps.setObject(2, l.tenant().value());
            ps.setObject(3, l.decisionId());
            ps.setObject(4, l.cardAccountId());
            ps.setString(5, l.source().id());
            ps.setBoolean(6, l.fraud());
            ps.setString(7, l.network() == null ? null : l.network().id());
            ps.setString(8, l.reasonCode());
            ps.setObject(9, Jdbc.timestamp(l.knownAt()));
            ps.setString(10, l.recordedBy());
            ps.setString(11, l.note());
            ps.setObject(12, Jdbc.timestamp(l.createdAt()));
            ps.setObject(13, Jdbc.timestamp(l.retractedAt()));
            ps.setString(14, l.retractedBy());
            ps.executeUpdate();
        }
    }

    public Optional<FraudLabel> byId(TenantId tenant, UUID id) {
        return jdbc.queryOne("select " + COLUMNS + " from risk.fraud_labels where tenant_id = ? and id = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setObject(2, id);
        }, LabelStore::map);
    }

    /** Marks a standing label retracted. @return false when there is none or it already was */
    public boolean retract(TenantId tenant, UUID id, Instant at, String by) {
        return jdbc.update("update risk.fraud_labels set retracted_at = ?, retracted_by = ? where tenant_id = ? and id = ? "
                + "and retracted_at is null", ps -> {
            ps.setObject(1, Jdbc.timestamp(at));
            ps.setString(2, by);
            ps.setObject(3, tenant.value());
            ps.setObject(4, id);
        }) == 1;
    }

    /** Search filters; null means "any". {@code from}/{@code to} bound the label's known_at. */
    public record Filter(UUID decisionId, UUID cardAccountId, LabelSource source, Instant from, Instant to) {
    }

    /** Labels newest known first (retracted ones included). */
    public List<FraudLabel> search(TenantId tenant, Filter f, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from risk.fraud_labels where tenant_id = ?");
        List<Object> args = new ArrayList<>();
        args.add(tenant.value());
        condition(sql, args, "decision_id = ?", f.decisionId());
        condition(sql, args, "card_account_id = ?", f.cardAccountId());
        condition(sql, args, "source = ?", f.source() == null ? null : f.source().id());
        condition(sql, args, "known_at >= ?", f.from() == null ? null : Jdbc.timestamp(f.from()));
        condition(sql, args, "known_at < ?", f.to() == null ? null : Jdbc.timestamp(f.to()));
        sql.append(" order by known_at desc, created_at desc, id limit ").append(Math.max(1, Math.min(limit, 1000)));
        return jdbc.query(sql.toString(), ps -> {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
        }, LabelStore::map);
    }

    /**
     * Labels of decisions received in {@code [from, to)} that were known at {@code asOf}, oldest known
     * first (ties: oldest recorded first), so the last one per decision is the one that stands.
     * Retracted labels are read too: a retraction after {@code asOf} does not undo the label at {@code asOf}.
     */
    public List<FraudLabel> knownFor(TenantId tenant, Instant from, Instant to, Instant asOf) {
        return knownFor(tenant, null, from, to, asOf);
    }

    /** {@link #knownFor(TenantId, Instant, Instant, Instant)} for one card's decisions only, or every card's when null. */
    public List<FraudLabel> knownFor(TenantId tenant, UUID cardAccountId, Instant from, Instant to, Instant asOf) {
        return jdbc.query("select l.id, l.tenant_id, l.decision_id, l.card_account_id, l.source, l.fraud, l.network, l.reason_code, "
                + "l.known_at, l.recorded_by, l.note, l.created_at, l.retracted_at, l.retracted_by from risk.fraud_labels l "
                + "join risk.decisions d on d.id = l.decision_id and d.tenant_id = l.tenant_id "
                + "where l.tenant_id = ? and d.received_at >= ? and d.received_at < ? and l.known_at <= ? "
                + "and (l.retracted_at is null or l.retracted_at > ?)" + (cardAccountId == null ? "" : " and l.card_account_id = ?")
                + " order by l.known_at, l.created_at, l.id", ps -> {
            ps.setObject(1, tenant.value());
            ps.setObject(2, Jdbc.timestamp(from));
            ps.setObject(3, Jdbc.timestamp(to));
            ps.setObject(4, Jdbc.timestamp(asOf));
            ps.setObject(5, Jdbc.timestamp(asOf));
            if (cardAccountId != null) {
                ps.setObject(6, cardAccountId);
            }
        }, LabelStore::map);
    }

    private static void condition(StringBuilder sql, List<Object> args, String condition, Object value) {
        if (value != null) {
            sql.append(" and ").append(condition);
            args.add(value);
        }
    }

    private static DecisionFacts facts(ResultSet rs) throws SQLException {
        return new DecisionFacts(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                Jdbc.instant(rs, "received_at"));
    }

    static FraudLabel map(ResultSet rs) throws SQLException {
        String network = rs.getString("network");
        return new FraudLabel(rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)),
                rs.getObject("decision_id", UUID.class), rs.getObject("card_account_id", UUID.class),
                LabelSource.fromId(rs.getString("source")), rs.getBoolean("fraud"), network == null ? null : CardNetwork.fromId(network),
                rs.getString("reason_code"), Jdbc.instant(rs, "known_at"), rs.getString("recorded_by"), rs.getString("note"),
                Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "retracted_at"), rs.getString("retracted_by"));
    }
}
