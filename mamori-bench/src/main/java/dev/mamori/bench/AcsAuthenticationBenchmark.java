package dev.mamori.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.mamori.common.Pan;
import dev.mamori.common.SecurityCode;
import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.risk.AuthorizationRequest;
import dev.mamori.risk.CardAccount;
import dev.mamori.risk.CardUse;
import dev.mamori.risk.Channel;
import dev.mamori.risk.Decision;
import dev.mamori.risk.MessageKind;
import dev.mamori.risk.RiskModule;
import dev.mamori.risk.lists.ListHits;
import dev.mamori.risk.lists.ListKind;
import dev.mamori.risk.lists.ListQuery;
import dev.mamori.threeds.AuthenticationContext;
import dev.mamori.threeds.ChallengeAuthenticator;
import dev.mamori.threeds.DeviceChannel;
import dev.mamori.threeds.acs.Acs;
import dev.mamori.threeds.acs.AcsSettings;
import dev.mamori.threeds.acs.AcsSigningKey;
import dev.mamori.threeds.acs.CardDirectory;
import dev.mamori.threeds.acs.DirectoryServerClient;
import dev.mamori.threeds.authvalue.AuthenticationValues;
import dev.mamori.threeds.challenge.AesGcmSecretSealer;
import dev.mamori.threeds.challenge.CardholderChallenges;
import dev.mamori.threeds.challenge.ChallengeSettings;
import dev.mamori.threeds.challenge.EnrolmentChange;
import dev.mamori.threeds.challenge.OobNotifier;
import dev.mamori.threeds.challenge.Outbox;
import dev.mamori.threeds.challenge.OutboxOtpSender;
import dev.mamori.threeds.challenge.PurchaseLookup;
import dev.mamori.threeds.message.MessageType;
import dev.mamori.threeds.message.ThreeDsException;
import dev.mamori.threeds.message.ThreeDsMessage;
import dev.mamori.threeds.risk.AcsPolicies;
import dev.mamori.threeds.risk.IssuerRiskSignals;
import dev.mamori.threeds.risk.RiskBasedDecider;
import dev.mamori.vault.Vault;
import dev.mamori.vault.keys.Pkcs12MasterKeyProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The ACS in process, AReq → ARes: {@code ThreeDsMessage.parse(bytes)} → {@code Acs.handleAReq} →
 * {@code toBytes()}, without HTTP, on the objects the server wires ({@code AcsConfig},
 * {@code AcsRiskConfig}, {@code ChallengeConfig}, {@code AuthenticationValueConfig}) built here in
 * plain Java:
 *
 * <ul>
 *   <li>an H2 file database in a temporary directory with the server's options
 *       ({@code MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;QUERY_CACHE_SIZE=32}), a
 *       HikariCP pool of 10, the vault, risk and threeds migrations;</li>
 *   <li>the vault on a PKCS#12 key store (card fingerprints; the tenant's {@code 3ds-av-1} key for the
 *       authentication value, {@link AuthenticationValues});</li>
 *   <li>{@link CardDirectory}: the risk module's BIN routes and the vault's fingerprint, as the server's;</li>
 *   <li>{@link RiskBasedDecider} with {@link AcsPolicies} (the tenant has no policy of its own: the defaults),
 *       its enrolment check through {@link CardholderChallenges}, and the issuer's view
 *       ({@link IssuerSignals}, the same reads as the server's {@code RiskModuleSignals});</li>
 *   <li>{@link CardholderChallenges} (e-mail OTP to an in-memory outbox; every other card enrolled), so
 *       the ACS can answer C;</li>
 *   <li>a {@link DirectoryServerClient} that fails: it is only called after a challenge, and none runs here.</li>
 * </ul>
 *
 * <p>Set-up: one issuer tenant with a 7-digit Visa BIN route, {@code cards} card accounts (JPY, a limit
 * never reached), the 100-rule set of {@code issuer-rules-100.txt} active, and 5 to 20 authorizations per
 * card through the real host ({@code risk.host().decide}) spread over the last 60 days, so the ACS's
 * issuer reads (the card's 90-day decision log, labels, lists) find what a live issuer has; one card in
 * fifty has one of its authorizations labelled fraud. Then the ACS answers {@code acsHistory} AReqs per card
 * (at least 500), which gives it the history a running ACS has (known devices, past challenges) and checks
 * the wiring: any Erro, or an ARes with a transStatus other than Y, C or N, or no Y at all, fails the
 * set-up (a benchmark of the error path is worthless). The mix is printed, and again after the run.
 *
 * <p>Why the set-up AReqs matter besides: H2 plans a statement with the statistics it has, and keeps the plan
 * as long as the statement stays in the connection's cache ({@code queryCache}). On a fresh database the
 * tables are empty until its first automatic ANALYZE (after some 2 000 changed rows); a plan made before
 * then can take the wrong index for good (before the one-query card history, the challenge-history read
 * scanned the tenant's 30 days on {@code acs_transactions_tenant_created}: p50 5.9 ms with a cache of 128
 * against 1.8 ms with none). {@code -p acsHistory=0} starts the run on the near-empty tables.
 *
 * <p>Each call takes one of 4 096 pre-built AReqs (per thread; {@link AcsLoad#areq}: browser channel,
 * payment, 2.2.0 and 2.3.1 alternating, a random card, its usual browser nine times in ten, amounts
 * log-uniform from 100 to 300 000 yen) and writes a fresh random threeDSServerTransID and dsTransID into
 * it in place before parsing, so every AReq is a new transaction. Each call inserts the ACS's transaction
 * row and the decider's history row, as in production, so the tables grow during the run, and so does each
 * card's ACS history that every AReq reads (some 25 AReqs per card in a default run): B/op and latency creep
 * up from one iteration to the next. Cards get AReqs far faster than real cards do, so the decider's
 * per-card limits show: after five challenges a day a card is answered N (reason 19), and a card that is
 * not enrolled gets N (13) where it would be challenged. Challenges answered C stay pending (nothing calls
 * {@code Acs.expire}).
 *
 * <p>Run (one fork, latency percentiles and allocation per AReq):
 * <pre>
 * mvn -B -o -q package -DskipTests -pl mamori-bench -am
 * java -jar mamori-bench/target/mamori-bench.jar AcsAuthentication -prof gc
 * java -jar mamori-bench/target/mamori-bench.jar AcsAuthentication -prof gc -t 2          # two client threads
 * java -jar mamori-bench/target/mamori-bench.jar AcsAuthentication -bm thrpt -tu s        # AReq/s
 * java -jar mamori-bench/target/mamori-bench.jar AcsAuthentication -p cards=10000 -wi 2 -i 3 -r 5s
 * </pre>
 * Set-up takes 15 to 60 s for 1 000 cards on two cores (12 500 host authorizations, 3 000 AReqs), about ten
 * times that for 10 000.
 * SampleTime prints p50, p90, p95, p99, p99.9 and the max in µs; {@code -prof gc} adds
 * {@code gc.alloc.rate.norm}, the bytes allocated per AReq by the benchmark thread (work done on H2's
 * or Hikari's own threads is not in it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 4, time = 5)
@Threads(1)
public class AcsAuthenticationBenchmark {
    private static final Currency JPY = Currency.getInstance("JPY");
    private static final long SEED = 20261126L;
    private static final int TEMPLATES = 4096;
    private static final String DS_URL = "http://127.0.0.1:8080/threeds/ds/rreq";

    @Param({"1000"})
    public int cards;

    /**
     * H2's per-connection cache of parsed statements and their plans ({@code QUERY_CACHE_SIZE}; 32 as the
     * server's URL, H2's default is 8, 0 turns it off). A cached statement keeps the plan it was made with.
     */
    @Param({"32"})
    public int queryCache;

    /** AReqs per card the ACS answers in set-up (its own history: trusted devices, challenges), at least 500 in all. */
    @Param({"3"})
    public int acsHistory;

    private Path dir;
    private HikariDataSource dataSource;
    private Acs acs;
    private String[] pans;
    private String expiry;
    private final AtomicInteger threadIds = new AtomicInteger();
    /** ARes transStatus (or "Erro") over every measured and warm-up call, all threads. */
    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        long t0 = System.nanoTime();
        dir = Files.createTempDirectory("mamori-acs-bench");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("mamori")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;QUERY_CACHE_SIZE=" + queryCache);
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(10);
        config.setPoolName("acs-bench");
        dataSource = new HikariDataSource(config);
        for (String schema : List.of("vault", "risk", "threeds")) {
            Flyway.configure().loggers("slf4j").dataSource(dataSource).schemas(schema).defaultSchema(schema).createSchemas(true)
                    .locations("classpath:db/migration/" + schema).load().migrate();
        }
        Clock clock = Clock.systemUTC();
        Pkcs12MasterKeyProvider keys = Pkcs12MasterKeyProvider.open(dir.resolve("vault-master.p12"), "bench-keystore-passphrase".toCharArray());
        Vault vault = new Vault(dataSource, keys, clock, Duration.ofMinutes(10), Duration.ofMinutes(10));
        vault.keys().ensureMasterKey();
        RiskModule risk = new RiskModule(dataSource, vault::fingerprint, (t, cvk, pan, exp, serviceCode, presented) -> true, clock,
                RiskModule.Settings.defaults());

        // The issuer: a BIN route, card accounts, the rule set, history.
        TenantId tenant = TenantId.random();
        SplittableRandom random = new SplittableRandom(SEED);
        String prefix = "4" + String.format("%06d", random.nextInt(1_000_000));
        risk.binRoutes().add(tenant, prefix);
        pans = IssuerTraffic.pans(new String[] {prefix}, cards, SEED);
        YearMonth cardExpiry = YearMonth.of(Year.now().getValue() + 2, 12);
        expiry = String.format("%02d12", cardExpiry.getYear() % 100);
        CardAccount[] accounts = new CardAccount[cards];
        for (int i = 0; i < cards; i++) {
            accounts[i] = risk.cardAccounts().open(tenant, Pan.of(pans[i]), cardExpiry, "101", JPY, 1_000_000_000_000L, null);
        }
        int version = risk.rules().save(tenant, IssuerTraffic.rules(), "benchmark", "bench");
        if (!risk.rules().activate(tenant, version, "bench")) {
            throw new IllegalStateException("rule set not activated");
        }
        risk.start();
        Map<String, Integer> history = history(risk, tenant, random, cardExpiry);

        // Challenges: every other card enrolled for e-mail OTP.
        Outbox outbox = new Outbox(1_000, clock);
        byte[] sealKey = new byte[32];
        byte[] macKey = new byte[32];
        new SecureRandom().nextBytes(sealKey);
        new SecureRandom().nextBytes(macKey);
        CardholderChallenges challenges = new CardholderChallenges(dataSource, new AesGcmSecretSealer(sealKey, macKey),
                OutboxOtpSender.email(outbox), OutboxOtpSender.sms(outbox), OobNotifier.toOutbox(outbox), PurchaseLookup.NONE,
                ChallengeSettings.defaults(), clock);
        for (int i = 0; i < cards; i += 2) {
            challenges.enrolments().enrol(tenant, accounts[i].fingerprint(), accounts[i].last4(),
                    new EnrolmentChange("card" + i + "@example.org", null, null, null));
        }

        // The ACS, wired as the server wires it.
        Jdbc jdbc = new Jdbc(dataSource);
        RiskBasedDecider.Enrolment enrolment = (t, fingerprint) -> !challenges.methods(t, fingerprint).isEmpty();
        RiskBasedDecider decider = new RiskBasedDecider(new IssuerSignals(risk, clock), new AcsPolicies(jdbc, clock), jdbc, enrolment, clock);
        CardDirectory directory = pan -> risk.binRoutes().route(pan)
                .map(t -> new CardDirectory.Card(t, vault.fingerprint(t, pan), pan.brand()));
        DirectoryServerClient noDs = rreq -> {
            throw new IOException("the benchmark has no Directory Server: no RReq is expected");
        };
        AcsSettings settings = new AcsSettings("MAMORI-ACS-0001", "MAMORI-ACS-OPERATOR",
                () -> URI.create("http://127.0.0.1:8080/threeds/acs/challenge"), Duration.ofMinutes(10), Duration.ofSeconds(30));
        acs = new Acs(dataSource, directory, decider, (ChallengeAuthenticator) challenges, new AuthenticationValues(keys, 1), noDs, settings,
                clock, AcsSigningKey.selfSigned());

        // The ACS's own history, and the check: real ARes answers, Y among them.
        Map<String, Integer> check = new TreeMap<>();
        SplittableRandom checkRandom = new SplittableRandom(SEED + 99);
        int prefill = Math.max(500, acsHistory * cards);
        for (int i = 0; i < prefill; i++) {
            ThreeDsMessage ares = acs.handleAReq(ThreeDsMessage.parse(
                    AcsLoad.areq(checkRandom, i, pans, expiry, DS_URL).getBytes(StandardCharsets.UTF_8)));
            String answer = answer(ares);
            check.merge(answer, 1, Integer::sum);
            if (!answer.equals("Y") && !answer.equals("C") && !answer.equals("N")) {
                throw new IllegalStateException("the ACS answered " + answer + ", not an ARes Y/C/N: the wiring is wrong: " + new String(
                        ares.toBytes(), StandardCharsets.UTF_8));
            }
        }
        if (!check.containsKey("Y")) {
            throw new IllegalStateException("no frictionless ARes in " + prefill + " AReqs: " + check);
        }
        System.out.printf("%nACS bench: %d cards (%d enrolled), host history %s, set-up %.1f s; %d AReqs answered in set-up: %s%n", cards,
                (cards + 1) / 2, history, (System.nanoTime() - t0) / 1e9, prefill, check);
    }

    /**
     * 5 to 20 authorizations per card through the host, at random times over the last 60 days, sent in
     * time order; EC data (device, IP, e-mail, address) and merchants drawn as {@link IssuerTraffic} does.
     * One card in fifty gets its first authorization labelled fraud.
     *
     * @return the host's answers by action
     */
    private Map<String, Integer> history(RiskModule risk, TenantId tenant, SplittableRandom random, YearMonth cardExpiry) {
        IssuerTraffic traffic = IssuerTraffic.of(pans, SEED);
        long now = System.currentTimeMillis();
        long span = Duration.ofDays(60).toMillis();
        List<long[]> events = new ArrayList<>(); // {time, card}
        for (int card = 0; card < cards; card++) {
            int n = 5 + random.nextInt(16);
            for (int k = 0; k < n; k++) {
                events.add(new long[] {now - 60_000 - random.nextLong(span), card});
            }
        }
        events.sort(Comparator.comparingLong(e -> e[0]));
        Pan[] cardPans = new Pan[cards];
        for (int i = 0; i < cards; i++) {
            cardPans[i] = Pan.of(pans[i]);
        }
        UUID[] first = new UUID[cards];
        Map<String, Integer> actions = new TreeMap<>();
        IssuerTraffic.Draw d = new IssuerTraffic.Draw();
        SecurityCode cvc = SecurityCode.of("123");
        long sequence = 0;
        for (long[] event : events) {
            traffic.draw(random, d);
            int card = (int) event[1];
            d.card = card;
            long n = ++sequence;
            AuthorizationRequest.EcData ec = d.channel == Channel.ECOMMERCE
                    ? new AuthorizationRequest.EcData(traffic.devices[d.device], traffic.ips[d.ip], traffic.emails[d.email],
                            traffic.addresses[d.address], null)
                    : AuthorizationRequest.EcData.NONE;
            AuthorizationRequest request = new AuthorizationRequest(tenant, MessageKind.AUTHORIZATION,
                    new AuthorizationRequest.PresentedCard(cardPans[card], cardExpiry, ec == AuthorizationRequest.EcData.NONE ? null : cvc,
                            null, null), d.amount, JPY, "000000", d.channel,
                    new AuthorizationRequest.Merchant(traffic.merchantIds[d.merchant], "T0000001", "Mamori Bench Shop Tokyo JP",
                            traffic.merchantMccs[d.merchant], traffic.merchantCountries[d.merchant]),
                    new AuthorizationRequest.Trace(Long.toString(n % 1_000_000), "H" + Long.toString(n, 36), null, null, null, null, null), ec,
                    Instant.ofEpochMilli(event[0]));
            Decision decision = risk.host().decide(request, "bench");
            actions.merge(decision.action() == null ? "none" : decision.action().name(), 1, Integer::sum);
            if (first[card] == null) {
                first[card] = decision.id();
            }
        }
        for (int card = 0; card < cards; card += 50) {
            risk.labels().confirm(tenant, List.of(first[card]), true, null, "bench", null);
        }
        return actions;
    }

    private static String answer(ThreeDsMessage message) {
        if (message.type() != MessageType.ARes) {
            return String.valueOf(message.text("messageType"));
        }
        String status = message.text("transStatus");
        return status == null ? "ARes without transStatus" : status;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        answers.forEach((k, v) -> counts.put(k, v.sum()));
        System.out.println("\nACS bench: answers during the run (warm-up included), transStatus/reason: " + counts);
        dataSource.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        if (counts.keySet().stream().anyMatch(k -> !k.startsWith("Y") && !k.startsWith("C") && !k.startsWith("N"))) {
            throw new IllegalStateException("the ACS answered something else than an ARes Y/C/N during the run: " + counts);
        }
    }

    /** Per benchmark thread: its own pre-built AReqs (rewritten in place), random stream and answer counts. */
    @State(Scope.Thread)
    public static class Worker {
        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        byte[][] areqs;
        int[] serverTransIdAt;
        int[] dsTransIdAt;
        SplittableRandom random;
        /** By transStatus (its character) * 100 + transStatusReason (00 without one); 0 for an Erro or anything else. */
        final long[] counts = new long[128 * 100];

        @Setup(Level.Trial)
        public void setUp(AcsAuthenticationBenchmark b) {
            int id = b.threadIds.incrementAndGet();
            SplittableRandom build = new SplittableRandom(SEED + 1_000 * id);
            random = new SplittableRandom(SEED + 1_000 * id + 1);
            areqs = new byte[TEMPLATES][];
            serverTransIdAt = new int[TEMPLATES];
            dsTransIdAt = new int[TEMPLATES];
            for (int i = 0; i < TEMPLATES; i++) {
                byte[] bytes = AcsLoad.areq(build, i, b.pans, b.expiry, DS_URL).getBytes(StandardCharsets.UTF_8);
                areqs[i] = bytes;
                serverTransIdAt[i] = valueAt(bytes, "\"threeDSServerTransID\":\"");
                dsTransIdAt[i] = valueAt(bytes, "\"dsTransID\":\"");
            }
        }

        @TearDown(Level.Iteration)
        public void flush(AcsAuthenticationBenchmark b) {
            for (int c = 0; c < counts.length; c++) {
                if (counts[c] > 0) {
                    String key = c == 0 ? "Erro or other" : Character.toString(c / 100) + (c % 100 == 0 ? "" : String.format("/%02d", c % 100));
                    b.answers.computeIfAbsent(key, k -> new LongAdder()).add(counts[c]);
                    counts[c] = 0;
                }
            }
        }

        /** A pre-built AReq with fresh random (version 4) threeDSServerTransID and dsTransID. */
        byte[] next() {
            int i = random.nextInt(TEMPLATES);
            byte[] bytes = areqs[i];
            uuid(bytes, serverTransIdAt[i]);
            uuid(bytes, dsTransIdAt[i]);
            return bytes;
        }

        void count(ThreeDsMessage ares) {
            String status = ares.type() == MessageType.ARes ? ares.text("transStatus") : null;
            if (status == null || status.length() != 1 || status.charAt(0) >= 128) {
                counts[0]++;
                return;
            }
            String reason = ares.text("transStatusReason");
            int r = reason != null && reason.length() == 2 && Character.isDigit(reason.charAt(0)) && Character.isDigit(reason.charAt(1))
                    ? Integer.parseInt(reason) : 0;
            counts[status.charAt(0) * 100 + r]++;
        }

        private void uuid(byte[] b, int at) {
            long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
            long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            int p = at;
            for (int k = 0; k < 32; k++) {
                if (k == 8 || k == 12 || k == 16 || k == 20) {
                    b[p++] = '-';
                }
                long word = k < 16 ? hi : lo;
                int shift = 60 - 4 * (k & 15);
                b[p++] = HEX[(int) (word >>> shift) & 0xF];
            }
        }

        private static int valueAt(byte[] bytes, String key) {
            byte[] k = key.getBytes(StandardCharsets.US_ASCII);
            outer:
            for (int i = 0; i + k.length + 36 <= bytes.length; i++) {
                for (int j = 0; j < k.length; j++) {
                    if (bytes[i + j] != k[j]) {
                        continue outer;
                    }
                }
                return i + k.length;
            }
            throw new IllegalStateException("the AReq has no " + key);
        }
    }

    @Benchmark
    public void areqToAres(Worker w, Blackhole bh) throws ThreeDsException {
        ThreeDsMessage ares = acs.handleAReq(ThreeDsMessage.parse(w.next()));
        w.count(ares);
        bh.consume(ares.toBytes());
    }

    /**
     * The issuer's view of an AReq's card through the risk module's public API. It mirrors the server's
     * {@code RiskModuleSignals} (package-private in mamori-server, so not reachable from here): the card
     * account by fingerprint, its recent use ({@code RiskModule.cardUse}), and the tenant's lists matched
     * against card, browser IP, e-mail and device. Keep the two in step.
     */
    static final class IssuerSignals implements IssuerRiskSignals {
        private final RiskModule risk;
        private final Clock clock;

        IssuerSignals(RiskModule risk, Clock clock) {
            this.risk = risk;
            this.clock = clock;
        }

        @Override
        public IssuerFacts facts(AuthenticationContext ctx) {
            TenantId tenant = ctx.tenant();
            Optional<CardAccount> account = ctx.cardFingerprint() == null || ctx.pan() == null ? Optional.empty()
                    : risk.cardAccounts().byFingerprint(tenant, ctx.cardFingerprint());
            if (account.isEmpty()) {
                return IssuerFacts.unknownCard();
            }
            CardAccount card = account.get();
            Instant now = ctx.at() == null ? clock.instant() : ctx.at();
            CardUse use = risk.cardUse(tenant, card.id(), now);
            Map<String, String> s = ctx.signals();
            String device = ctx.channel() == DeviceChannel.APP ? s.get("sdkAppID") : s.get("deviceId");
            ListHits hits = risk.lists().match(tenant, ListQuery.builder().cardFingerprint(ctx.cardFingerprint())
                    .ip(s.getOrDefault("browserIP", s.get("browserIPAddress"))).email(s.get("email")).deviceId(device).build(), now);
            Set<ListHit> blocks = EnumSet.noneOf(ListHit.class);
            Set<ListHit> allows = EnumSet.noneOf(ListHit.class);
            for (ListKind kind : ListKind.values()) {
                ListHit hit = switch (kind) {
                    case CARD_FINGERPRINT -> ListHit.CARD;
                    case IP -> ListHit.IP;
                    case EMAIL -> ListHit.EMAIL;
                    case DEVICE -> ListHit.DEVICE;
                    default -> null;
                };
                if (hit != null && hits.isBlocked(kind)) {
                    blocks.add(hit);
                }
                if (hit != null && hits.isAllowed(kind)) {
                    allows.add(hit);
                }
            }
            CardState state = switch (card.status()) {
                case ACTIVE -> CardState.ACTIVE;
                case BLOCKED -> CardState.BLOCKED;
                case LOST -> CardState.LOST;
                case STOLEN -> CardState.STOLEN;
                case EXPIRED -> CardState.EXPIRED;
            };
            return new IssuerFacts(state, card.expiry(), use.declines24h(), use.fraudFlags24h(), use.authorizations1h(), use.usualAmountMinor(),
                    use.usualCurrency(), use.fraudLabels(), blocks, allows);
        }
    }
}
