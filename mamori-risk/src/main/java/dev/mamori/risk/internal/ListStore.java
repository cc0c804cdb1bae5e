package dev.mamori.risk.internal;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.risk.StoredListEntry;
import dev.mamori.risk.lists.ListEntry;
import dev.mamori.risk.lists.ListKind;
import dev.mamori.risk.lists.ListType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/** SQL for block and allow list entries. */
public final class ListStore {
    private final Jdbc jdbc;

    public ListStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** @return the new id; a unique violation when the tenant has the same canonical value on the same list */
    public long insert(TenantId tenant, ListEntry e, String matchKey, String createdBy, Instant now) {
        return jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into risk.list_entries (tenant_id, kind, list_type, entry_value, match_key, "
                    + "source, reason, expires_at, created_by, created_at) values (?,?,?,?,?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setObject(1, tenant.value());
                ps.setString(2, e.kind().name());
                ps.setString(3, e.type().name());
                ps.setString(4, e.value());
                ps.setString(5, matchKey);
                ps.setString(6, e.source());
                ps.setString(7, e.reason());
                ps.setObject(8, Jdbc.timestamp(e.expiresAt()));
                ps.setString(9, createdBy);
                ps.setObject(10, Jdbc.timestamp(now));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    public boolean delete(TenantId tenant, long id) {
        return jdbc.update("delete from risk.list_entries where tenant_id = ? and id = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setLong(2, id);
        }) == 1;
    }

    public List<StoredListEntry> list(TenantId tenant) {
        return jdbc.query("select * from risk.list_entries where tenant_id = ? order by created_at desc, id desc",
                ps -> ps.setObject(1, tenant.value()), ListStore::map);
    }

    private static StoredListEntry map(ResultSet rs) throws SQLException {
        ListEntry entry = new ListEntry(ListKind.valueOf(rs.getString("kind")), ListType.valueOf(rs.getString("list_type")),
                rs.getString("entry_value"), rs.getString("source"), rs.getString("reason"), Jdbc.instant(rs, "expires_at"), rs.getLong("id"));
        return new StoredListEntry(entry, rs.getString("created_by"), Jdbc.instant(rs, "created_at"));
    }
}
