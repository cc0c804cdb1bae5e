package dev.mamori.risk.internal;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.risk.Action;
import dev.mamori.risk.CardActivity;
import dev.mamori.risk.Channel;
import dev.mamori.risk.LoggedDecision;
import dev.mamori.risk.MessageKind;
import dev.mamori.risk.ResponseCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/** SQL for {@code risk.decisions}, the durable decision log. */
public final class DecisionStore {
    static final String COLUMNS = "id, tenant_id, kind, source, received_at, dedup_key, stan, rrn, terminal_id, merchant_id, "
            + "merchant_name, merchant_country, mcc, channel, card_account_id, card_fingerprint, bin, last4, amount_minor, "
            + "currency, device_id, ip, email, delivery_address, address_key, eci, three_ds_status, response_code, action, "
            + "approval_code, reasons, fired_rules, rule_version, score, fallback, latency_micros, held_minor, cvc_failed, "
            + "original_id, reversed_at, model_version, model_reasons, shadow_model_version, shadow_score, three_ds_value_check, "
            + "liability_shift";

    private final Jdbc jdbc;

    public DecisionStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts inside the caller's transaction; a duplicate dedup key raises a unique violation.
     *
     * @param sender who sent the message (the calling tenant for JSON): lets an acquirer find its own
     *     authorizations of another issuer's cards
     */
    public static void insert(Connection c, LoggedDecision d, String dedupKey, String sender) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into risk.decisions (" + COLUMNS + ", sender) values "
                + "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            int i = 1;
            ps.setObject(i++, d.id());
            ps.setObject(i++, d.tenant().value());
            ps.setString(i++, d.kind().name());
            ps.setString(i++, d.source());
            ps.setObject(i++, Jdbc.timestamp(d.receivedAt()));
            ps.setString(i++, dedupKey);
            ps.setString(i++, clip(d.stan(), 12));
            ps.setString(i++, clip(d.rrn(), 12));
            ps.setString(i++, clip(d.terminalId(), 16));
            ps.setString(i++, clip(d.merchantId(), 15));
            ps.setString(i++, clip(d.merchantName(), 40));
            ps.setString(i++, d.merchantCountry());
            ps.setString(i++, clip(d.mcc(), 4));
            ps.setString(i++, d.channel().id());
            ps.setObject(i++, d.cardAccountId());
            ps.setString(i++, d.cardFingerprint());
            ps.setString(i++, d.bin());
            ps.setString(i++, d.last4());
            ps.setLong(i++, d.amountMinor());
            ps.setString(i++, d.currency());
            ps.setString(i++, clip(d.deviceId(), 128));
            ps.setString(i++, clip(d.ip(), 64));
            ps.setString(i++, clip(d.email(), 254));
            ps.setString(i++, clip(d.deliveryAddress(), 300));
            ps.setString(i++, clip(d.addressKey(), 300));
            ps.setString(i++, clip(d.eci(), 2));
            ps.setString(i++, clip(d.threeDsStatus(), 1));
            ps.setString(i++, d.responseCode().code());
            ps.setString(i++, d.action().id());
            ps.setString(i++, d.approvalCode());
            ps.setString(i++, clip(d.reasons(), 1000));
            ps.setString(i++, clipItems(d.firedRules(), 4000));
            if (d.ruleVersion() == null) {
                ps.setNull(i++, Types.INTEGER);
            } else {
                ps.setInt(i++, d.ruleVersion());
            }
            if (d.score() == null) {
                ps.setNull(i++, Types.DOUBLE);
            } else {
                ps.setDouble(i++, d.score());
            }
            ps.setString(i++, d.fallback());
            ps.setLong(i++, d.latencyMicros());
            ps.setLong(i++, d.heldMinor());
            ps.setBoolean(i++, d.cvcFailed());
            ps.setObject(i++, d.originalId());
            ps.setObject(i++, Jdbc.timestamp(d.reversedAt()));
            setInteger(ps, i++, d.modelVersion());
            ps.setString(i++, clipItems(d.modelReasons(), 400));
            setInteger(ps, i++, d.shadowModelVersion());
            if (d.shadowScore() == null) {
                ps.setNull(i++, Types.DOUBLE);
            } else {
                ps.setDouble(i++, d.shadowScore());
            }
            ps.setString(i++, d.threeDsValueCheck());
            ps.setBoolean(i++, d.liabilityShift());
            ps.setString(i, sender == null ? null : clip(sender, 64));
            ps.executeUpdate();
        }
    }

    /** Whether an authorization has already accepted the authentication value with this hash. */
    public boolean authenticationValueUsed(String valueHash) {
        return jdbc.queryOne("select 1 from risk.authentication_values_used where value_hash = ?", ps -> ps.setString(1, valueHash),
                rs -> Boolean.TRUE).isPresent();
    }

    /**
     * Records the value as used by {@code decisionId}, inside the decision's transaction.
     *
     * @return false when another authorization recorded it first
     */
    public static boolean useAuthenticationValue(Connection c, String valueHash, TenantId tenant, UUID decisionId, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into risk.authentication_values_used (value_hash, tenant_id, decision_id,"
                + " used_at) values (?, ?, ?, ?) on conflict do nothing")) {
            ps.setString(1, valueHash);
            ps.setObject(2, tenant.value());
            ps.setObject(3, decisionId);
            ps.setObject(4, Jdbc.timestamp(at));
            return ps.executeUpdate() == 1;
        }
    }

    public Optional<LoggedDecision> byDedupKey(TenantId tenant, String dedupKey) {
        return jdbc.queryOne("select " + COLUMNS + " from risk.decisions where tenant_id = ? and dedup_key = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setString(2, dedupKey);
        }, DecisionStore::map);
    }

    /** A decision of any issuer tenant that {@code sender} sent (an acquirer's own authorization of another issuer's card). */
    public Optional<LoggedDecision> byIdSentBy(String sender, UUID id) {
        return jdbc.queryOne("select " + COLUMNS + " from risk.decisions where sender = ? and id = ?", ps -> {
            ps.setString(1, sender);
            ps.setObject(2, id);
        }, DecisionStore::map);
    }

    public Optional<LoggedDecision> byId(TenantId tenant, UUID id) {
        return jdbc.queryOne("select " + COLUMNS + " from risk.decisions where tenant_id = ? and id = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setObject(2, id);
        }, DecisionStore::map);
    }

    /**
     * The authorization or financial message a reversal names: same terminal, merchant, STAN and
     * card, and the RRN when the reversal carries one; newest first.
     */
    public Optional<LoggedDecision> originalOf(TenantId tenant, String terminalId, String merchantId, String stan, String rrn,
                                               String fingerprint) {
        return jdbc.queryOne("select " + COLUMNS + " from risk.decisions where tenant_id = ? and terminal_id = ? and stan = ? "
                + "and merchant_id = ? and card_fingerprint = ? and (? = '' or rrn = ?) and kind <> 'REVERSAL' "
                + "order by received_at desc limit 1", ps -> {
            ps.setObject(1, tenant.value());
            ps.setString(2, terminalId);
            ps.setString(3, stan);
            ps.setString(4, merchantId);
            ps.setString(5, fingerprint);
            ps.setString(6, rrn == null ? "" : rrn);
            ps.setString(7, rrn == null ? "" : rrn);
        }, DecisionStore::map);
    }

    /** Whether a reversal of this trace and card was logged before the message it reverses arrived. */
    public static boolean reversedBeforeArrival(Connection c, TenantId tenant, String terminalId, String merchantId, String stan,
                                                String fingerprint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from risk.decisions where tenant_id = ? and terminal_id = ? "
                + "and stan = ? and merchant_id = ? and card_fingerprint = ? and kind = 'REVERSAL' and original_id is null")) {
            ps.setObject(1, tenant.value());
            ps.setString(2, terminalId);
            ps.setString(3, stan);
            ps.setString(4, merchantId);
            ps.setString(5, fingerprint);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Marks an original as reversed once; false when it already was (a second reversal releases nothing). */
    public static boolean markReversed(Connection c, UUID original, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update risk.decisions set reversed_at = ? where id = ? and reversed_at is null")) {
            ps.setObject(1, Jdbc.timestamp(at));
            ps.setObject(2, original);
            return ps.executeUpdate() == 1;
        }
    }

    /** Search filters; null means "any". */
    public record Filter(UUID cardAccountId, String last4, String responseCode, String reason, String deviceId, String ip,
                         String email, String merchantId, Instant from, Instant to) {
    }

    public List<LoggedDecision> search(TenantId tenant, Filter f, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from risk.decisions where tenant_id = ?");
        List<Object> args = new ArrayList<>();
        args.add(tenant.value());
        condition(sql, args, "card_account_id = ?", f.cardAccountId());
        condition(sql, args, "last4 = ?", f.last4());
        condition(sql, args, "response_code = ?", f.responseCode());
        condition(sql, args, "reasons like ?", f.reason() == null ? null : "%" + f.reason().replace("%", "") + "%");
        condition(sql, args, "device_id = ?", f.deviceId());
        condition(sql, args, "ip = ?", f.ip());
        condition(sql, args, "email = ?", f.email());
        condition(sql, args, "merchant_id = ?", f.merchantId());
        condition(sql, args, "received_at >= ?", f.from() == null ? null : Jdbc.timestamp(f.from()));
        condition(sql, args, "received_at < ?", f.to() == null ? null : Jdbc.timestamp(f.to()));
        sql.append(" order by received_at desc, id limit ").append(Math.max(1, Math.min(limit, 1000)));
        return jdbc.query(sql.toString(), ps -> {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
        }, DecisionStore::map);
    }

    /** A card's decisions in {@code [from, to)}, newest first, at most {@code limit}: the few columns {@link CardActivity} has. */
    public List<CardActivity> cardActivity(TenantId tenant, UUID cardAccountId, Instant from, Instant to, int limit) {
        return jdbc.query("select id, received_at, kind, response_code, action, amount_minor, currency from risk.decisions "
                + "where tenant_id = ? and card_account_id = ? and received_at >= ? and received_at < ? order by received_at desc, id limit "
                + Math.max(1, Math.min(limit, 1000)), ps -> {
                    ps.setObject(1, tenant.value());
                    ps.setObject(2, cardAccountId);
                    ps.setObject(3, Jdbc.timestamp(from));
                    ps.setObject(4, Jdbc.timestamp(to));
                }, rs -> new CardActivity(rs.getObject(1, UUID.class), Jdbc.instant(rs, "received_at"), MessageKind.valueOf(rs.getString(3)),
                        ResponseCode.fromCode(rs.getString(4)), Action.valueOf(rs.getString(5).toUpperCase(java.util.Locale.ROOT)), rs.getLong(6),
                        rs.getString(7)));
    }

    /** Authorizations and financial messages logged in {@code [from, to)}. */
    public long count(TenantId tenant, Instant from, Instant to) {
        return jdbc.queryOne("select count(*) from risk.decisions where tenant_id = ? and received_at >= ? and received_at < ? "
                + "and kind <> 'REVERSAL'", ps -> {
            ps.setObject(1, tenant.value());
            ps.setObject(2, Jdbc.timestamp(from));
            ps.setObject(3, Jdbc.timestamp(to));
        }, rs -> rs.getLong(1)).orElse(0L);
    }

    /** The currency most of a tenant's payments in {@code [from, to)} were in, or empty when there were none. */
    public Optional<String> mainCurrency(TenantId tenant, Instant from, Instant to) {
        return jdbc.queryOne("select currency, count(*) as n from risk.decisions where tenant_id = ? and received_at >= ? "
                + "and received_at < ? and kind <> 'REVERSAL' group by currency order by n desc, currency limit 1", ps -> {
            ps.setObject(1, tenant.value());
            ps.setObject(2, Jdbc.timestamp(from));
            ps.setObject(3, Jdbc.timestamp(to));
        }, rs -> rs.getString(1));
    }

    /** The response code and fired rules of a decision on which a shadow rule fired. */
    public record ShadowRow(String responseCode, String firedRules) {
    }

    /** Decisions in {@code [from, to)} on which some shadow rule fired, newest first. */
    public List<ShadowRow> withShadowRules(TenantId tenant, Instant from, Instant to, int limit) {
        // Names and reasons are URL-encoded in the column, so "|shadow" only ever marks a shadow rule.
        return jdbc.query("select response_code, fired_rules from risk.decisions where tenant_id = ? and received_at >= ? "
                + "and received_at < ? and kind <> 'REVERSAL' and fired_rules like '%|shadow%' order by received_at desc limit " + limit,
                ps -> {
                    ps.setObject(1, tenant.value());
                    ps.setObject(2, Jdbc.timestamp(from));
                    ps.setObject(3, Jdbc.timestamp(to));
                }, rs -> new ShadowRow(rs.getString(1), rs.getString(2)));
    }

    /**
     * Cards a source got approved in a period: the numbers a card tester now knows are valid.
     * E-mail addresses are logged in lower case, as card testing counts them.
     */
    public List<UUID> approvedCardsFrom(TenantId tenant, String column, String value, Instant since) {
        return jdbc.query("select distinct card_account_id from risk.decisions where tenant_id = ? and " + sourceColumn(column) + " = ? "
                + "and received_at >= ? and response_code = '00' and card_account_id is not null", ps -> {
            ps.setObject(1, tenant.value());
            ps.setString(2, value);
            ps.setObject(3, Jdbc.timestamp(since));
        }, rs -> rs.getObject(1, UUID.class));
    }

    /** Whether a source (device_id, ip, email) tried the card with this fingerprint since {@code since}. */
    public boolean cardUsedFrom(TenantId tenant, String column, String value, String fingerprint, Instant since) {
        return jdbc.queryOne("select 1 from risk.decisions where tenant_id = ? and " + sourceColumn(column) + " = ? "
                + "and card_fingerprint = ? and received_at >= ? and kind <> 'REVERSAL' limit 1", ps -> {
            ps.setObject(1, tenant.value());
            ps.setString(2, value);
            ps.setString(3, fingerprint);
            ps.setObject(4, Jdbc.timestamp(since));
        }, rs -> Boolean.TRUE).isPresent();
    }

    private static String sourceColumn(String column) {
        return switch (column) {
            case "device_id", "ip", "merchant_id" -> column;
            case "email" -> "email"; // stored in lower case
            default -> throw new IllegalArgumentException("not a source column: " + column);
        };
    }

    /** Every decision since {@code since}, oldest first, for rebuilding in-memory feature state after a restart. */
    public int replay(Instant since, Consumer<LoggedDecision> sink) {
        return jdbc.run(c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from risk.decisions where received_at >= ? "
                    + "and kind <> 'REVERSAL' order by received_at, id")) {
                ps.setFetchSize(1000);
                ps.setObject(1, Jdbc.timestamp(since));
                int count = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(map(rs));
                        count++;
                    }
                }
                return count;
            }
        });
    }

    /** One tenant's decisions (reversals excluded) received in [from, to), oldest first, streamed. @return how many */
    public int replay(TenantId tenant, Instant from, Instant to, Consumer<LoggedDecision> sink) {
        return jdbc.run(c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from risk.decisions where tenant_id = ? "
                    + "and received_at >= ? and received_at < ? and kind <> 'REVERSAL' order by received_at, id")) {
                ps.setFetchSize(1000);
                ps.setObject(1, tenant.value());
                ps.setObject(2, Jdbc.timestamp(from));
                ps.setObject(3, Jdbc.timestamp(to));
                int count = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(map(rs));
                        count++;
                    }
                }
                return count;
            }
        });
    }

    private static void condition(StringBuilder sql, List<Object> args, String condition, Object value) {
        if (value != null && !(value instanceof String s && s.isBlank())) {
            sql.append(" and ").append(condition);
            args.add(value);
        }
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    /**
     * Fired rules that do not fit the column are left out whole: a rule cut in its "shadow" flag
     * would read back as enforced. Items are separated by {@code ;}, which never occurs inside one.
     */
    static String clipItems(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = text.lastIndexOf(';', max);
        return end < 0 ? "" : text.substring(0, end);
    }

    static LoggedDecision map(ResultSet rs) throws SQLException {
        int ruleVersion = rs.getInt("rule_version");
        boolean noRuleVersion = rs.wasNull();
        double score = rs.getDouble("score");
        boolean noScore = rs.wasNull();
        return new LoggedDecision(
                rs.getObject("id", UUID.class),
                new TenantId(rs.getObject("tenant_id", UUID.class)),
                MessageKind.valueOf(rs.getString("kind")),
                rs.getString("source"),
                Jdbc.instant(rs, "received_at"),
                rs.getString("stan"),
                rs.getString("rrn"),
                rs.getString("terminal_id"),
                rs.getString("merchant_id"),
                rs.getString("merchant_name"),
                rs.getString("merchant_country"),
                rs.getString("mcc"),
                Channel.fromId(rs.getString("channel")),
                rs.getObject("card_account_id", UUID.class),
                rs.getString("card_fingerprint"),
                rs.getString("bin"),
                rs.getString("last4"),
                rs.getLong("amount_minor"),
                rs.getString("currency"),
                rs.getString("device_id"),
                rs.getString("ip"),
                rs.getString("email"),
                rs.getString("delivery_address"),
                rs.getString("address_key"),
                rs.getString("eci"),
                rs.getString("three_ds_status"),
                ResponseCode.fromCode(rs.getString("response_code")),
                Action.valueOf(rs.getString("action").toUpperCase(java.util.Locale.ROOT)),
                rs.getString("approval_code"),
                rs.getString("reasons"),
                rs.getString("fired_rules"),
                noRuleVersion ? null : ruleVersion,
                noScore ? null : score,
                rs.getString("fallback"),
                rs.getLong("latency_micros"),
                rs.getLong("held_minor"),
                rs.getBoolean("cvc_failed"),
                rs.getObject("original_id", UUID.class),
                Jdbc.instant(rs, "reversed_at"),
                integer(rs, "model_version"),
                rs.getString("model_reasons"),
                integer(rs, "shadow_model_version"),
                shadowScore(rs),
                rs.getString("three_ds_value_check"),
                rs.getBoolean("liability_shift"));
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static Double shadowScore(ResultSet rs) throws SQLException {
        double v = rs.getDouble("shadow_score");
        return rs.wasNull() ? null : v;
    }

    private static void setInteger(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }
}
