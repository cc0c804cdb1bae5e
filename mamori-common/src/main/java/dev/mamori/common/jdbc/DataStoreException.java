package dev.mamori.common.jdbc;

import java.sql.SQLException;

/** A database call failed; unchecked, so module APIs do not leak JDBC types. */
public final class DataStoreException extends RuntimeException {
    public DataStoreException(SQLException cause) {
        super(cause.getMessage(), cause);
    }
}
