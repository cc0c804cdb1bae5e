package dev.mamori.server.config;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** JDBC conversions that behave the same on H2 and PostgreSQL. */
public final class Db {
    private Db() {}

    /**
     * Timestamps are kept to the millisecond: PostgreSQL stores microseconds and H2 nanoseconds,
     * and hashed values (the audit chain) must read back exactly as written on both.
     */
    public static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
