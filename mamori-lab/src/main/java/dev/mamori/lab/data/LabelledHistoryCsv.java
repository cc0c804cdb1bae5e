package dev.mamori.lab.data;

import dev.mamori.common.CardNumberDetector;
import dev.mamori.risk.Channel;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * Reads a labelled transaction history from CSV (a header row, then one payment per row) in a
 * {@link HistorySchema}. A row that breaks a rule is skipped and reported with its row number,
 * the column and the rule, never with the value (it could be a card number); the other rows are
 * read. Card numbers in the card id column are replaced by an HMAC under a per-import key, so the
 * same card is the same key within one import and no card number is kept.
 */
public final class LabelledHistoryCsv {
    /** Rows are capped, so a stray multi-gigabyte file fails clearly instead of exhausting memory. */
    public static final int MAX_ROWS = 5_000_000;
    private static final DateTimeFormatter SPACE_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** A row that could not be read. @param row the data row, 1 for the first row after the header */
    public record Rejected(long row, String column, String rule) {
    }

    public record Result(List<LabelledTransaction> transactions, List<Rejected> rejected, List<String> extraColumns) {
    }

    private LabelledHistoryCsv() {
    }

    /**
     * @param labelDelay when a row has no label date, its label counts as known this long after the payment
     *     (chargebacks arrive weeks later; 30 days is a common choice)
     * @throws IllegalArgumentException when the header lacks a required column or the file is not CSV
     */
    public static Result read(Reader csv, HistorySchema schema, Duration labelDelay) {
        Mac hasher = newHasher();
        List<LabelledTransaction> transactions = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        CsvMapper mapper = CsvMapper.builder().enable(CsvReadFeature.WRAP_AS_ARRAY).build();
        try (MappingIterator<List<String>> rows = mapper.readerFor(List.class).with(CsvSchema.emptySchema()).readValues(csv)) {
            if (!rows.hasNext()) {
                throw new IllegalArgumentException("the file is empty: a header row is required");
            }
            List<String> header = rows.next();
            Map<String, Integer> index = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                index.putIfAbsent(header.get(i).strip().toLowerCase(Locale.ROOT), i);
            }
            Map<String, Integer> field = new LinkedHashMap<>();
            schema.columns().forEach((name, column) -> {
                Integer at = index.get(column.toLowerCase(Locale.ROOT));
                if (at != null) {
                    field.put(name, at);
                }
            });
            for (String required : new String[] {"card_id", "time", "amount", "label"}) {
                if (!field.containsKey(required)) {
                    throw new IllegalArgumentException("the header has no " + schema.columns().get(required) + " column (" + required + ")");
                }
            }
            List<String> extras = new ArrayList<>();
            for (int i = 0; i < header.size(); i++) {
                if (!field.containsValue(i)) {
                    extras.add(header.get(i).strip());
                }
            }
            long row = 0;
            while (rows.hasNext()) {
                List<String> values = rows.next();
                row++;
                if (row > MAX_ROWS) {
                    throw new IllegalArgumentException("more than " + MAX_ROWS + " rows");
                }
                if (values.size() == 1 && values.get(0).isBlank()) {
                    continue;
                }
                try {
                    transactions.add(row(values, field, header, extras, schema, labelDelay, hasher));
                } catch (RowException e) {
                    rejected.add(new Rejected(row, e.column, e.rule));
                }
            }
            return new Result(transactions, rejected, extras);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the file is not readable CSV near row " + (transactions.size() + rejected.size() + 1));
        }
    }

    private static final class RowException extends Exception {
        final String column;
        final String rule;

        RowException(String column, String rule) {
            super(column + ": " + rule, null, false, false);
            this.column = column;
            this.rule = rule;
        }
    }

    private static LabelledTransaction row(List<String> values, Map<String, Integer> field, List<String> header, List<String> extras,
                                           HistorySchema schema, Duration labelDelay, Mac hasher) throws RowException {
        String cardId = text(values, field, "card_id");
        if (cardId == null) {
            throw new RowException(schema.columns().get("card_id"), "required");
        }
        String bin = null;
        String digits = cardId.replaceAll("[ -]", "");
        if (digits.length() >= 13 && digits.length() <= 19 && digits.chars().allMatch(Character::isDigit)
                && CardNumberDetector.containsCardNumber(digits)) {
            bin = digits.substring(0, 6);
            // Base64url, not hex: a hex digest holds a long run of digits often enough (about one key in 200)
            // for a card-number scanner to find a "card number" in it and refuse the row.
            cardId = "pan:" + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(hasher.doFinal(digits.getBytes(StandardCharsets.US_ASCII)));
        }
        Instant time = time(text(values, field, "time"), schema, schema.columns().get("time"));
        String currencyCode = text(values, field, "currency");
        Currency currency;
        try {
            currency = Currency.getInstance(currencyCode == null ? (schema == HistorySchema.SPARKOV ? "USD" : "JPY")
                    : currencyCode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RowException(schema.columns().get("currency"), "iso-4217");
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(required(values, field, "amount", schema));
        } catch (NumberFormatException e) {
            throw new RowException(schema.columns().get("amount"), "number");
        }
        if (amount.signum() < 0 || amount.scale() > Math.max(currency.getDefaultFractionDigits(), 0)) {
            throw new RowException(schema.columns().get("amount"), amount.signum() < 0 ? "not-negative" : "minor-units");
        }
        long minor = amount.movePointRight(Math.max(currency.getDefaultFractionDigits(), 0)).longValueExact();
        String label = required(values, field, "label", schema).toLowerCase(Locale.ROOT);
        boolean fraud = switch (label) {
            case "1", "true", "fraud", "yes" -> true;
            case "0", "false", "good", "no", "legit" -> false;
            default -> throw new RowException(schema.columns().get("label"), "one-of");
        };
        String labelDate = text(values, field, "label_date");
        Instant labelKnownAt = labelDate == null ? time.plus(labelDelay) : time(labelDate, schema, schema.columns().get("label_date"));
        String category = text(values, field, "channel");
        Channel channel = channel(category, schema);
        String mcc = text(values, field, "mcc");
        if (schema == HistorySchema.SPARKOV) {
            mcc = null; // Sparkov has categories, not MCCs; the category's channel is what the features use
        } else if (mcc != null && !mcc.matches("\\d{4}")) {
            throw new RowException(schema.columns().get("mcc"), "four-digits");
        }
        Map<String, String> extra = new LinkedHashMap<>();
        for (String column : extras) {
            int at = header.indexOf(column);
            if (at >= 0 && at < values.size() && !values.get(at).isEmpty() && !CardNumberDetector.containsCardNumber(values.get(at))) {
                extra.put(column, values.get(at));
            }
        }
        return new LabelledTransaction(cardId, bin, time, minor, amount.doubleValue(), currency.getCurrencyCode(),
                text(values, field, "merchant_id"), text(values, field, "terminal_id"), mcc, country(text(values, field, "merchant_country"), schema), channel, text(values, field, "device"),
                text(values, field, "ip"), lower(text(values, field, "email")), text(values, field, "delivery_address"), fraud, labelKnownAt,
                extra);
    }

    private static String country(String value, HistorySchema schema) throws RowException {
        if (value == null) {
            return null;
        }
        if (!value.matches("[A-Za-z]{2}")) {
            throw new RowException(schema.columns().get("merchant_country"), "iso-3166-alpha-2");
        }
        return value.toUpperCase(Locale.ROOT);
    }

    private static Channel channel(String value, HistorySchema schema) throws RowException {
        if (value == null) {
            return Channel.ECOMMERCE;
        }
        if (schema == HistorySchema.SPARKOV) {
            // Sparkov categories end in _net (online) or _pos (at a terminal); the rest are at a terminal.
            return value.endsWith("_net") ? Channel.ECOMMERCE : Channel.FACE_TO_FACE;
        }
        Channel channel = Channel.fromId(value);
        if (channel == null) {
            throw new RowException(schema.columns().get("channel"), "one-of");
        }
        return channel;
    }

    private static Instant time(String value, HistorySchema schema, String column) throws RowException {
        if (value == null) {
            throw new RowException(column, "required");
        }
        try {
            if (schema.timeFormat().equals("iso")) {
                if (value.endsWith("Z") || value.matches(".*[+-]\\d\\d:\\d\\d$")) {
                    return OffsetDateTime.parse(value).toInstant();
                }
                if (value.length() == 10) {
                    return LocalDate.parse(value).atStartOfDay(schema.zone()).toInstant();
                }
                return LocalDateTime.parse(value).atZone(schema.zone()).toInstant();
            }
            return LocalDateTime.parse(value, SPACE_FORMAT).atZone(schema.zone()).toInstant();
        } catch (DateTimeParseException e) {
            throw new RowException(column, "date-time");
        }
    }

    private static String required(List<String> values, Map<String, Integer> field, String name, HistorySchema schema) throws RowException {
        String value = text(values, field, name);
        if (value == null) {
            throw new RowException(schema.columns().get(name), "required");
        }
        return value;
    }

    private static String text(List<String> values, Map<String, Integer> field, String name) {
        Integer at = field.get(name);
        if (at == null || at >= values.size()) {
            return null;
        }
        String value = values.get(at).strip();
        return value.isEmpty() ? null : value;
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    private static Mac newHasher() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
