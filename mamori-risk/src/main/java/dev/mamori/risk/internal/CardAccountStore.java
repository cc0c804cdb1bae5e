package dev.mamori.risk.internal;

import dev.mamori.common.CardBrand;
import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.risk.CardAccount;
import dev.mamori.risk.CardStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Collection;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL for {@code risk.card_accounts}. Open-to-buy changes are single conditional updates, so concurrent approvals never overdraw. */
public final class CardAccountStore {
    private static final String COLUMNS = "id, tenant_id, fingerprint, brand, bin, last4, expiry_month, expiry_year, service_code, "
            + "status, currency, credit_limit_minor, held_minor, cvk_name, at_risk_since, at_risk_reason, created_at, updated_at";

    private final Jdbc jdbc;

    public CardAccountStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts in a transaction of its own or a savepoint of the caller's, so a unique violation leaves the caller's usable. */
    public void insert(CardAccount a) {
        jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into risk.card_accounts (" + COLUMNS + ") values "
                    + "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                bind(ps, a);
                return ps.executeUpdate();
            }
        });
    }

    private static void bind(PreparedStatement ps, CardAccount a) throws SQLException {
        ps.setObject(1, a.id());
        ps.setObject(2, a.tenant().value());
        ps.setString(3, a.fingerprint());
        ps.setString(4, a.brand().id());
        ps.setString(5, a.bin());
        ps.setString(6, a.last4());
        ps.setInt(7, a.expiry().getMonthValue());
        ps.setInt(8, a.expiry().getYear());
        ps.setString(9, a.serviceCode());
        ps.setString(10, a.status().id());
        ps.setString(11, a.currency().getCurrencyCode());
        ps.setLong(12, a.creditLimitMinor());
        ps.setLong(13, a.heldMinor());
        ps.setString(14, a.cvkName());
        ps.setObject(15, Jdbc.timestamp(a.atRiskSince()));
        ps.setString(16, a.atRiskReason());
        ps.setObject(17, Jdbc.timestamp(a.createdAt()));
        ps.setObject(18, Jdbc.timestamp(a.updatedAt()));
    }

    public Optional<CardAccount> byFingerprint(TenantId tenant, String fingerprint) {
        return jdbc.queryOne("select " + COLUMNS + " from risk.card_accounts where tenant_id = ? and fingerprint = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setString(2, fingerprint);
        }, CardAccountStore::map);
    }

    public Optional<CardAccount> byId(TenantId tenant, UUID id) {
        return jdbc.queryOne("select " + COLUMNS + " from risk.card_accounts where tenant_id = ? and id = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setObject(2, id);
        }, CardAccountStore::map);
    }

    public List<CardAccount> list(TenantId tenant, String last4, boolean atRiskOnly, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from risk.card_accounts where tenant_id = ?");
        if (last4 != null) {
            sql.append(" and last4 = ?");
        }
        if (atRiskOnly) {
            sql.append(" and at_risk_since is not null");
        }
        sql.append(" order by created_at desc, id limit ").append(limit);
        return jdbc.query(sql.toString(), ps -> {
            ps.setObject(1, tenant.value());
            if (last4 != null) {
                ps.setString(2, last4);
            }
        }, CardAccountStore::map);
    }

    public boolean update(TenantId tenant, UUID id, CardStatus status, Long creditLimitMinor, String cvkName, Instant now) {
        return jdbc.update("update risk.card_accounts set status = coalesce(?, status), credit_limit_minor = coalesce(?, credit_limit_minor), "
                + "cvk_name = coalesce(?, cvk_name), updated_at = ? where tenant_id = ? and id = ?", ps -> {
            ps.setString(1, status == null ? null : status.id());
            ps.setObject(2, creditLimitMinor);
            ps.setString(3, cvkName);
            ps.setObject(4, Jdbc.timestamp(now));
            ps.setObject(5, tenant.value());
            ps.setObject(6, id);
        }) == 1;
    }

    /** Holds {@code amount} against open-to-buy when it fits; false (nothing changed) when it does not. */
    public static boolean hold(Connection c, UUID account, long amount) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update risk.card_accounts set held_minor = held_minor + ? "
                + "where id = ? and credit_limit_minor - held_minor >= ?")) {
            ps.setLong(1, amount);
            ps.setObject(2, account);
            ps.setLong(3, amount);
            return ps.executeUpdate() == 1;
        }
    }

    /** Releases a hold (a reversal); never below zero. */
    public static void release(Connection c, UUID account, long amount) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update risk.card_accounts set held_minor = "
                + "case when held_minor > ? then held_minor - ? else 0 end where id = ?")) {
            ps.setLong(1, amount);
            ps.setLong(2, amount);
            ps.setObject(3, account);
            ps.executeUpdate();
        }
    }

    /** Flags cards a card-testing source got approvals for: their numbers are now known to the attacker. */
    public int markAtRisk(TenantId tenant, Collection<UUID> accounts, String reason, Instant now) {
        int marked = 0;
        for (UUID account : accounts) {
            marked += jdbc.update("update risk.card_accounts set at_risk_since = ?, at_risk_reason = ?, updated_at = ? "
                    + "where tenant_id = ? and id = ? and at_risk_since is null", ps -> {
                ps.setObject(1, Jdbc.timestamp(now));
                ps.setString(2, reason);
                ps.setObject(3, Jdbc.timestamp(now));
                ps.setObject(4, tenant.value());
                ps.setObject(5, account);
            });
        }
        return marked;
    }

    private static CardAccount map(ResultSet rs) throws SQLException {
        return new CardAccount(
                rs.getObject("id", UUID.class),
                new TenantId(rs.getObject("tenant_id", UUID.class)),
                rs.getString("fingerprint"),
                CardBrand.fromId(rs.getString("brand")),
                rs.getString("bin"),
                rs.getString("last4"),
                YearMonth.of(rs.getInt("expiry_year"), rs.getInt("expiry_month")),
                rs.getString("service_code"),
                CardStatus.fromId(rs.getString("status")),
                Currency.getInstance(rs.getString("currency")),
                rs.getLong("credit_limit_minor"),
                rs.getLong("held_minor"),
                rs.getString("cvk_name"),
                Jdbc.instant(rs, "at_risk_since"),
                rs.getString("at_risk_reason"),
                Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "updated_at"));
    }
}
