package dev.mamori.phishing;

import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** A fresh in-memory H2 database (PostgreSQL mode, as the server runs it) with the phishing schema migrated. */
public final class PhishingTestDatabase {
    private PhishingTestDatabase() {
    }

    public static DataSource create() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:phishing-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000");
        Flyway.configure().dataSource(dataSource).schemas("phishing").defaultSchema("phishing").createSchemas(true)
                .locations("classpath:db/migration/phishing").load().migrate();
        return dataSource;
    }
}
