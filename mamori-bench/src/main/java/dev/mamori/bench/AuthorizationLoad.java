package dev.mamori.bench;

import static dev.mamori.bench.BenchHttp.field;
import static dev.mamori.bench.BenchHttp.require;

import dev.mamori.risk.Channel;
import dev.mamori.risk.iso.Iso8583Codec;
import dev.mamori.risk.iso.IsoEcData;
import dev.mamori.risk.iso.IsoMessage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Socket;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Load generator for the issuer authorization host of a running Mamori, on loopback, with the
 * decision log durable before each answer (whatever database the server runs on).
 *
 * <p>Set-up through the JSON API: a new tenant (operator key), an API key with roles issuer,
 * analyst and admin, a BIN route for a random 7-digit Visa prefix, {@code --cards} card accounts
 * under it ({@code POST /v1/cards}, limit 10^12 yen so approvals never run out), and the 100-rule set
 * of {@code issuer-rules-100.txt} saved and activated ({@code --no-rules} leaves the tenant without
 * rules). Requests are drawn as in the in-process benchmarks ({@link IssuerTraffic}): a random card,
 * its home device and IP nine times in ten, 2 000 merchants, log-uniform amounts, 80 % e-commerce.
 *
 * <p>{@code --mode iso}: ISO 8583 0100 over TCP with Mamori's codec ({@link Iso8583Codec}, the jPOS
 * ISO87BPackager layout, 2-byte length framing), {@code --connections} sockets each with up to
 * {@code --pipeline} requests in flight (a writer and a reader thread per socket; answers are matched
 * by STAN, so they may come back in any order). {@code --mode json}: {@code POST /v1/authorizations}
 * from {@code --threads} client threads, one kept-alive connection each. Both are closed loops (a
 * slot sends its next request when its previous one has been answered), so the percentiles are
 * service times at that concurrency, not corrected for coordinated omission.
 *
 * <p>Errors: I/O failures, timeouts (no answer within 30 s), HTTP statuses other than 200, and ISO
 * answers 30 (format error), 91 (issuer unavailable: the listener's queue was full) and 96 (system
 * malfunction). Declines by rules or card checks are counted by response code, not as errors.
 * The exit code is 1 when there was an error.
 *
 * <pre>
 * export MAMORI_BOOTSTRAP_API_KEY=mk_bench_operator_key_0123456789abcdefghijklmn
 * java -Xmx2g -jar mamori-server/target/mamori-server.jar --server.port=18080 --mamori.data-dir=/tmp/bench-data \
 *     --mamori.risk.iso-port=18583 &amp;
 * java -cp mamori-bench/target/mamori-bench.jar dev.mamori.bench.AuthorizationLoad --url http://127.0.0.1:18080 \
 *     --mode iso --iso-port 18583 --connections 4 --pipeline 8 --duration 30
 * java -cp mamori-bench/target/mamori-bench.jar dev.mamori.bench.AuthorizationLoad --url http://127.0.0.1:18080 \
 *     --mode json --threads 8 --duration 30
 * </pre>
 */
public final class AuthorizationLoad {
    private static final Pattern RESPONSE_CODE = Pattern.compile("\"responseCode\"\\s*:\\s*\"([0-9]{2})\"");
    private static final long MAX_LATENCY_NANOS = Duration.ofMinutes(2).toNanos();
    private static final long TIMEOUT_NANOS = Duration.ofSeconds(30).toNanos();
    private static final DateTimeFormatter FIELD7 = DateTimeFormatter.ofPattern("MMddHHmmss");
    private static final DateTimeFormatter FIELD12 = DateTimeFormatter.ofPattern("HHmmss");
    private static final String[] ISO_CHANNELS = isoChannels(); // field 48 tag CH: EC, F2F, MOTO
    private static final int SLOTS = 1000; // STAN modulo this finds a request's send time; --pipeline stays below it

    private final Options options;
    private final PrintStream out = System.out;
    private String apiKey;
    private IssuerTraffic traffic;
    private int expiryYear;

    private volatile boolean stop;
    private final Recorder latency = new Recorder(MAX_LATENCY_NANOS, 3);
    private final LongAdder answered = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Map<String, LongAdder> responseCodes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
    private final AtomicInteger sampled = new AtomicInteger();

    private AuthorizationLoad(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        System.setProperty("http.maxConnections", Integer.toString(Math.max(options.threads, 16)));
        System.exit(new AuthorizationLoad(options).run());
    }

    private int run() throws Exception {
        out.printf("target %s, mode %s, %s, %d s (+%d s warm-up), %d cards, %s%n", options.url, options.mode,
                options.mode.equals("iso") ? options.connections + " connections x " + options.pipeline + " in flight (port "
                        + options.isoPort + ")" : options.threads + " threads",
                options.durationSeconds, options.warmupSeconds, options.cards, options.rules ? "100 active rules" : "no rules");
        setUp();
        if (options.warmupSeconds > 0) {
            drive(options.warmupSeconds);
            latency.reset();
            answered.reset();
            errors.reset();
            responseCodes.clear();
            errorKinds.clear();
            errorSamples.clear();
            sampled.set(0);
            out.println("warm-up done");
        }
        long nanos = drive(options.durationSeconds);
        report(latency.getIntervalHistogram(), nanos);
        return errors.sum() == 0 ? 0 : 1;
    }

    // --- set-up ----------------------------------------------------------------------------------

    private void setUp() throws Exception {
        long t0 = System.nanoTime();
        String name = "authz-bench-" + System.currentTimeMillis();
        BenchHttp.Reply tenant = send("POST", "/v1/tenants", "{\"name\":\"" + name + "\"}", options.operatorKey);
        require(tenant, 201, "create tenant");
        String adminKey = field(tenant.body(), "adminApiKey", "key");
        BenchHttp.Reply key = send("POST", "/v1/api-keys", "{\"name\":\"authorization load\",\"roles\":[\"issuer\",\"analyst\",\"admin\"]}",
                adminKey);
        require(key, 201, "create API key");
        apiKey = field(key.body(), null, "key");
        SplittableRandom random = new SplittableRandom();
        // Seven digits leave eight for the cards: numbers 7919 apart never wrap, so none is "sequential" to another.
        String prefix = "4" + String.format("%06d", random.nextInt(1_000_000));
        require(send("POST", "/v1/risk/bin-routes", "{\"prefix\":\"" + prefix + "\"}", apiKey), 201, "add BIN route");
        int cards = options.cards;
        traffic = IssuerTraffic.of(IssuerTraffic.pans(new String[] {prefix}, cards, random.nextLong()), random.nextLong());
        expiryYear = Year.now().getValue() + 2;

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> opened = new ArrayList<>();
            int perTask = 250;
            for (int from = 0; from < cards; from += perTask) {
                int first = from;
                int last = Math.min(cards, from + perTask);
                opened.add(pool.submit(() -> {
                    for (int i = first; i < last; i++) {
                        BenchHttp.Reply r = send("POST", "/v1/cards", "{\"pan\":\"" + traffic.pans[i] + "\",\"expiryMonth\":12,\"expiryYear\":"
                                + expiryYear + ",\"currency\":\"JPY\",\"creditLimit\":1000000000000}", apiKey);
                        require(r, 201, "open card account");
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
        if (options.rules) {
            BenchHttp.Reply saved = send("POST", "/v1/rules", "{\"source\":" + jsonString(IssuerTraffic.rules()) + ",\"note\":\"benchmark\"}",
                    apiKey);
            require(saved, 201, "save rules");
            String version = field(saved.body(), null, "version");
            // Activation asks for a backtest of the version first.
            java.time.Instant now = java.time.Instant.now();
            require(send("POST", "/v1/risk/backtests", "{\"candidate\":{\"ruleVersion\":" + version + "},\"from\":\""
                    + now.minus(java.time.Duration.ofDays(1)) + "\",\"to\":\"" + now + "\"}", apiKey), 201, "backtest rules");
            require(send("POST", "/v1/rules/" + version + "/activate", null, apiKey), 200, "activate rules");
        }
        out.printf("tenant %s, BIN route %s, %d card accounts, %s; set-up took %.1f s%n", field(tenant.body(), "tenant", "id"), prefix,
                cards, options.rules ? "100 rules active" : "no rules", (System.nanoTime() - t0) / 1e9);
    }

    // --- the load --------------------------------------------------------------------------------

    /** Runs the load for {@code seconds}. @return the measured wall time in nanoseconds */
    private long drive(int seconds) throws Exception {
        stop = false;
        List<Thread> threads = new ArrayList<>();
        List<Socket> sockets = new ArrayList<>();
        if (options.mode.equals("iso")) {
            for (int c = 0; c < options.connections; c++) {
                Socket socket = new Socket("127.0.0.1", options.isoPort);
                socket.setTcpNoDelay(true);
                sockets.add(socket);
                IsoConnection connection = new IsoConnection(c, socket);
                threads.add(new Thread(connection::write, "iso-writer-" + c));
                threads.add(new Thread(connection::read, "iso-reader-" + c));
            }
        } else {
            for (int t = 0; t < options.threads; t++) {
                int id = t;
                threads.add(new Thread(() -> json(id), "json-" + t));
            }
        }
        latency.reset();
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        Thread.sleep(seconds * 1000L);
        stop = true;
        long wall = System.nanoTime() - start;
        for (Thread t : threads) {
            t.join(TimeUnit.NANOSECONDS.toMillis(TIMEOUT_NANOS) + 5_000);
        }
        for (Socket s : sockets) {
            s.close();
        }
        return wall;
    }

    private static final ThreadLocal<SplittableRandom> RANDOM = ThreadLocal.withInitial(SplittableRandom::new);
    private final AtomicInteger runIds = new AtomicInteger();

    /** One ISO 8583 connection: a writer keeping up to --pipeline requests in flight, a reader matching answers by STAN. */
    private final class IsoConnection {
        private final Iso8583Codec codec = new Iso8583Codec();
        private final Socket socket;
        private final Semaphore inFlight = new Semaphore(options.pipeline);
        private final long[] sentAt = new long[SLOTS];
        private final String rrnPrefix;
        private volatile long sent;
        private long received;

        IsoConnection(int index, Socket socket) {
            this.socket = socket;
            // Unique per connection within the run (the tenant is new): RRN = 3 letters + 9 digits, never a duplicate.
            this.rrnPrefix = letters(runIds.incrementAndGet());
        }

        void write() {
            SplittableRandom random = RANDOM.get();
            IssuerTraffic.Draw d = new IssuerTraffic.Draw();
            Iso8583Codec encoder = new Iso8583Codec();
            try {
                OutputStream o = new BufferedOutputStream(socket.getOutputStream(), 8192);
                long seq = 0;
                while (!stop) {
                    if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    if (stop) {
                        break;
                    }
                    seq++;
                    int stan = (int) (seq % 1_000_000);
                    traffic.draw(random, d);
                    byte[] message = encoder.encode(isoRequest(d, stan, rrnPrefix + String.format("%09d", seq)));
                    sentAt[stan % SLOTS] = System.nanoTime();
                    sent = seq;
                    o.write(message.length >>> 8);
                    o.write(message.length & 0xFF);
                    o.write(message);
                    o.flush();
                }
            } catch (IOException | RuntimeException e) {
                if (!stop) {
                    error("iso write " + e.getClass().getSimpleName(), e.getMessage());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void read() {
            try {
                DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 8192));
                long deadline = Long.MAX_VALUE;
                while (true) {
                    if (stop) {
                        if (received >= sent) {
                            return;
                        }
                        if (deadline == Long.MAX_VALUE) {
                            deadline = System.nanoTime() + TIMEOUT_NANOS;
                            socket.setSoTimeout((int) TimeUnit.NANOSECONDS.toMillis(TIMEOUT_NANOS));
                        }
                    }
                    int length;
                    try {
                        length = in.readUnsignedShort();
                    } catch (java.net.SocketTimeoutException e) {
                        long missing = sent - received;
                        for (long i = 0; i < missing; i++) {
                            error("iso timeout", "no answer within 30 s");
                        }
                        return;
                    }
                    byte[] bytes = in.readNBytes(length);
                    long now = System.nanoTime();
                    received++;
                    IsoMessage answer = codec.decode(bytes);
                    int stan = Integer.parseInt(answer.get(11).trim());
                    latency.recordValue(Math.min(now - sentAt[stan % SLOTS], MAX_LATENCY_NANOS));
                    answered.increment();
                    String code = answer.has(39) ? answer.get(39) : "--";
                    responseCodes.computeIfAbsent(code, k -> new LongAdder()).increment();
                    if (code.equals("30") || code.equals("91") || code.equals("96") || code.equals("--")) {
                        error("iso answer " + code, null);
                    }
                    inFlight.release();
                }
            } catch (EOFException e) {
                if (received < sent) {
                    error("iso connection closed by the server", (sent - received) + " requests unanswered");
                }
            } catch (IOException | RuntimeException e) {
                if (!stop || received < sent) {
                    error("iso I/O (read) " + e.getClass().getSimpleName(), e.getMessage());
                }
            }
        }
    }

    private static String[] isoChannels() {
        String[] ids = new String[Channel.values().length];
        ids[Channel.ECOMMERCE.ordinal()] = "EC";
        ids[Channel.FACE_TO_FACE.ordinal()] = "F2F";
        ids[Channel.MAIL_TELEPHONE.ordinal()] = "MOTO";
        return ids;
    }

    /** Three letters for a serial below 26^3. */
    private static String letters(int serial) {
        return String.valueOf((char) ('A' + serial % 26)) + (char) ('A' + serial / 26 % 26) + (char) ('A' + serial / 676 % 26);
    }

    private IsoMessage isoRequest(IssuerTraffic.Draw d, int stan, String rrn) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        IsoMessage m = IsoMessage.of("0100");
        m.set(2, traffic.pans[d.card]);
        m.set(3, "000000");
        m.set(4, String.format("%012d", d.amount));
        m.set(7, now.format(FIELD7));
        m.set(11, String.format("%06d", stan));
        m.set(12, now.format(FIELD12));
        m.set(14, String.format("%02d12", expiryYear % 100));
        m.set(18, traffic.merchantMccs[d.merchant]);
        m.set(22, d.channel == Channel.FACE_TO_FACE ? "071" : "010");
        m.set(25, d.channel == Channel.ECOMMERCE ? "59" : d.channel == Channel.MAIL_TELEPHONE ? "08" : "00");
        m.set(37, rrn);
        m.set(41, "TERM0001");
        m.set(42, traffic.merchantIds[d.merchant]);
        m.set(43, String.format("%-25s%-13s%s", "Mamori Bench Shop", "Tokyo", traffic.merchantCountries[d.merchant]));
        m.set(49, "392");
        boolean ec = d.channel == Channel.ECOMMERCE;
        m.setEcData(new IsoEcData(ec ? traffic.devices[d.device] : null, ec ? traffic.ips[d.ip] : null, ec ? traffic.emails[d.email] : null,
                ec ? traffic.addresses[d.address] : null, null, null, null, ISO_CHANNELS[d.channel.ordinal()], ec ? "123" : null));
        return m;
    }

    private void json(int id) {
        SplittableRandom random = RANDOM.get();
        IssuerTraffic.Draw d = new IssuerTraffic.Draw();
        String rrnPrefix = letters(runIds.incrementAndGet());
        long seq = 0;
        while (!stop) {
            seq++;
            traffic.draw(random, d);
            String body = jsonRequest(d, Long.toString(seq % 1_000_000), rrnPrefix + String.format("%09d", seq));
            long t0 = System.nanoTime();
            BenchHttp.Reply reply;
            try {
                reply = send("POST", "/v1/authorizations", body, apiKey);
            } catch (IOException e) {
                latency.recordValue(Math.min(System.nanoTime() - t0, MAX_LATENCY_NANOS));
                error("json I/O " + e.getClass().getSimpleName(), e.getMessage());
                continue;
            }
            latency.recordValue(Math.min(System.nanoTime() - t0, MAX_LATENCY_NANOS));
            answered.increment();
            if (reply.status() != 200) {
                error("json HTTP " + reply.status(), reply.body());
                continue;
            }
            Matcher m = RESPONSE_CODE.matcher(reply.body());
            responseCodes.computeIfAbsent(m.find() ? m.group(1) : "--", k -> new LongAdder()).increment();
        }
    }

    private String jsonRequest(IssuerTraffic.Draw d, String stan, String rrn) {
        StringBuilder b = new StringBuilder(512);
        b.append("{\"pan\":\"").append(traffic.pans[d.card]).append("\",\"expiryMonth\":12,\"expiryYear\":").append(expiryYear)
                .append(",\"amount\":").append(d.amount).append(",\"currency\":\"JPY\",\"channel\":\"").append(d.channel.id())
                .append("\",\"stan\":\"").append(stan).append("\",\"rrn\":\"").append(rrn)
                .append("\",\"merchant\":{\"id\":\"").append(traffic.merchantIds[d.merchant])
                .append("\",\"terminalId\":\"TERM0001\",\"name\":\"Mamori Bench Shop\",\"mcc\":\"").append(traffic.merchantMccs[d.merchant])
                .append("\",\"country\":\"").append(traffic.merchantCountries[d.merchant]).append("\"}");
        if (d.channel == Channel.ECOMMERCE) {
            b.append(",\"ec\":{\"deviceId\":\"").append(traffic.devices[d.device]).append("\",\"ip\":\"").append(traffic.ips[d.ip])
                    .append("\",\"email\":\"").append(traffic.emails[d.email]).append("\",\"deliveryAddress\":\"")
                    .append(traffic.addresses[d.address]).append("\"},\"cvc\":\"123\"");
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
        out.printf("%n%-10s %9s %9s %8s %8s %8s %8s %8s %8s%n", "mode", "answered", "ops/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms",
                "max ms", "errors");
        out.printf("%-10s %9d %9.0f %8.2f %8.2f %8.2f %8.2f %8.2f %8d%n", options.mode, answered.sum(), answered.sum() / (nanos / 1e9),
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()), errors.sum());
        Map<String, Long> codes = new TreeMap<>();
        responseCodes.forEach((k, v) -> codes.put(k, v.sum()));
        out.println("response codes: " + codes);
        errorKinds.forEach((k, v) -> out.println("  error " + k + ": " + v.sum()));
        errorSamples.forEach(s -> out.println("  sample: " + s));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    // --- HTTP (as in VaultLoad: blocking HttpURLConnection, kept alive) ----------------------------


    private BenchHttp.Reply send(String method, String path, String json, String key) throws IOException {
        return BenchHttp.send(options.url, method, path, json, key);
    }

    private static String jsonString(String text) {
        StringBuilder b = new StringBuilder(text.length() + 64).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    // --- options ---------------------------------------------------------------------------------

    private static final class Options {
        String url = "http://127.0.0.1:8080";
        String operatorKey = System.getenv("MAMORI_BOOTSTRAP_API_KEY");
        String mode = "iso";
        int isoPort = 8583;
        int connections = 4;
        int pipeline = 8;
        int threads = 8;
        int durationSeconds = 30;
        int warmupSeconds = 10;
        int cards = 10_000;
        boolean rules = true;

        static Options parse(String[] args) throws IOException {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--url" -> o.url = value;
                    case "--operator-key" -> o.operatorKey = value;
                    case "--mode" -> o.mode = value;
                    case "--iso-port" -> o.isoPort = Integer.parseInt(value);
                    case "--connections" -> o.connections = Integer.parseInt(value);
                    case "--pipeline" -> o.pipeline = Integer.parseInt(value);
                    case "--threads" -> o.threads = Integer.parseInt(value);
                    case "--duration" -> o.durationSeconds = Integer.parseInt(value);
                    case "--warmup" -> o.warmupSeconds = Integer.parseInt(value);
                    case "--cards" -> o.cards = Integer.parseInt(value);
                    case "--no-rules" -> {
                        o.rules = false;
                        i--;
                    }
                    case "--help", "-h" -> usage(0);
                    default -> {
                        System.err.println("unknown option " + args[i]);
                        usage(2);
                    }
                }
                i++;
            }
            if (o.operatorKey == null || o.operatorKey.isBlank()) {
                System.err.println("the operator API key: --operator-key KEY or MAMORI_BOOTSTRAP_API_KEY");
                usage(2);
            }
            if (!o.mode.equals("iso") && !o.mode.equals("json")) {
                System.err.println("--mode is iso or json");
                usage(2);
            }
            if (o.connections < 1 || o.pipeline < 1 || o.pipeline >= SLOTS || o.threads < 1 || o.durationSeconds < 1 || o.cards < 1
                    || o.cards > 12_000) {
                System.err.println("need connections >= 1, 1 <= pipeline < " + SLOTS + ", threads >= 1, duration >= 1, 1 <= cards <= 12000");
                usage(2);
            }
            URI uri = URI.create(o.url);
            // A load test only ever targets this machine.
            if (uri.getHost() == null || !InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
                System.err.println("--url must name a loopback address (127.0.0.1, localhost, [::1])");
                System.exit(2);
            }
            o.url = o.url.replaceAll("/+$", "");
            return o;
        }

        private static void usage(int exit) {
            System.err.println("""
                    usage: AuthorizationLoad [--url http://127.0.0.1:8080] [--operator-key KEY] [--mode iso|json]
                                             [--iso-port 8583] [--connections 4] [--pipeline 8] [--threads 8]
                                             [--duration 30] [--warmup 10] [--cards 10000] [--no-rules]
                    The operator key defaults to MAMORI_BOOTSTRAP_API_KEY. Exit code 1 when any request failed.""");
            System.exit(exit);
        }
    }
}
