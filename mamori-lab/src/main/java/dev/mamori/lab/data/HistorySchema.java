package dev.mamori.lab.data;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which CSV column holds each field of a {@link LabelledTransaction}. {@link #MAMORI} is the
 * documented schema (docs/model.md); {@link #SPARKOV} reads the public synthetic card-fraud files
 * (the Sparkov generator's columns, as published on Kaggle). Columns not named are kept as extras.
 *
 * @param columns field → column header
 * @param timeFormat {@code iso} (ISO 8601 instant or local date-time) or {@code yyyy-MM-dd HH:mm:ss}
 * @param zone the zone of local date-times
 */
public record HistorySchema(String name, Map<String, String> columns, String timeFormat, ZoneId zone) {
    /** The fields, in the order of the documented schema. */
    public static final String[] FIELDS = {"card_id", "time", "amount", "currency", "merchant_id", "terminal_id", "mcc", "merchant_country", "channel",
        "device", "ip", "email", "delivery_address", "label", "label_date"};

    public static final HistorySchema MAMORI = new HistorySchema("mamori", identity(), "iso", ZoneId.of("Asia/Tokyo"));

    /** trans_date_trans_time (UTC), cc_num, merchant, category (…_net is EC), amt (USD), is_fraud; no label date. */
    public static final HistorySchema SPARKOV = new HistorySchema("sparkov", Map.of("card_id", "cc_num", "time", "trans_date_trans_time",
            "amount", "amt", "merchant_id", "merchant", "channel", "category", "mcc", "category", "label", "is_fraud"),
            "yyyy-MM-dd HH:mm:ss", ZoneId.of("UTC"));

    public HistorySchema {
        columns = Map.copyOf(columns);
    }

    public static HistorySchema named(String name) {
        return switch (name) {
            case "mamori" -> MAMORI;
            case "sparkov" -> SPARKOV;
            default -> throw new IllegalArgumentException("schema is mamori or sparkov, not " + name);
        };
    }

    private static Map<String, String> identity() {
        Map<String, String> columns = new LinkedHashMap<>();
        for (String field : FIELDS) {
            columns.put(field, field);
        }
        return columns;
    }
}
