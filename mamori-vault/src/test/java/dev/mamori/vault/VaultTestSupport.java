package dev.mamori.vault;

import dev.mamori.vault.keys.Pkcs12MasterKeyProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** A vault on a fresh in-memory H2 database (PostgreSQL mode) and a real PKCS#12 key store. */
final class VaultTestSupport {
    private VaultTestSupport() {}

    /** A clock tests can move. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static DataSource database() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:vault-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).schemas("vault").defaultSchema("vault").createSchemas(true)
                .locations("classpath:db/migration/vault").load().migrate();
        return dataSource;
    }

    static Pkcs12MasterKeyProvider keyStore(Path dir) throws Exception {
        return Pkcs12MasterKeyProvider.open(dir.resolve("master.p12"), "test-passphrase".toCharArray());
    }

    static Vault vault(DataSource dataSource, Pkcs12MasterKeyProvider master, Clock clock) {
        Vault vault = new Vault(dataSource, master, clock, Duration.ZERO, Duration.ofMinutes(10));
        vault.keys().ensureMasterKey();
        return vault;
    }
}
