package dev.mamori.server.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.server.Api;
import dev.mamori.server.identity.PasswordPolicy;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * First start on an empty database with nothing fixed by the environment: the credentials are
 * generated, printed once with the console URL, and work; a second start creates nothing.
 * Runs on its own empty H2 database (bootstrap behaves the same on PostgreSQL).
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:mamori-bootstrap;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "mamori.bootstrap.tenant-name=First Start Network",
        "mamori.data-dir=target/bootstrap-it-data"})
class BootstrapIT {
    private static final Pattern PASSWORD = Pattern.compile("Admin: {5}admin / (\\S+)");
    private static final Pattern KEY = Pattern.compile("API key: {3}(mk_\\S+)");

    @LocalServerPort
    int port;

    @Autowired
    Bootstrap bootstrap;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void generatedCredentialsArePrintedOnceAndWork(CapturedOutput output) {
        String banner = output.getOut();
        assertThat(banner).contains("Console:   http://localhost:" + port + "/console");
        Matcher password = PASSWORD.matcher(banner);
        Matcher key = KEY.matcher(banner);
        assertThat(password.find()).as(banner).isTrue();
        assertThat(key.find()).isTrue();
        assertThat(PasswordPolicy.check("admin", password.group(1))).isEmpty();

        Api api = new Api("http://localhost:" + port);
        Api.Reply tenant = api.get("/v1/tenants/current", Api.withKey(key.group(1)));
        assertThat(tenant.status()).isEqualTo(200);
        assertThat(tenant.json().get("name").asString()).isEqualTo("First Start Network");
        assertThat(tenant.json().get("operator").asBoolean()).isTrue();
        // Not written to the log by a logger: only the one-time banner on standard output has them.
        assertThat(output.getErr()).doesNotContain(key.group(1)).doesNotContain(password.group(1));

        assertThat(java.nio.file.Path.of("target/bootstrap-it-data/platform-secret")).as("created at first start").exists();
        Bootstrap.Credentials second = new TransactionTemplate(transactions).execute(status -> bootstrap.createIfEmpty());
        assertThat(second).as("a second start reuses the data and creates nothing").isNull();
    }
}
