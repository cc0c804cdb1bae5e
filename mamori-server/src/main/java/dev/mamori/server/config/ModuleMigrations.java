package dev.mamori.server.config;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Migrates each module's schema with its own Flyway history, so modules evolve independently:
 * schema {@code platform} from {@code classpath:db/migration/platform}, later {@code vault} from
 * {@code db/migration/vault}, and so on. Runs before any repository is used.
 */
@Component("moduleMigrations")
public class ModuleMigrations implements InitializingBean {
    private final DataSource dataSource;
    private final MamoriProperties properties;

    public ModuleMigrations(DataSource dataSource, MamoriProperties properties) {
        this.dataSource = dataSource;
        this.properties = properties;
    }

    @Override
    public void afterPropertiesSet() {
        for (String schema : properties.database().moduleSchemas()) {
            Flyway.configure()
                    .dataSource(dataSource)
                    .schemas(schema)
                    .defaultSchema(schema)
                    .createSchemas(true)
                    .locations("classpath:db/migration/" + schema)
                    .load()
                    .migrate();
        }
    }
}
