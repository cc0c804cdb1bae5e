package dev.mamori.lab.quality;

import dev.mamori.common.InsecurePanAccess;
import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import dev.mamori.lab.data.LabelledTransaction;
import dev.mamori.lab.train.FeatureReplay;
import dev.mamori.risk.Action;
import dev.mamori.risk.CardFingerprinter;
import dev.mamori.risk.Decision;
import dev.mamori.risk.LoggedDecision;
import dev.mamori.risk.ResponseCode;
import dev.mamori.risk.RiskModule;
import dev.mamori.risk.SecurityCodeVerifier;
import dev.mamori.risk.simulate.InProcessTraffic;
import dev.mamori.risk.simulate.Scenario;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Simulated traffic decided by the real authorization host: the simulator's cardholders and fraud
 * scenarios, set up as {@code ./mamori simulate --setup} sets up a tenant (starter rules active, a
 * drop address blocked), each payment decided by {@code AuthorizationHost.decide} of an in-process
 * {@link RiskModule} over a fresh H2 database at its simulated time, then read back from
 * the decision log. What the host answered is the "rules only" system; the logged payments, with
 * their outcomes and labels arriving late ({@link LabelDelays}), are what a model trains on.
 */
public final class SimulatedHistory {

    /**
     * One decided payment.
     *
     * @param payment the payment as the decision log holds it (card fingerprint, no card number),
     *     its ground truth and the date its label became known
     * @param outcome the host's outcome, as the feature engine recorded it
     * @param scenario the simulator's ground truth
     * @param action and {@code responseCode}, {@code reasons}: the host's answer
     */
    public record Row(LabelledTransaction payment, FeatureReplay.Outcome outcome, Scenario scenario, Action action,
                      ResponseCode responseCode, String reasons) {

        /**
         * Stopped by the host's fraud controls: declined or sent to a 3-D Secure challenge for
         * any reason but the credit limit (hard checks, block lists, card testing, rules).
         */
        public boolean stopped() {
            return (action == Action.DECLINE || action == Action.CHALLENGE) && responseCode != ResponseCode.INSUFFICIENT_FUNDS;
        }
    }

    /**
     * @param rows every payment, in time order
     * @param ruleVersion the active starter rule set's version
     * @param decideMillis wall time of deciding all payments
     * @param databaseBytes the size of the database file (decision log, cards, rules), compacted
     */
    public record Result(List<Row> rows, int ruleVersion, long decideMillis, long databaseBytes) {
    }

    private SimulatedHistory() {
    }

    /**
     * Generates and decides the traffic.
     *
     * @param start the first simulated day (Asia/Tokyo)
     */
    public static Result run(long seed, int cards, int transactions, int days, LocalDate start, LabelDelays delays) {
        InProcessTraffic traffic = InProcessTraffic.generate(seed, cards, transactions, days, start);
        Database db = database();
        SimulatedClock clock = new SimulatedClock(traffic.start());
        RiskModule module = new RiskModule(db.pool(), new SeededFingerprinter(seed), new NoCardVerificationKeys(), clock,
                RiskModule.Settings.defaults());
        TenantId tenant = new TenantId(new UUID(0x6d616d6f7269L, seed));
        int version = traffic.setUp(module, tenant);
        module.start();
        LabelDelays.Draw draw = delays.draw(seed);
        List<Row> rows = new ArrayList<>(traffic.payments().size());
        long started = System.nanoTime();
        for (InProcessTraffic.Payment p : traffic.payments()) {
            clock.set(p.time());
            Decision decision = module.host().decide(p.request(tenant), "json");
            LoggedDecision d = module.decisionLog().get(tenant, decision.id()).orElseThrow();
            boolean fraud = p.scenario().fraud();
            Instant labelKnownAt = fraud ? draw.fraudLabelDate(d.receivedAt(), decision.approved()) : d.receivedAt();
            LabelledTransaction t = new LabelledTransaction(d.cardFingerprint(), d.bin(), d.receivedAt(), d.amountMinor(),
                    d.amountMinor(), d.currency(), d.merchantId(), d.terminalId(), d.mcc(), d.merchantCountry(), d.channel(),
                    d.deviceId(), d.ip(), d.email(), d.deliveryAddress(), fraud, labelKnownAt, Map.of());
            rows.add(new Row(t, new FeatureReplay.Outcome(decision.approved(), d.cvcFailed()), p.scenario(), d.action(),
                    d.responseCode(), d.reasons()));
        }
        long decideMillis = (System.nanoTime() - started) / 1_000_000;
        long bytes = db.closeAndDelete();
        return new Result(List.copyOf(rows), version, decideMillis, bytes);
    }

    /**
     * A fresh H2 database (PostgreSQL mode) in a temporary directory, migrated by Flyway, behind
     * H2's own connection pool (a session per call would parse every statement again). On disk
     * rather than in memory so that the decision log's size can be measured; deleted afterwards.
     */
    static Database database() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("mamori-quality-");
            String url = "jdbc:h2:file:" + dir.resolve("risk").toAbsolutePath()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=20000;QUERY_CACHE_SIZE=64";
            JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
            pool.setMaxConnections(4);
            Flyway.configure().dataSource(pool).schemas("risk").defaultSchema("risk").createSchemas(true)
                    .locations("classpath:db/migration/risk").load().migrate();
            return new Database(dir, pool);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create a temporary directory for the benchmark's database: " + e.getMessage(), e);
        }
    }

    /** The benchmark's database and where its files are. */
    record Database(java.nio.file.Path directory, JdbcConnectionPool pool) {
        /** Compacts and closes the database and answers the size of its file, then deletes the files. */
        long closeAndDelete() {
            long bytes = -1;
            try (var c = pool.getConnection(); var s = c.createStatement()) {
                s.execute("shutdown compact");
            } catch (java.sql.SQLException e) {
                // Closed already: measure what is on disk.
            }
            pool.dispose();
            try (var files = java.nio.file.Files.list(directory)) {
                for (java.nio.file.Path f : files.toList()) {
                    if (f.getFileName().toString().endsWith(".mv.db")) {
                        bytes = java.nio.file.Files.size(f);
                    }
                    java.nio.file.Files.deleteIfExists(f);
                }
                java.nio.file.Files.deleteIfExists(directory);
            } catch (java.io.IOException e) {
                // A leftover temporary file is harmless; the size is what matters here.
            }
            return bytes;
        }
    }

    /** The host's clock, set to each payment's simulated time before it is decided. */
    static final class SimulatedClock extends Clock {
        private volatile Instant now;

        SimulatedClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
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

    /**
     * The vault's card fingerprint as an HMAC-SHA256 under a key derived from the seed, so the same
     * seed gives the same fingerprints (and the same features). The cards are the simulator's own
     * made-up numbers and the database lives only for the run.
     */
    static final class SeededFingerprinter implements CardFingerprinter {
        private final SecretKeySpec key;

        SeededFingerprinter(long seed) {
            try {
                byte[] material = MessageDigest.getInstance("SHA-256")
                        .digest(("mamori-quality-benchmark|" + seed).getBytes(StandardCharsets.US_ASCII));
                this.key = new SecretKeySpec(material, "HmacSHA256");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String fingerprint(TenantId tenant, Pan pan) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                mac.update(tenant.value().toString().getBytes(StandardCharsets.US_ASCII));
                mac.update((byte) '|');
                mac.update(pan.reveal(InsecurePanAccess.get()).getBytes(StandardCharsets.US_ASCII));
                return HexFormat.of().formatHex(mac.doFinal());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The simulated cards are opened without a card verification key (as {@code --setup} does): nothing to verify with. */
    static final class NoCardVerificationKeys implements SecurityCodeVerifier {
        @Override
        public boolean verify(TenantId tenant, String cvkName, Pan pan, java.time.YearMonth expiry, String serviceCode,
                              dev.mamori.common.SecurityCode presented) {
            throw new IllegalStateException("the benchmark's cards have no card verification key");
        }
    }
}
