package dev.mamori.risk.testing;

import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** A fresh in-memory H2 database (PostgreSQL mode) with the risk schema migrated by Flyway, for module tests. */
public final class RiskTestDatabase {
    private RiskTestDatabase() {
    }

    /** @param name a prefix for the database's name, to tell databases apart in a failure */
    public static DataSource create(String name) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + name + "-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000");
        Flyway.configure().dataSource(dataSource).schemas("risk").defaultSchema("risk").createSchemas(true)
                .locations("classpath:db/migration/risk").load().migrate();
        return dataSource;
    }
}
