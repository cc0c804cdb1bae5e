package dev.mamori.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.mamori.common.TenantId;
import dev.mamori.vault.CardExpiry;
import dev.mamori.vault.CardInput;
import dev.mamori.vault.CardMetadata;
import dev.mamori.vault.RevealedCard;
import dev.mamori.vault.TokenFormat;
import dev.mamori.vault.TokenizeOptions;
import dev.mamori.vault.Vault;
import dev.mamori.vault.keys.Pkcs12MasterKeyProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Year;
import java.util.Base64;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Tokenize and detokenize in process: {@link Vault} on a small HikariCP pool over an in-memory
 * H2 (the {@code ./mamori up} engine, in memory so disk speed is out of the figure) or over
 * PostgreSQL. Baseline: the vault's own cryptography alone, AES-256-GCM of the card plaintext
 * with a fresh IV plus the HMAC-SHA256 fingerprint, written with the JDK exactly as the vault
 * does it (a new {@code Cipher} and {@code Mac} per call), so the gap to tokenize is the database
 * and the bookkeeping around it.
 *
 * <p>Tokenize inserts a row per call, so the table grows during the run (by a few hundred
 * thousand rows); detokenize reads one of 10 000 cards stored in set-up, at random.
 *
 * <p>Run (throughput, then latency percentiles):
 * <pre>
 * mvn -B -q package -pl mamori-bench -am -DskipTests
 * java -jar mamori-bench/target/mamori-bench.jar VaultBenchmark -bm thrpt -tu s
 * java -jar mamori-bench/target/mamori-bench.jar VaultBenchmark -bm sample -tu us
 * </pre>
 * On PostgreSQL add {@code -p db=postgres}; the database comes from {@code -jvmArgsAppend
 * -Dmamori.bench.postgres-url=...} (default {@code jdbc:postgresql://127.0.0.1:5432/mamori_bench},
 * user and password {@code mamori}), and its name must contain {@code bench}: set-up drops and
 * recreates schema {@code vault} there. {@code -t 2} runs two client threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 2) // the JIT needs about 6 s here: 14k, 26k, then 43k+ detokenize/s
@Measurement(iterations = 5, time = 2)
public class VaultBenchmark {
    private static final int CARDS = 4096; // a power of two: the cursor masks instead of dividing
    private static final int STORED_TOKENS = 10_000;
    private static final TokenizeOptions OPAQUE = new TokenizeOptions(TokenFormat.OPAQUE, false, null);
    private static final TokenizeOptions FORMAT_PRESERVING = new TokenizeOptions(TokenFormat.FORMAT_PRESERVING, false, null);

    @Param({"h2"})
    public String db;

    private Path dir;
    private HikariDataSource dataSource;
    private Vault vault;
    private TenantId tenant;
    private CardInput[] cards;
    private String[] tokens;

    // Baseline: the same primitives on the same sizes, no database.
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private SecretKey dataKey;
    private SecretKey fingerprintKey;
    private byte[][] plaintexts;
    private byte[][] fingerprintInputs;
    private byte[] aad;
    private byte[][] sealed;

    /** Per benchmark thread, so threads do not share a counter. */
    @State(Scope.Thread)
    public static class Cursor {
        private int next;

        @Setup
        public void start() {
            next = RANDOM.nextInt(CARDS);
        }

        int card() {
            return next++ & (CARDS - 1);
        }

        int token() {
            // A stride coprime to 10 000 walks every stored token in a scrambled order.
            next += 7919;
            return Math.floorMod(next, STORED_TOKENS);
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("mamori-vault-bench");
        dataSource = dataSource(db);
        Flyway.configure().dataSource(dataSource).schemas("vault").defaultSchema("vault").createSchemas(true)
                .locations("classpath:db/migration/vault").load().migrate();
        Pkcs12MasterKeyProvider master = Pkcs12MasterKeyProvider.open(dir.resolve("vault-master.p12"),
                "bench-keystore-passphrase".toCharArray());
        vault = new Vault(dataSource, master, Clock.systemUTC(), Duration.ofMinutes(10), Duration.ofMinutes(10));
        vault.keys().ensureMasterKey();
        tenant = TenantId.random();

        String[] numbers = TestCards.generate(CARDS, 20261126L);
        CardExpiry expiry = new CardExpiry(12, Year.now().getValue() + 3);
        cards = new CardInput[CARDS];
        for (int i = 0; i < CARDS; i++) {
            cards[i] = new CardInput(Vault.parsePan(numbers[i]), expiry, "TARO YAMADA", null);
        }
        tokens = new String[STORED_TOKENS];
        for (int i = 0; i < STORED_TOKENS; i++) {
            tokens[i] = vault.tokenize(tenant, cards[i & (CARDS - 1)], OPAQUE).token();
        }

        byte[] material = new byte[32];
        RANDOM.nextBytes(material);
        dataKey = new SecretKeySpec(material, "AES");
        RANDOM.nextBytes(material);
        fingerprintKey = new SecretKeySpec(material, "HmacSHA256");
        aad = ("mamori/vault/card/" + tenant + "/tok_AAAAAAAAAAAAAAAAAAAAAA").getBytes(StandardCharsets.US_ASCII);
        plaintexts = new byte[CARDS][];
        fingerprintInputs = new byte[CARDS][];
        sealed = new byte[CARDS][];
        byte[] name = "TARO YAMADA".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < CARDS; i++) {
            // The vault's layout: version byte, length, digits, holder name.
            byte[] digits = numbers[i].getBytes(StandardCharsets.US_ASCII);
            byte[] p = new byte[2 + digits.length + name.length];
            p[0] = 1;
            p[1] = (byte) digits.length;
            System.arraycopy(digits, 0, p, 2, digits.length);
            System.arraycopy(name, 0, p, 2 + digits.length, name.length);
            plaintexts[i] = p;
            fingerprintInputs[i] = digits;
            sealed[i] = encrypt(dataKey, p, aad);
        }
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

    @Benchmark
    public CardMetadata tokenizeOpaque(Cursor cursor) {
        return vault.tokenize(tenant, cards[cursor.card()], OPAQUE);
    }

    @Benchmark
    public CardMetadata tokenizeFormatPreserving(Cursor cursor) {
        return vault.tokenize(tenant, cards[cursor.card()], FORMAT_PRESERVING);
    }

    @Benchmark
    public RevealedCard detokenize(Cursor cursor) {
        return vault.detokenize(tenant, tokens[cursor.token()]).orElseThrow();
    }

    /** Baseline for tokenize: what it computes, without the database. */
    @Benchmark
    public void cryptoEncryptAndFingerprint(Cursor cursor, Blackhole bh) throws GeneralSecurityException {
        int i = cursor.card();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(fingerprintKey);
        bh.consume(BASE64URL.encodeToString(mac.doFinal(fingerprintInputs[i])));
        bh.consume(encrypt(dataKey, plaintexts[i], aad));
    }

    /** Baseline for detokenize: the decryption alone. */
    @Benchmark
    public byte[] cryptoDecrypt(Cursor cursor) throws GeneralSecurityException {
        byte[] s = sealed[cursor.card()];
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, dataKey, new GCMParameterSpec(128, s, 0, 12));
        cipher.updateAAD(aad);
        return cipher.doFinal(s, 12, s.length - 12);
    }

    private static byte[] encrypt(SecretKey key, byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        byte[] out = new byte[12 + plaintext.length + 16];
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        System.arraycopy(iv, 0, out, 0, 12);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, out, 0, 12));
        cipher.updateAAD(associatedData);
        cipher.doFinal(plaintext, 0, plaintext.length, out, 12);
        return out;
    }

    private static HikariDataSource dataSource(String db) throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setMaximumPoolSize(4);
        config.setPoolName("vault-bench");
        if (db.equals("h2")) {
            // A fresh in-memory database per trial, so earlier trials' rows do not slow this one.
            config.setJdbcUrl("jdbc:h2:mem:bench-" + System.nanoTime()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
            config.setUsername("sa");
            config.setPassword("");
            return new HikariDataSource(config);
        }
        if (!db.equals("postgres")) {
            throw new IllegalArgumentException("db must be h2 or postgres");
        }
        String url = System.getProperty("mamori.bench.postgres-url", "jdbc:postgresql://127.0.0.1:5432/mamori_bench");
        String name = url.substring(url.lastIndexOf('/') + 1).split("[?;]")[0];
        if (!name.contains("bench")) {
            // Set-up drops schema vault: never on a database that might hold real cards.
            throw new IllegalArgumentException("the benchmark database's name must contain 'bench', not " + name);
        }
        config.setJdbcUrl(url);
        config.setUsername(System.getProperty("mamori.bench.postgres-user", "mamori"));
        config.setPassword(System.getProperty("mamori.bench.postgres-password", "mamori"));
        HikariDataSource ds = new HikariDataSource(config);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop schema if exists vault cascade");
        }
        return ds;
    }
}
