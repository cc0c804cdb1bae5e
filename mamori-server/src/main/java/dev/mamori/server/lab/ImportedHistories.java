package dev.mamori.server.lab;

import dev.mamori.common.CardNumberDetector;
import dev.mamori.common.TenantId;
import dev.mamori.lab.data.HistorySchema;
import dev.mamori.lab.data.LabelledTransaction;
import dev.mamori.risk.Channel;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Labelled transaction histories a tenant imported, stored as datasets (tables
 * {@code risk.labelled_histories} and {@code risk.labelled_history_rows}) so the lab can train and
 * evaluate on them: {@link #load} gives back the rows as {@code LabelledHistoryCsv} read them.
 * Card numbers were replaced by keyed hashes on reading; {@link #save} refuses a row that still
 * holds one in any stored column. Call {@link #save} inside a transaction: a dataset is stored whole or not at all.
 */
@Component
public class ImportedHistories {
    static final int MAX_EXTRA_CHARS = 100_000;
    private static final TypeReference<LinkedHashMap<String, String>> EXTRA = new TypeReference<>() {
    };

    /** One dataset. @param firstAt the first payment's time (null when empty), @param lastAt the last's */
    public record Dataset(UUID id, TenantId tenant, String name, String schema, int rows, int fraudRows, Instant firstAt, Instant lastAt,
                          Duration labelDelay, List<String> extraColumns, String createdBy, Instant createdAt) {
    }

    /** A row that cannot be stored. @param line the CSV line (2 for the first row after the header) */
    public record RowProblem(long line, String column, String rule) {
    }

    /** Thrown by {@link #save} when rows cannot be stored (each named by line, column and rule); nothing is stored. */
    public static final class RowsRefused extends RuntimeException {
        private final List<RowProblem> problems;

        RowsRefused(List<RowProblem> problems) {
            super(problems.size() + " rows cannot be stored");
            this.problems = List.copyOf(problems);
        }

        public List<RowProblem> problems() {
            return problems;
        }
    }

    /** Thrown when the tenant already has a dataset of that name. */
    public static final class DuplicateName extends RuntimeException {
        DuplicateName() {
            super("a dataset of this name exists");
        }
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    ImportedHistories(JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Stores a read history as a new dataset.
     *
     * @param rows the rows in file order (row i is CSV line i + 2)
     * @throws RowsRefused when a row holds a card number or a value too long for its column
     * @throws DuplicateName when the tenant has a dataset of this name
     */
    public Dataset save(TenantId tenant, String name, HistorySchema schema, Duration labelDelay, List<LabelledTransaction> rows,
                        List<String> extraColumns, String createdBy) {
        List<RowProblem> problems = new ArrayList<>();
        List<String> extras = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            extras.add(check(rows.get(i), i + 2L, schema, problems));
        }
        if (!problems.isEmpty()) {
            throw new RowsRefused(problems);
        }
        Integer existing = jdbc.queryForObject("select count(*) from risk.labelled_histories where tenant_id = ? and name = ?", Integer.class,
                tenant.value(), name);
        if (existing != null && existing > 0) {
            throw new DuplicateName();
        }
        UUID id = UUID.randomUUID();
        Instant first = rows.stream().map(LabelledTransaction::time).min(Instant::compareTo).orElse(null);
        Instant last = rows.stream().map(LabelledTransaction::time).max(Instant::compareTo).orElse(null);
        int fraud = (int) rows.stream().filter(LabelledTransaction::fraud).count();
        Instant now = clock.instant();
        String extraColumnsText = String.join("\n", extraColumns);
        if (extraColumnsText.length() > 4000) {
            extraColumnsText = extraColumnsText.substring(0, extraColumnsText.lastIndexOf('\n', 4000) < 0 ? 0
                    : extraColumnsText.lastIndexOf('\n', 4000));
        }
        jdbc.update("insert into risk.labelled_histories (id, tenant_id, name, history_schema, row_count, fraud_count, first_at, last_at, "
                + "label_delay_seconds, extra_columns, created_by, created_at) values (?,?,?,?,?,?,?,?,?,?,?,?)", id, tenant.value(), name,
                schema.name(), rows.size(), fraud, ts(first), ts(last), labelDelay.toSeconds(), extraColumnsText, createdBy, ts(now));
        int batch = 1000;
        for (int from = 0; from < rows.size(); from += batch) {
            int start = from;
            List<LabelledTransaction> slice = rows.subList(from, Math.min(rows.size(), from + batch));
            jdbc.batchUpdate("insert into risk.labelled_history_rows (history_id, seq, card_key, bin, occurred_at, amount_minor, amount_major, "
                    + "currency, merchant_id, terminal_id, mcc, merchant_country, channel, device_id, ip, email, delivery_address, fraud, "
                    + "label_known_at, extra) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", new org.springframework.jdbc.core
                    .BatchPreparedStatementSetter() {
                @Override
                public void setValues(PreparedStatement ps, int i) throws SQLException {
                    LabelledTransaction t = slice.get(i);
                    int c = 1;
                    ps.setObject(c++, id);
                    ps.setInt(c++, start + i);
                    ps.setString(c++, t.cardKey());
                    ps.setString(c++, t.bin());
                    ps.setObject(c++, ts(t.time()));
                    ps.setLong(c++, t.amountMinor());
                    ps.setDouble(c++, t.amount());
                    ps.setString(c++, t.currency());
                    ps.setString(c++, t.merchantId());
                    ps.setString(c++, t.terminalId());
                    ps.setString(c++, t.mcc());
                    ps.setString(c++, t.merchantCountry());
                    ps.setString(c++, t.channel().id());
                    ps.setString(c++, t.device());
                    ps.setString(c++, t.ip());
                    ps.setString(c++, t.email());
                    ps.setString(c++, t.deliveryAddress());
                    ps.setBoolean(c++, t.fraud());
                    ps.setObject(c++, ts(t.labelKnownAt()));
                    String extra = extras.get(start + i);
                    if (extra == null) {
                        ps.setNull(c, Types.VARCHAR);
                    } else {
                        ps.setString(c, extra);
                    }
                }

                @Override
                public int getBatchSize() {
                    return slice.size();
                }
            });
        }
        return get(tenant, id).orElseThrow();
    }

    /** The tenant's datasets, newest first. */
    public List<Dataset> list(TenantId tenant) {
        return jdbc.query("select * from risk.labelled_histories where tenant_id = ? order by created_at desc, id", (rs, n) -> dataset(rs),
                tenant.value());
    }

    public Optional<Dataset> get(TenantId tenant, UUID id) {
        return jdbc.query("select * from risk.labelled_histories where tenant_id = ? and id = ?", (rs, n) -> dataset(rs), tenant.value(), id)
                .stream().findFirst();
    }

    /** Deletes a dataset and its rows. @return false when the tenant has none with this id */
    public boolean delete(TenantId tenant, UUID id) {
        if (get(tenant, id).isEmpty()) {
            return false;
        }
        jdbc.update("delete from risk.labelled_history_rows where history_id = ?", id);
        return jdbc.update("delete from risk.labelled_histories where tenant_id = ? and id = ?", tenant.value(), id) == 1;
    }

    /**
     * The dataset's rows in file order, as the CSV reader made them: what the lab trains or
     * evaluates on ({@code TrainingRun}, {@code FeatureReplay}).
     *
     * @throws NoSuchElementException when the tenant has no dataset with this id
     */
    public List<LabelledTransaction> load(TenantId tenant, UUID id) {
        if (get(tenant, id).isEmpty()) {
            throw new NoSuchElementException("no such labelled history in this tenant");
        }
        return jdbc.query("select * from risk.labelled_history_rows where history_id = ? order by seq", (rs, n) -> row(rs), id);
    }

    /** @return the row's extras as JSON, or null when it has none; adds a problem when the row cannot be stored */
    private String check(LabelledTransaction t, long line, HistorySchema schema, List<RowProblem> problems) {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("merchant_id", t.merchantId());
        text.put("terminal_id", t.terminalId());
        text.put("device", t.device());
        text.put("ip", t.ip());
        text.put("email", t.email());
        text.put("delivery_address", t.deliveryAddress());
        int problemsBefore = problems.size();
        for (Map.Entry<String, String> e : text.entrySet()) {
            String value = e.getValue();
            String column = schema.columns().getOrDefault(e.getKey(), e.getKey());
            if (value == null) {
                continue;
            }
            if (CardNumberDetector.containsCardNumber(value)) {
                problems.add(new RowProblem(line, column, "no-card-number"));
            } else if (value.length() > (e.getKey().equals("delivery_address") ? 500 : 300)) {
                problems.add(new RowProblem(line, column, "max-length"));
            }
        }
        if (t.cardKey().length() > 100) {
            problems.add(new RowProblem(line, schema.columns().get("card_id"), "max-length"));
        } else if (CardNumberDetector.containsCardNumber(t.cardKey())) {
            problems.add(new RowProblem(line, schema.columns().get("card_id"), "no-card-number"));
        }
        if (problems.size() > problemsBefore || t.extra().isEmpty()) {
            return null;
        }
        String extra = json.writeValueAsString(t.extra());
        if (extra.length() > MAX_EXTRA_CHARS) {
            problems.add(new RowProblem(line, "(other columns)", "max-length"));
            return null;
        }
        return extra;
    }

    private LabelledTransaction row(ResultSet rs) throws SQLException {
        String extra = rs.getString("extra");
        Map<String, String> extras = extra == null ? Map.of() : json.readValue(extra, EXTRA);
        return new LabelledTransaction(rs.getString("card_key"), rs.getString("bin"), instant(rs, "occurred_at"), rs.getLong("amount_minor"),
                rs.getDouble("amount_major"), rs.getString("currency"), rs.getString("merchant_id"), rs.getString("terminal_id"),
                rs.getString("mcc"), rs.getString("merchant_country"), Channel.fromId(rs.getString("channel")), rs.getString("device_id"),
                rs.getString("ip"), rs.getString("email"), rs.getString("delivery_address"), rs.getBoolean("fraud"),
                instant(rs, "label_known_at"), extras);
    }

    private static Dataset dataset(ResultSet rs) throws SQLException {
        String extras = rs.getString("extra_columns");
        return new Dataset(rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getString("name"),
                rs.getString("history_schema"), rs.getInt("row_count"), rs.getInt("fraud_count"), instant(rs, "first_at"),
                instant(rs, "last_at"), Duration.ofSeconds(rs.getLong("label_delay_seconds")),
                extras.isEmpty() ? List.of() : Arrays.asList(extras.split("\n")), rs.getString("created_by"), instant(rs, "created_at"));
    }

    /** Microseconds: PostgreSQL keeps microseconds and H2 nanoseconds; a loaded row must equal the one read from the file. */
    private static OffsetDateTime ts(Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
