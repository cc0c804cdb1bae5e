package dev.mamori.threeds.challenge;

import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** A fresh in-memory H2 database (PostgreSQL mode) with the threeds schema migrated by Flyway, for the challenge tests. */
final class OtpTestDatabase {
    private OtpTestDatabase() {
    }

    static DataSource create(String name) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + name + "-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000");
        Flyway.configure().dataSource(dataSource).schemas("threeds").defaultSchema("threeds").createSchemas(true)
                .locations("classpath:db/migration/threeds").load().migrate();
        return dataSource;
    }
}
