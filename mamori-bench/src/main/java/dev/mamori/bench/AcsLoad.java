package dev.mamori.bench;

import static dev.mamori.bench.BenchHttp.field;
import static dev.mamori.bench.BenchHttp.require;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Load generator for 3-D Secure authentication: browser payment AReqs sent to a running Mamori's
 * Directory Server ({@code POST /threeds/ds/areq}, the path a 3DS Server uses: the DS stores the
 * transaction and forwards the AReq to the ACS over HTTP) or straight to the ACS
 * ({@code --target acs}, {@code POST /threeds/acs/areq}, with the DS fields filled in).
 *
 * <p>Set-up through the JSON API, as {@link AuthorizationLoad} does: a new tenant, an API key with
 * roles issuer, analyst and admin, a BIN route for a random 7-digit Visa prefix (the demo DS routes
 * every tenant's BIN routes to this instance's ACS), {@code --cards} card accounts and, for the
 * first {@code --enrolled} of them, a challenge enrolment (e-mail OTP), so the ACS can answer C.
 *
 * <p>Open loop at a fixed rate: request {@code i} is due at {@code start + i / rate}; {@code --workers}
 * threads take the requests in turn, each on its own kept-alive connection, and the latency of a
 * request is measured from the time it was due, not from when a worker got to send it, so a server
 * that falls behind shows as queueing (no coordinated omission). Message versions alternate 2.2.0 and
 * 2.3.1; amounts are log-uniform from 100 to 300 000 yen; a random card, its usual browser nine times
 * in ten.
 *
 * <p>Errors: I/O failures, HTTP statuses other than 200, Erro answers and ARes without transStatus.
 * Answers are counted by transStatus (Y frictionless, C challenge, N, R, U...). Exit code 1 when
 * there was an error.
 */
public final class AcsLoad {
    public static final String HELP = """
            usage: acs-load [--url http://127.0.0.1:8080] [--operator-key KEY] [--target ds|acs] [--rate 1000]
                            [--duration 30] [--warmup 10] [--workers 64] [--cards 3000] [--enrolled 2000]
              Sends browser payment AReqs (2.2.0 and 2.3.1) to a running Mamori at a fixed rate (open loop:
              latency from each request's due time), after setting up a tenant through the API (BIN route,
              card accounts, challenge enrolments). --target ds posts to /threeds/ds/areq (the DS forwards to
              the ACS over HTTP), --target acs straight to /threeds/acs/areq. Prints p50/p90/p99/p99.9/max,
              the ARes statuses and the errors. Loopback URLs only. The operator key defaults to
              MAMORI_BOOTSTRAP_API_KEY. Exit code 1 when any request failed, 2 on bad options.""";

    private static final Pattern TRANS_STATUS = Pattern.compile("\"transStatus\"\\s*:\\s*\"([A-Z])\"");
    private static final Pattern MESSAGE_TYPE = Pattern.compile("\"messageType\"\\s*:\\s*\"([A-Za-z]+)\"");
    private static final long MAX_LATENCY_NANOS = Duration.ofMinutes(2).toNanos();
    private static final DateTimeFormatter PURCHASE_DATE = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final String[] USER_AGENTS = {
        "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile Safari/604.1",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"};
    private static final String[] MCCS = {"5411", "5499", "5812", "5732", "5999", "4111", "5311", "5945"};

    private final Options options;
    private final PrintStream out;
    private String apiKey;
    private String[] pans;
    private String expiry;

    private volatile boolean stop;
    private final Recorder latency = new Recorder(MAX_LATENCY_NANOS, 3);
    private final LongAdder answered = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
    private final AtomicInteger sampled = new AtomicInteger();

    private AcsLoad(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    /** @return the exit code: 0 all answered, 1 some request failed, 2 bad options */
    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(HELP);
            return 2;
        }
        if (options == null) {
            out.println(HELP);
            return 0;
        }
        System.setProperty("http.maxConnections", Integer.toString(Math.max(options.workers, 16)));
        return new AcsLoad(options, out).run();
    }

    private int run() throws Exception {
        out.printf("target %s %s, %d AReq/s open loop, %d s (+%d s warm-up), %d workers, %d cards (%d enrolled)%n", options.url,
                path(), options.rate, options.durationSeconds, options.warmupSeconds, options.workers, options.cards, options.enrolled);
        setUp();
        if (options.warmupSeconds > 0) {
            drive(options.warmupSeconds);
            answered.reset();
            errors.reset();
            statuses.clear();
            errorKinds.clear();
            errorSamples.clear();
            sampled.set(0);
            out.println("warm-up done");
        }
        long nanos = drive(options.durationSeconds);
        report(latency.getIntervalHistogram(), nanos);
        return errors.sum() == 0 ? 0 : 1;
    }

    private String path() {
        return options.target.equals("acs") ? "/threeds/acs/areq" : "/threeds/ds/areq";
    }

    // --- set-up ----------------------------------------------------------------------------------

    private void setUp() throws Exception {
        long t0 = System.nanoTime();
        BenchHttp.Reply tenant = send("POST", "/v1/tenants", "{\"name\":\"acs-bench-" + Long.toString(System.currentTimeMillis(), 36) + "\"}", options.operatorKey);
        require(tenant, 201, "create tenant");
        String adminKey = field(tenant.body(), "adminApiKey", "key");
        BenchHttp.Reply key = send("POST", "/v1/api-keys", "{\"name\":\"acs load\",\"roles\":[\"issuer\",\"analyst\",\"admin\"]}", adminKey);
        require(key, 201, "create API key");
        apiKey = field(key.body(), null, "key");
        SplittableRandom random = new SplittableRandom();
        String prefix = "4" + String.format("%06d", random.nextInt(1_000_000));
        require(send("POST", "/v1/risk/bin-routes", "{\"prefix\":\"" + prefix + "\"}", apiKey), 201, "add BIN route");
        pans = IssuerTraffic.pans(new String[] {prefix}, options.cards, random.nextLong());
        int expiryYear = Year.now().getValue() + 2;
        expiry = String.format("%02d12", expiryYear % 100);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> opened = new ArrayList<>();
            int perTask = 250;
            for (int from = 0; from < options.cards; from += perTask) {
                int first = from;
                int last = Math.min(options.cards, from + perTask);
                opened.add(pool.submit(() -> {
                    for (int i = first; i < last; i++) {
                        require(send("POST", "/v1/cards", "{\"pan\":\"" + pans[i] + "\",\"expiryMonth\":12,\"expiryYear\":" + expiryYear
                                + ",\"currency\":\"JPY\",\"creditLimit\":1000000000000}", apiKey), 201, "open card account");
                        if (i < options.enrolled) {
                            require(send("POST", "/v1/threeds/acs/enrolments", "{\"pan\":\"" + pans[i] + "\",\"email\":\"card" + i
                                    + "@example.org\"}", apiKey), 201, "enrol card");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : opened) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        out.printf("tenant %s, BIN route %s, %d card accounts, %d enrolled; set-up took %.1f s%n", field(tenant.body(), "tenant", "id"), prefix,
                options.cards, Math.min(options.enrolled, options.cards), (System.nanoTime() - t0) / 1e9);
    }

    // --- the load --------------------------------------------------------------------------------

    /** Runs the load for {@code seconds} at the fixed rate. @return the wall time in nanoseconds */
    private long drive(int seconds) throws Exception {
        stop = false;
        long total = (long) options.rate * seconds;
        double period = 1e9 / options.rate;
        long start = System.nanoTime() + 50_000_000L;
        latency.reset();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < options.workers; w++) {
            int worker = w;
            threads.add(new Thread(() -> work(worker, start, period, total), "areq-" + w));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        return System.nanoTime() - start;
    }

    /** Worker {@code w} sends requests w, w + workers, w + 2 workers...; each is due at start + i * period. */
    private void work(int w, long start, double period, long total) {
        SplittableRandom random = new SplittableRandom();
        try (KeptAliveConnection connection = new KeptAliveConnection(options.url, path())) {
            work(w, start, period, total, random, connection);
        }
    }

    private void work(int w, long start, double period, long total, SplittableRandom random, KeptAliveConnection connection) {
        for (long i = w; i < total; i += options.workers) {
            long due = start + (long) (i * period);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
            }
            String body = areq(random, i);
            BenchHttp.Reply reply;
            try {
                reply = connection.post(body);
            } catch (IOException e) {
                latency.recordValue(Math.min(System.nanoTime() - due, MAX_LATENCY_NANOS));
                error("I/O " + e.getClass().getSimpleName(), e.getMessage());
                continue;
            }
            latency.recordValue(Math.min(System.nanoTime() - due, MAX_LATENCY_NANOS));
            answered.increment();
            if (reply.status() != 200) {
                error("HTTP " + reply.status(), reply.body());
                continue;
            }
            Matcher type = MESSAGE_TYPE.matcher(reply.body());
            if (!type.find() || !type.group(1).equals("ARes")) {
                error(type.find(0) ? type.group(1) : "no messageType", reply.body());
                continue;
            }
            Matcher m = TRANS_STATUS.matcher(reply.body());
            if (!m.find()) {
                error("ARes without transStatus", reply.body());
                continue;
            }
            statuses.computeIfAbsent(m.group(1), k -> new LongAdder()).increment();
        }
    }

    private String areq(SplittableRandom random, long sequence) {
        return areq(random, sequence, pans, expiry, options.target.equals("acs") ? options.url + "/threeds/ds/rreq" : null);
    }

    /**
     * A browser payment AReq for a random card of {@code pans}: 2.2.0 for an even {@code sequence}, 2.3.1
     * for an odd one, fresh random threeDSServerTransID (and dsTransID). Shared with
     * {@link AcsAuthenticationBenchmark}.
     *
     * @param expiry the cards' expiry, YYMM
     * @param dsUrl null for an AReq as the 3DS Server sends it to the DS; else the DS's RReq URL, and the
     *     AReq carries the DS's fields (dsTransID, dsReferenceNumber, dsURL) as the ACS receives it
     */
    static String areq(SplittableRandom random, long sequence, String[] pans, String expiry, String dsUrl) {
        int card = random.nextInt(pans.length);
        boolean v231 = (sequence & 1) == 1;
        // Each card's usual browser (IP, user agent, screen) nine times in ten.
        int browser = random.nextInt(10) == 0 ? random.nextInt(1 << 20) : card;
        long amount = Math.round(Math.exp(Math.log(100) + random.nextDouble() * (Math.log(300_000) - Math.log(100))));
        int merchant = random.nextInt(2_000);
        StringBuilder b = new StringBuilder(1_800);
        b.append("{\"messageType\":\"AReq\",\"messageVersion\":\"").append(v231 ? "2.3.1" : "2.2.0").append('"')
                .append(",\"threeDSServerTransID\":\"").append(UUID.randomUUID()).append('"')
                .append(",\"threeDSServerRefNumber\":\"MAMORI-3DSS-0001\",\"threeDSServerURL\":\"https://3dss.example.org/threeds/server/rreq\"")
                .append(",\"threeDSRequestorID\":\"MAMORI-REQ-").append(String.format("%04d", merchant % 50))
                .append("\",\"threeDSRequestorName\":\"Bench Shop ").append(merchant)
                .append("\",\"threeDSRequestorURL\":\"https://shop").append(merchant).append(".example.org\"")
                .append(",\"threeDSRequestorAuthenticationInd\":\"01\",\"deviceChannel\":\"02\",\"messageCategory\":\"01\"")
                .append(",\"acctNumber\":\"").append(pans[card]).append("\",\"cardExpiryDate\":\"").append(expiry).append('"')
                .append(",\"acquirerBIN\":\"412345\",\"acquirerMerchantID\":\"SHOP").append(String.format("%05d", merchant)).append('"')
                .append(",\"merchantName\":\"Bench Shop ").append(merchant).append("\",\"mcc\":\"").append(MCCS[merchant % MCCS.length])
                .append("\",\"merchantCountryCode\":\"392\",\"purchaseAmount\":\"").append(amount)
                .append("\",\"purchaseCurrency\":\"392\",\"purchaseExponent\":\"0\",\"purchaseDate\":\"")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(PURCHASE_DATE)).append("\",\"transType\":\"01\"")
                .append(",\"browserAcceptHeader\":\"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\"")
                .append(",\"browserJavascriptEnabled\":true,\"browserJavaEnabled\":false,\"browserLanguage\":\"ja-JP\"")
                .append(",\"browserColorDepth\":\"24\",\"browserScreenHeight\":\"").append(browser % 2 == 0 ? "1080" : "844")
                .append("\",\"browserScreenWidth\":\"").append(browser % 2 == 0 ? "1920" : "390")
                .append("\",\"browserTZ\":\"-540\",\"browserUserAgent\":\"").append(USER_AGENTS[browser % USER_AGENTS.length])
                .append("\",\"browserIP\":\"192.0.2.").append(browser & 0xFF).append('"')
                .append(",\"threeDSCompInd\":\"N\",\"notificationURL\":\"https://shop").append(merchant)
                .append(".example.org/3ds/challenge-notification\"")
                .append(",\"email\":\"card").append(card).append("@example.org\",\"cardholderName\":\"Bench Cardholder\"");
        if (v231) {
            b.append(",\"threeDSRequestorChallengeInd\":[\"01\"],\"acceptLanguage\":[\"ja-JP\",\"en\"]")
                    .append(",\"acquirerCountryCode\":\"392\",\"acquirerCountryCodeSource\":\"01\"");
        } else {
            b.append(",\"threeDSRequestorChallengeInd\":\"01\"");
        }
        if (dsUrl != null) {
            b.append(",\"dsTransID\":\"").append(UUID.randomUUID())
                    .append("\",\"dsReferenceNumber\":\"MAMORI-DS-0001\",\"dsURL\":\"").append(dsUrl).append('"');
        }
        return b.append('}').toString();
    }

    private void error(String kind, String detail) {
        errors.increment();
        errorKinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
        if (sampled.getAndIncrement() < 10) {
            String text = detail == null ? "" : detail.replaceAll("[0-9]{13,19}", "<digits>");
            errorSamples.add(kind + ": " + (text.length() > 300 ? text.substring(0, 300) + "..." : text));
        }
    }

    // --- report ----------------------------------------------------------------------------------

    private void report(Histogram h, long nanos) {
        out.printf("%n%-18s %9s %9s %8s %8s %8s %8s %8s %8s%n", "target", "answered", "AReq/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms",
                "max ms", "errors");
        out.printf("%-18s %9d %9.0f %8.2f %8.2f %8.2f %8.2f %8.2f %8d%n", path(), answered.sum(), answered.sum() / (nanos / 1e9),
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()), errors.sum());
        Map<String, Long> counts = new TreeMap<>();
        statuses.forEach((k, v) -> counts.put(k, v.sum()));
        out.println("transStatus: " + counts);
        errorKinds.forEach((k, v) -> out.println("  error " + k + ": " + v.sum()));
        errorSamples.forEach(s -> out.println("  sample: " + s));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private BenchHttp.Reply send(String method, String path, String json, String key) throws IOException {
        return BenchHttp.send(options.url, method, path, json, key);
    }

    // --- options ---------------------------------------------------------------------------------

    private static final class Options {
        String url = "http://127.0.0.1:8080";
        String operatorKey = System.getenv("MAMORI_BOOTSTRAP_API_KEY");
        String target = "ds";
        int rate = 1_000;
        int durationSeconds = 30;
        int warmupSeconds = 10;
        int workers = 64;
        int cards = 3_000;
        int enrolled = 2_000;

        /** @return the options, or null when help was asked for */
        static Options parse(String[] args) throws IOException {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("--help") || name.equals("-h")) {
                    return null;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + name + " needs a value");
                }
                String value = args[++i];
                try {
                    switch (name) {
                        case "--url" -> o.url = value;
                        case "--operator-key" -> o.operatorKey = value;
                        case "--target" -> o.target = value;
                        case "--rate" -> o.rate = Integer.parseInt(value);
                        case "--duration" -> o.durationSeconds = Integer.parseInt(value);
                        case "--warmup" -> o.warmupSeconds = Integer.parseInt(value);
                        case "--workers" -> o.workers = Integer.parseInt(value);
                        case "--cards" -> o.cards = Integer.parseInt(value);
                        case "--enrolled" -> o.enrolled = Integer.parseInt(value);
                        default -> throw new IllegalArgumentException("unknown option " + name);
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("option " + name + " needs a whole number, not " + value);
                }
            }
            if (o.operatorKey == null || o.operatorKey.isBlank()) {
                throw new IllegalArgumentException("the operator API key: --operator-key KEY or MAMORI_BOOTSTRAP_API_KEY");
            }
            if (!o.target.equals("ds") && !o.target.equals("acs")) {
                throw new IllegalArgumentException("--target is ds or acs");
            }
            if (o.rate < 1 || o.rate > 100_000 || o.durationSeconds < 1 || o.warmupSeconds < 0 || o.workers < 1 || o.workers > 1_000
                    || o.cards < 1 || o.cards > 12_000 || o.enrolled < 0) {
                throw new IllegalArgumentException(
                        "need 1 <= rate <= 100000, duration >= 1, warmup >= 0, 1 <= workers <= 1000, 1 <= cards <= 12000, enrolled >= 0");
            }
            URI uri = URI.create(o.url);
            if (!"http".equals(uri.getScheme())) {
                throw new IllegalArgumentException("--url must be an http:// URL (the load generator speaks plain HTTP/1.1)");
            }
            // A load test only ever targets this machine.
            if (uri.getHost() == null || !InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
                throw new IllegalArgumentException("--url must name a loopback address (127.0.0.1, localhost, [::1])");
            }
            o.url = o.url.replaceAll("/+$", "");
            return o;
        }
    }
}
