package dev.mamori.phishing.internal;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.lookalike.LookalikeMatch;
import dev.mamori.phishing.lookalike.MatchStatus;
import dev.mamori.phishing.lookalike.ScanSource;
import dev.mamori.phishing.lookalike.StoredMatch;
import dev.mamori.phishing.lookalike.Technique;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Table {@code phishing.lookalike_matches}. */
public final class LookalikeMatchStore {
    private static final String COLUMNS = "id, observed, brand, score, technique, source, first_seen, last_seen, status";
    private final Jdbc jdbc;

    public LookalikeMatchStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records {@code matches} seen now: new ones as {@code new}, known ones get {@code last_seen}, the
     * source and (when higher) the score and technique; their status stays. All in one transaction.
     */
    public List<StoredMatch> record(TenantId tenant, List<LookalikeMatch> matches, ScanSource source, Instant now) {
        // Two scans that see the same new name at once both find no row and both insert; the loser's
        // transaction is rolled back on the unique key and run again, when it finds the row and updates it.
        for (int attempt = 1; ; attempt++) {
            try {
                return recordOnce(tenant, matches, source, now);
            } catch (RuntimeException e) {
                if (attempt == 3 || !Jdbc.isUniqueViolation(e)) {
                    throw e;
                }
            }
        }
    }

    private List<StoredMatch> recordOnce(TenantId tenant, List<LookalikeMatch> matches, ScanSource source, Instant now) {
        return jdbc.inTransaction(c -> {
            List<StoredMatch> out = new ArrayList<>(matches.size());
            try (PreparedStatement find = c.prepareStatement("select " + COLUMNS
                    + " from phishing.lookalike_matches where tenant_id = ? and observed = ? and brand = ?");
                 PreparedStatement update = c.prepareStatement("update phishing.lookalike_matches set last_seen = ?, source = ?,"
                         + " score = ?, technique = ? where id = ?");
                 PreparedStatement insert = c.prepareStatement("insert into phishing.lookalike_matches (tenant_id, observed, brand,"
                         + " score, technique, source, first_seen, last_seen, status) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         new String[] {"id"})) {
                for (LookalikeMatch match : matches) {
                    find.setObject(1, tenant.value());
                    find.setString(2, match.observed());
                    find.setString(3, match.brand().ascii());
                    StoredMatch existing = null;
                    try (ResultSet rs = find.executeQuery()) {
                        if (rs.next()) {
                            existing = map(rs);
                        }
                    }
                    if (existing != null) {
                        LookalikeMatch best = match.score() > existing.match().score() ? match : existing.match();
                        update.setObject(1, Jdbc.timestamp(now));
                        update.setString(2, source.id());
                        update.setDouble(3, best.score());
                        update.setString(4, best.technique().id());
                        update.setLong(5, existing.id());
                        update.executeUpdate();
                        out.add(new StoredMatch(existing.id(), best, source, existing.firstSeen(), Jdbc.timestamp(now).toInstant(),
                                existing.status()));
                    } else {
                        insert.setObject(1, tenant.value());
                        insert.setString(2, match.observed());
                        insert.setString(3, match.brand().ascii());
                        insert.setDouble(4, match.score());
                        insert.setString(5, match.technique().id());
                        insert.setString(6, source.id());
                        insert.setObject(7, Jdbc.timestamp(now));
                        insert.setObject(8, Jdbc.timestamp(now));
                        insert.setString(9, MatchStatus.NEW.id());
                        insert.executeUpdate();
                        long id;
                        try (ResultSet keys = insert.getGeneratedKeys()) {
                            keys.next();
                            id = keys.getLong(1);
                        }
                        Instant seen = Jdbc.timestamp(now).toInstant();
                        out.add(new StoredMatch(id, match, source, seen, seen, MatchStatus.NEW));
                    }
                }
            }
            return out;
        });
    }

    /** The tenant's matches, best score first, filtered by any of brand, status and minimum score. */
    public List<StoredMatch> list(TenantId tenant, DomainName brand, MatchStatus status, double minScore, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from phishing.lookalike_matches where tenant_id = ? and score >= ?");
        if (brand != null) {
            sql.append(" and brand = ?");
        }
        if (status != null) {
            sql.append(" and status = ?");
        }
        sql.append(" order by score desc, last_seen desc, id limit ?");
        return jdbc.query(sql.toString(), ps -> {
            int i = 1;
            ps.setObject(i++, tenant.value());
            ps.setDouble(i++, minScore);
            if (brand != null) {
                ps.setString(i++, brand.ascii());
            }
            if (status != null) {
                ps.setString(i++, status.id());
            }
            ps.setInt(i, limit);
        }, LookalikeMatchStore::map);
    }

    public long count(TenantId tenant) {
        return jdbc.queryOne("select count(*) from phishing.lookalike_matches where tenant_id = ?",
                ps -> ps.setObject(1, tenant.value()), rs -> rs.getLong(1)).orElse(0L);
    }

    public Optional<StoredMatch> find(TenantId tenant, long id) {
        return jdbc.queryOne("select " + COLUMNS + " from phishing.lookalike_matches where tenant_id = ? and id = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setLong(2, id);
        }, LookalikeMatchStore::map);
    }

    /** @return whether the tenant has a match with this id */
    public boolean setStatus(TenantId tenant, long id, MatchStatus status, String actor) {
        return jdbc.update("update phishing.lookalike_matches set status = ?, updated_by = ? where tenant_id = ? and id = ?", ps -> {
            ps.setString(1, status.id());
            ps.setString(2, actor);
            ps.setObject(3, tenant.value());
            ps.setLong(4, id);
        }) > 0;
    }

    private static StoredMatch map(ResultSet rs) throws SQLException {
        LookalikeMatch match = new LookalikeMatch(rs.getString("observed"), DomainName.of(rs.getString("brand")), rs.getDouble("score"),
                Technique.ofId(rs.getString("technique")));
        return new StoredMatch(rs.getLong("id"), match, ScanSource.ofId(rs.getString("source")), Jdbc.instant(rs, "first_seen"),
                Jdbc.instant(rs, "last_seen"), MatchStatus.ofId(rs.getString("status")));
    }
}
