package dev.mamori.server;

import dev.mamori.lab.cli.ModelCommand;
import dev.mamori.phishing.cli.DmarcReportCommand;
import dev.mamori.phishing.cli.DomainCheckCommand;
import dev.mamori.phishing.cli.LookalikeCommand;
import dev.mamori.phishing.cli.MailCommand;
import dev.mamori.phishing.cli.PhishingUrlsCommand;
import dev.mamori.risk.simulate.SimulateCommand;
import dev.mamori.server.audit.AuditCommand;
import dev.mamori.server.risk.ModelTrainCommand;
import dev.mamori.server.vault.KeysCommand;
import dev.mamori.vault.scan.ScanCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling // housekeeping jobs, e.g. expiring idempotency records
public class MamoriApplication {

    /**
     * Starts the server, or runs one command without a web server: {@code audit verify}, or
     * {@code scan} (PAN discovery), {@code simulate} (a traffic client), {@code mail} (message
     * authentication), {@code domain check}, {@code dmarc-report}, {@code lookalike},
     * {@code phishing-urls} (anti-phishing) and {@code model} (fraud model training), plain Java: no Spring context at all.
     * The {@code ./mamori} script calls this; see {@code ./mamori --help}.
     */
    public static void main(String[] args) {
        if (args.length >= 1 && "scan".equals(args[0])) {
            System.exit(ScanCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length >= 1 && "simulate".equals(args[0])) {
            System.exit(SimulateCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length >= 2 && "domain".equals(args[0]) && "check".equals(args[1])) {
            System.exit(DomainCheckCommand.run(Arrays.copyOfRange(args, 2, args.length), System.out, System.err));
        }
        if (args.length >= 1 && "dmarc-report".equals(args[0])) {
            System.exit(DmarcReportCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length >= 1 && "phishing-urls".equals(args[0])) {
            System.exit(PhishingUrlsCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length >= 1 && "lookalike".equals(args[0])) {
            System.exit(LookalikeCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length >= 2 && "model".equals(args[0]) && "train".equals(args[1]) && Arrays.asList(args).contains("--tenant")) {
            System.exit(modelTrain(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length >= 1 && "model".equals(args[0])) {
            System.exit(ModelCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length >= 1 && "mail".equals(args[0])) {
            System.exit(MailCommand.run(Arrays.copyOfRange(args, 1, args.length), System.in, System.out, System.err));
        }
        if (args.length >= 2 && "audit".equals(args[0]) && "verify".equals(args[1])) {
            System.exit(auditVerify(Arrays.copyOfRange(args, 2, args.length)));
        }
        if (args.length >= 2 && "keys".equals(args[0]) && "component".equals(args[1])) {
            System.exit(KeysCommand.component(System.out));
        }
        if (args.length >= 2 && "keys".equals(args[0]) && "status".equals(args[1])) {
            System.exit(keysStatus(Arrays.copyOfRange(args, 2, args.length)));
        }
        SpringApplication app = new SpringApplication(MamoriApplication.class);
        app.addListeners(new DataDirectory());
        app.run(args);
    }

    /** Exit codes: 0 every chain intact, 1 a chain is broken, 2 the check could not run. */
    static int auditVerify(String[] args) {
        return runCommand("audit verify", args, context -> context.getBean(AuditCommand.class).verifyAll(System.out));
    }

    /** {@code model train --tenant ...}: from the instance's decision log. Exit codes: 0 registered, 1 cannot train, 2 usage or no database. */
    static int modelTrain(String[] args) {
        ModelTrainCommand.Parsed parsed;
        try {
            parsed = ModelTrainCommand.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("mamori model train: " + e.getMessage());
            System.err.print(ModelTrainCommand.HELP);
            return 2;
        }
        return runCommand("model train", parsed.springArgs().toArray(String[]::new),
                context -> context.getBean(ModelTrainCommand.class).train(parsed, System.out, System.err));
    }

    static int keysStatus(String[] args) {
        return runCommand("keys status", args, context -> context.getBean(KeysCommand.class).status(System.out));
    }

    /** Runs a command in an application context without a web server; exit code 2 when it cannot run. */
    private static int runCommand(String name, String[] args, java.util.function.ToIntFunction<ConfigurableApplicationContext> command) {
        SpringApplication app = new SpringApplication(MamoriApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setAdditionalProfiles("cli");
        app.setDefaultProperties(Map.of("logging.level.root", "WARN"));
        app.addListeners(new DataDirectory());
        try (ConfigurableApplicationContext context = app.run(args)) {
            return command.applyAsInt(context);
        } catch (RuntimeException e) {
            System.err.println(name + " could not run: " + rootMessage(e));
            return 2;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /**
     * Makes {@code mamori.data-dir} absolute before anything uses it: H2 refuses a relative file
     * path such as {@code data2/mamori}, and the platform secret must land in the same place.
     */
    static final class DataDirectory implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {
        @Override
        public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
            ConfigurableEnvironment environment = event.getEnvironment();
            String dir = environment.getProperty("mamori.data-dir", "./data");
            String absolute = Path.of(dir).toAbsolutePath().normalize().toString();
            environment.getPropertySources().addFirst(new MapPropertySource("mamori-data-dir", Map.of("mamori.data-dir", absolute)));
        }
    }
}
