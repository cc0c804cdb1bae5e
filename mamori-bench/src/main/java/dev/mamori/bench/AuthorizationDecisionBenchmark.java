package dev.mamori.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import dev.mamori.risk.AuthorizationRequest;
import dev.mamori.risk.CardFingerprinter;
import dev.mamori.risk.Decision;
import dev.mamori.risk.MessageKind;
import dev.mamori.risk.RiskModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.Year;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.Currency;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.crypto.Mac;
import org.flywaydb.core.Flyway;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One whole authorization in process: {@code RiskModule.host().decide(request, "bench")} on a
 * HikariCP pool over H2, with the 100-rule set of {@code issuer-rules-100.txt} saved and activated
 * through {@code module.rules()} and {@code cards} card accounts opened through
 * {@code module.cardAccounts().open} (limit high enough never to run out). Each decision does
 * what the server's does: the duplicate look-up by trace, the card look-up by fingerprint
 * (HMAC-SHA256 of the card number, as the vault computes it), address normalization for lists and
 * features, the scoring stage, and one transaction holding the amount and inserting the decision
 * row, committed before {@code decide} returns. Requests carry EC data (device, IP, e-mail,
 * delivery address) drawn as in {@link AuthorizationScoringBenchmark}; feature state starts empty
 * and fills during warm-up.
 *
 * <p>{@code db=h2mem}: an in-memory H2 (the log write is a commit into memory: the database and
 * its indexes, not the disk). {@code db=h2file}: an H2 file database in a temporary directory, as
 * {@code ./mamori up} runs it (H2's defaults: a commit is written to the file's buffers and
 * flushed within a second, not fsynced per commit).
 *
 * <pre>
 * mvn -B -o -q package -pl mamori-bench -am -DskipTests
 * java -jar mamori-bench/target/mamori-bench.jar AuthorizationDecision -bm thrpt -tu s -t 1
 * java -jar mamori-bench/target/mamori-bench.jar AuthorizationDecision -bm thrpt -tu s -t 2
 * java -jar mamori-bench/target/mamori-bench.jar AuthorizationDecision -bm sample -tu us -t 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class AuthorizationDecisionBenchmark {
    @Param({"h2mem"})
    public String db;

    @Param({"50000"})
    public int cards;

    private Path dir;
    private HikariDataSource dataSource;
    private RiskModule module;
    private IssuerTraffic traffic;
    private Pan[] pans;
    private TenantId tenant;
    private final AtomicInteger threadIds = new AtomicInteger();
    private static final Currency JPY = Currency.getInstance("JPY");

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("mamori-risk-bench");
        HikariConfig config = new HikariConfig();
        config.setMaximumPoolSize(4);
        config.setPoolName("risk-bench");
        String options = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        switch (db) {
            case "h2mem" -> config.setJdbcUrl("jdbc:h2:mem:risk-" + System.nanoTime() + options + ";DB_CLOSE_DELAY=-1");
            case "h2file" -> config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("risk") + options);
            default -> throw new IllegalArgumentException("db must be h2mem or h2file");
        }
        config.setUsername("sa");
        config.setPassword("");
        dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).schemas("risk").defaultSchema("risk").createSchemas(true)
                .locations("classpath:db/migration/risk").load().migrate();

        ThreadLocal<Mac> macs = ThreadLocal.withInitial(() -> IssuerTraffic.hmac("mamori-bench-fingerprint-key".getBytes(StandardCharsets.US_ASCII)));
        CardFingerprinter fingerprinter = (t, pan) -> HexFormat.of().formatHex(
                macs.get().doFinal(pan.reveal(dev.mamori.common.InsecurePanAccess.get()).getBytes(StandardCharsets.US_ASCII)));
        module = new RiskModule(dataSource, fingerprinter, (t, cvk, pan, expiry, serviceCode, presented) -> true, Clock.systemUTC(),
                RiskModule.Settings.defaults());
        tenant = TenantId.random();
        traffic = IssuerTraffic.of(cards, 20261127L);
        pans = new Pan[cards];
        YearMonth expiry = YearMonth.of(Year.now().getValue() + 2, 12);
        for (int i = 0; i < cards; i++) {
            pans[i] = Pan.of(traffic.pans[i]);
            module.cardAccounts().open(tenant, pans[i], expiry, "101", JPY, 1_000_000_000_000L, null);
        }
        int version = module.rules().save(tenant, IssuerTraffic.rules(), "benchmark", "bench");
        if (!module.rules().activate(tenant, version, "bench")) {
            throw new IllegalStateException("rule set not activated");
        }
        module.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        dataSource.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Per benchmark thread: its random stream and a trace counter (STAN/RRN unique, so no request is a duplicate). */
    @State(Scope.Thread)
    public static class Worker {
        SplittableRandom random;
        final IssuerTraffic.Draw draw = new IssuerTraffic.Draw();
        String prefix;
        long sequence;
        YearMonth expiry;
        // E-commerce requests carry a CVC2, as shops send it; the accounts have no verification key, so it is not checked.
        final dev.mamori.common.SecurityCode cvc = dev.mamori.common.SecurityCode.of("123");

        @Setup(Level.Trial)
        public void setUp(AuthorizationDecisionBenchmark b) {
            int id = b.threadIds.incrementAndGet();
            random = new SplittableRandom(5000 + id);
            prefix = Character.toString('A' + id);
            expiry = YearMonth.of(Year.now().getValue() + 2, 12);
        }
    }

    @Benchmark
    public Decision decide(Worker w) {
        IssuerTraffic.Draw d = w.draw;
        traffic.draw(w.random, d);
        long n = ++w.sequence;
        String stan = Long.toString(n % 1_000_000);
        String rrn = w.prefix + Long.toString(n, 36);
        AuthorizationRequest.EcData ec = d.channel == dev.mamori.risk.Channel.ECOMMERCE
                ? new AuthorizationRequest.EcData(traffic.devices[d.device], traffic.ips[d.ip], traffic.emails[d.email],
                        traffic.addresses[d.address], null)
                : AuthorizationRequest.EcData.NONE;
        AuthorizationRequest request = new AuthorizationRequest(tenant, MessageKind.AUTHORIZATION,
                new AuthorizationRequest.PresentedCard(pans[d.card], w.expiry, ec == AuthorizationRequest.EcData.NONE ? null : w.cvc, null,
                        null), d.amount, JPY, "000000", d.channel,
                new AuthorizationRequest.Merchant(traffic.merchantIds[d.merchant], "T0000001", "Mamori Bench Shop Tokyo JP",
                        traffic.merchantMccs[d.merchant], traffic.merchantCountries[d.merchant]),
                new AuthorizationRequest.Trace(stan, rrn, null, null, null, null, null), ec, Instant.now());
        return module.host().decide(request, "bench");
    }
}
