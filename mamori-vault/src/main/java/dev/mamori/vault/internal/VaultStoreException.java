package dev.mamori.vault.internal;

import java.sql.SQLException;

/** The vault's database failed; the message is the driver's, which never holds bound values. */
public final class VaultStoreException extends RuntimeException {
    public VaultStoreException(SQLException cause) {
        super("vault database error: " + cause.getSQLState(), cause);
    }
}
