package dev.mamori.server;

import dev.mamori.server.audit.AuditCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling // housekeeping jobs, e.g. expiring idempotency records
public class MamoriApplication {

    /**
     * Starts the server, or runs one command without a web server: {@code audit verify}.
     * The {@code ./mamori} script calls this; see {@code ./mamori --help}.
     */
    public static void main(String[] args) {
        if (args.length >= 2 && "audit".equals(args[0]) && "verify".equals(args[1])) {
            SpringApplication app = new SpringApplication(MamoriApplication.class);
            app.setWebApplicationType(WebApplicationType.NONE);
            app.setAdditionalProfiles("cli");
            String[] rest = java.util.Arrays.copyOfRange(args, 2, args.length);
            int exitCode;
            try (ConfigurableApplicationContext context = app.run(rest)) {
                exitCode = context.getBean(AuditCommand.class).verifyAll(System.out);
            }
            System.exit(exitCode);
        }
        SpringApplication.run(MamoriApplication.class, args);
    }
}
