package dev.mamori.bench;

import static dev.mamori.bench.BenchHttp.field;
import static dev.mamori.bench.BenchHttp.require;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Load generator for the card vault of a running Mamori, over HTTP on loopback: client threads
 * in a closed loop (each sends its next request when the previous one has answered) mixing
 * {@code POST /v1/tokens} and {@code POST /v1/tokens/{token}/detokenize}, latency recorded with
 * HdrHistogram, every answer other than 2xx (and every detokenize that returns another card
 * number than the one tokenized) counted as a failure. Closed loop means the percentiles are
 * service times at the offered concurrency, not corrected for coordinated omission.
 *
 * <p>With {@code --rotate-after S} it starts a tenant key rotation S seconds into the run and
 * polls it until it has finished, keeping the load on until then, and reports the requests and
 * failures of the window before, during and after the rotation. At the end every token created
 * before the rotation is detokenized again (in batches of 100) and compared with its card.
 *
 * <p>Set-up through the API: a new tenant (with the operator key), and an API key with roles psp
 * and admin for that tenant. Only loopback addresses are accepted as targets.
 *
 * <pre>
 * MAMORI_BOOTSTRAP_API_KEY=mk_... java -jar mamori-server/target/mamori-server.jar --server.port=18080 --mamori.data-dir=/tmp/bench-data
 * MAMORI_BOOTSTRAP_API_KEY=mk_... java -cp mamori-bench/target/mamori-bench.jar dev.mamori.bench.VaultLoad \
 *     --url http://127.0.0.1:18080 --threads 8 --duration 30 --tokens 20000 --rotate-after 10
 * </pre>
 */
public final class VaultLoad {
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern PAN = Pattern.compile("\"pan\"\\s*:\\s*\"([0-9]+)\"");
    private static final Pattern OBJECT = Pattern.compile("\\{[^{}]*\\}");
    private static final long MAX_LATENCY_NANOS = Duration.ofMinutes(2).toNanos();

    private static final int BEFORE = 0;
    private static final int DURING = 1;
    private static final int AFTER = 2;
    private static final String[] PHASE_NAMES = {"before rotation", "during rotation", "after rotation"};

    private final Options options;
    private final PrintStream out = System.out;
    private String apiKey;

    // Cards tokenized in set-up: detokenize draws from these and the final check re-reads them all.
    private String[] storedTokens;
    private String[] storedPans;
    private String[] cards;

    /** The phase a request started in; the rotation thread moves it forward. */
    private volatile int phase = BEFORE;
    private volatile boolean stop;
    private final Recorder[] tokenizeLatency = {recorder(), recorder(), recorder()};
    private final Recorder[] detokenizeLatency = {recorder(), recorder(), recorder()};
    private final LongAdder[] requests = {new LongAdder(), new LongAdder(), new LongAdder()};
    private final LongAdder[] failures = {new LongAdder(), new LongAdder(), new LongAdder()};
    private final Map<String, LongAdder> failureKinds = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> failureSamples = new ConcurrentLinkedQueue<>();
    private final AtomicInteger sampled = new AtomicInteger();
    private final long[] phaseNanos = new long[3];

    private VaultLoad(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        // One kept-alive connection per client thread (the JDK keeps 5 per host by default).
        System.setProperty("http.maxConnections", Integer.toString(Math.max(options.threads, 5)));
        VaultLoad load = new VaultLoad(options);
        int exit = load.run();
        System.exit(exit);
    }

    private static Recorder recorder() {
        return new Recorder(MAX_LATENCY_NANOS, 3);
    }

    private int run() throws Exception {
        out.printf("target %s, %d threads, %d s (+%d s warm-up), %.0f%% detokenize, %d stored tokens%s%n", options.url,
                options.threads, options.durationSeconds, options.warmupSeconds, options.detokenizeShare * 100, options.tokens,
                options.rotateAfterSeconds < 0 ? "" : ", tenant key rotation at " + options.rotateAfterSeconds + " s");
        setUpTenant();
        prefill();

        if (options.warmupSeconds > 0) {
            drive(options.warmupSeconds * 1000L, false);
            for (Recorder r : tokenizeLatency) {
                r.reset();
            }
            for (Recorder r : detokenizeLatency) {
                r.reset();
            }
            for (int p = 0; p < 3; p++) {
                requests[p].reset();
                failures[p].reset();
            }
            failureKinds.clear();
            failureSamples.clear();
            sampled.set(0);
            out.println("warm-up done");
        }

        RotationResult rotation = drive(options.durationSeconds * 1000L, options.rotateAfterSeconds >= 0);
        Histogram[] tok = intervals(tokenizeLatency);
        Histogram[] detok = intervals(detokenizeLatency);
        report(tok, detok, rotation);

        int verifyFailures = verifyStoredTokens();
        long failed = failures[0].sum() + failures[1].sum() + failures[2].sum();
        boolean rotationOk = rotation == null || "finished".equals(rotation.state);
        return failed == 0 && verifyFailures == 0 && rotationOk ? 0 : 1;
    }

    // --- set-up ----------------------------------------------------------------------------------

    private void setUpTenant() throws IOException, InterruptedException {
        String name = "bench-" + System.currentTimeMillis();
        BenchHttp.Reply tenant = send("POST", "/v1/tenants", "{\"name\":\"" + name + "\"}", options.operatorKey);
        require(tenant, 201, "create tenant");
        String adminKey = field(tenant.body(), "adminApiKey", "key");
        BenchHttp.Reply key = send("POST", "/v1/api-keys", "{\"name\":\"vault load\",\"roles\":[\"psp\",\"admin\"]}", adminKey);
        require(key, 201, "create API key");
        apiKey = field(key.body(), null, "key");
        out.printf("tenant %s (%s) with an API key of roles psp, admin%n", field(tenant.body(), "tenant", "id"), name);
    }

    /** Tokenizes {@code --tokens} cards in batches of 100, on the client threads. */
    private void prefill() throws Exception {
        int n = options.tokens;
        cards = TestCards.generate(Math.max(n, 4096), System.nanoTime());
        storedTokens = new String[n];
        storedPans = new String[n];
        int expiryYear = Year.now().getValue() + 3;
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(options.threads);
        try {
            List<Future<?>> batches = new ArrayList<>();
            for (int from = 0; from < n; from += 100) {
                int first = from;
                int last = Math.min(n, from + 100);
                batches.add(pool.submit(() -> {
                    StringBuilder json = new StringBuilder("{\"cards\":[");
                    for (int i = first; i < last; i++) {
                        json.append(i == first ? "" : ",").append("{\"pan\":\"").append(cards[i]).append("\",\"expiryMonth\":12,\"expiryYear\":")
                                .append(expiryYear).append('}');
                    }
                    json.append("]}");
                    BenchHttp.Reply reply = send("POST", "/v1/tokens/batch", json.toString(), apiKey);
                    require(reply, 201, "batch tokenize");
                    Matcher m = TOKEN.matcher(reply.body());
                    for (int i = first; i < last; i++) {
                        if (!m.find()) {
                            throw new IllegalStateException("batch tokenize answered fewer tokens than cards sent");
                        }
                        storedTokens[i] = m.group(1);
                        storedPans[i] = cards[i];
                    }
                    return null;
                }));
            }
            for (Future<?> f : batches) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        out.printf("stored %d tokens in %.1f s (batches of 100)%n", n, (System.nanoTime() - start) / 1e9);
    }

    // --- the load --------------------------------------------------------------------------------

    private record RotationResult(String id, String state, long total, long done, double startedAtSeconds,
                                  double durationSeconds, long requestsDuring, long failuresDuring, String error) {}

    /**
     * Runs the client threads for {@code millis}; with {@code rotate}, starts the rotation at its
     * time and keeps the load on until the rotation has finished (at most two minutes more).
     */
    private RotationResult drive(long millis, boolean rotate) throws Exception {
        stop = false;
        phase = BEFORE;
        CountDownLatch done = new CountDownLatch(options.threads);
        long start = System.nanoTime();
        for (int t = 0; t < options.threads; t++) {
            long seed = start + t;
            Thread thread = new Thread(() -> {
                try {
                    clientLoop(new SplittableRandom(seed));
                } finally {
                    done.countDown();
                }
            }, "vault-load-" + t);
            thread.start();
        }
        RotationResult result = null;
        long end = start + millis * 1_000_000L;
        long rotationStart = 0;
        long rotationEnd = 0;
        if (rotate) {
            sleepUntil(start + options.rotateAfterSeconds * 1_000_000_000L);
            rotationStart = System.nanoTime();
            result = rotateAndWait(start, end + Duration.ofMinutes(2).toNanos());
            rotationEnd = System.nanoTime();
            // Keep some load after the rotation, to see the service settle on the new keys.
            end = Math.max(end, rotationEnd + 2_000_000_000L);
        }
        sleepUntil(end);
        stop = true;
        done.await();
        long stopped = System.nanoTime();
        if (rotate) {
            phaseNanos[BEFORE] = rotationStart - start;
            phaseNanos[DURING] = rotationEnd - rotationStart;
            phaseNanos[AFTER] = stopped - rotationEnd;
        } else {
            phaseNanos[BEFORE] = stopped - start;
            phaseNanos[DURING] = 0;
            phaseNanos[AFTER] = 0;
        }
        return result;
    }

    private void clientLoop(SplittableRandom random) {
        int expiryYear = Year.now().getValue() + 3;
        while (!stop) {
            int p = phase;
            boolean detokenize = random.nextDouble() < options.detokenizeShare;
            long t0 = System.nanoTime();
            String what;
            BenchHttp.Reply reply;
            int index = random.nextInt(detokenize ? storedTokens.length : cards.length);
            try {
                if (detokenize) {
                    what = "detokenize";
                    reply = send("POST", "/v1/tokens/" + storedTokens[index] + "/detokenize", "{\"purpose\":\"vault load test\"}", apiKey);
                } else {
                    what = "tokenize";
                    reply = send("POST", "/v1/tokens", "{\"pan\":\"" + cards[index] + "\",\"expiryMonth\":12,\"expiryYear\":"
                            + expiryYear + "}", apiKey);
                }
            } catch (IOException e) {
                long nanos = System.nanoTime() - t0;
                (detokenize ? detokenizeLatency : tokenizeLatency)[p].recordValue(Math.min(nanos, MAX_LATENCY_NANOS));
                fail(p, (detokenize ? "detokenize" : "tokenize") + " I/O " + e.getClass().getSimpleName(), e.getMessage());
                continue;
            }
            long nanos = System.nanoTime() - t0;
            (detokenize ? detokenizeLatency : tokenizeLatency)[p].recordValue(Math.min(nanos, MAX_LATENCY_NANOS));
            requests[p].increment();
            if (reply.status() / 100 != 2) {
                fail(p, what + " HTTP " + reply.status(), reply.body());
            } else if (detokenize) {
                Matcher m = PAN.matcher(reply.body());
                if (!m.find() || !m.group(1).equals(storedPans[index])) {
                    fail(p, "detokenize returned another card number", "token " + storedTokens[index]);
                }
            } else if (!TOKEN.matcher(reply.body()).find()) {
                fail(p, "tokenize answered no token", reply.body());
            }
        }
    }

    private void fail(int p, String kind, String detail) {
        failures[p].increment();
        failureKinds.computeIfAbsent(PHASE_NAMES[p] + ": " + kind, k -> new LongAdder()).increment();
        if (sampled.getAndIncrement() < 20) {
            // Problem bodies never carry card numbers; cut them short all the same.
            String text = detail == null ? "" : detail.replaceAll("[0-9]{13,19}", "<digits>");
            failureSamples.add(PHASE_NAMES[p] + ": " + kind + ": " + (text.length() > 400 ? text.substring(0, 400) + "..." : text));
        }
    }

    private RotationResult rotateAndWait(long runStart, long deadline) throws IOException, InterruptedException {
        long before = requests[BEFORE].sum();
        long t0 = System.nanoTime();
        phase = DURING;
        BenchHttp.Reply started = send("POST", "/v1/vault/keys/tenant/rotate", null, apiKey);
        double startedAt = (t0 - runStart) / 1e9;
        if (started.status() != 202) {
            phase = AFTER;
            return new RotationResult(null, "not started", 0, 0, startedAt, 0, 0, 0, "HTTP " + started.status() + " " + started.body());
        }
        String id = field(started.body(), null, "id");
        out.printf("rotation %s started at %.1f s: data key v%s -> v%s, %s cards to re-encrypt (%d requests before it)%n", id,
                startedAt, field(started.body(), null, "fromVersion"), field(started.body(), null, "toVersion"),
                field(started.body(), null, "total"), before);
        BenchHttp.Reply status = started;
        String state = field(status.body(), null, "state");
        while (!"finished".equals(state) && !"cancelled".equals(state) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            status = send("GET", "/v1/vault/rotations/" + id, null, apiKey);
            if (status.status() != 200) {
                out.println("rotation status: HTTP " + status.status() + " " + status.body());
                continue;
            }
            state = field(status.body(), null, "state");
        }
        double duration = (System.nanoTime() - t0) / 1e9;
        phase = AFTER;
        long total = Long.parseLong(field(status.body(), null, "total"));
        long moved = Long.parseLong(field(status.body(), null, "done"));
        out.printf("rotation %s after %.1f s: %d of %d cards re-encrypted%n", state, duration, moved, total);
        return new RotationResult(id, state, total, moved, startedAt, duration, requests[DURING].sum(), failures[DURING].sum(), null);
    }

    /** Detokenizes every token stored in set-up, 100 per request, and compares the card numbers. */
    private int verifyStoredTokens() throws Exception {
        int wrong = 0;
        int checked = 0;
        List<String> notes = new ArrayList<>();
        for (int from = 0; from < storedTokens.length; from += 100) {
            int last = Math.min(storedTokens.length, from + 100);
            StringBuilder json = new StringBuilder("{\"purpose\":\"vault load verification\",\"tokens\":[");
            for (int i = from; i < last; i++) {
                json.append(i == from ? "" : ",").append('"').append(storedTokens[i]).append('"');
            }
            json.append("]}");
            BenchHttp.Reply reply = send("POST", "/v1/tokens/detokenize", json.toString(), apiKey);
            if (reply.status() != 200) {
                wrong += last - from;
                notes.add("batch detokenize HTTP " + reply.status() + ": " + reply.body());
                continue;
            }
            Map<String, String> panByToken = new java.util.HashMap<>();
            Matcher objects = OBJECT.matcher(reply.body());
            while (objects.find()) {
                Matcher t = TOKEN.matcher(objects.group());
                Matcher p = PAN.matcher(objects.group());
                if (t.find() && p.find()) {
                    panByToken.put(t.group(1), p.group(1));
                }
            }
            for (int i = from; i < last; i++) {
                checked++;
                if (!storedPans[i].equals(panByToken.get(storedTokens[i]))) {
                    wrong++;
                }
            }
        }
        out.printf("%nafter the run: %d of %d tokens stored in set-up%s detokenize to their card%n", checked - wrong, checked,
                options.rotateAfterSeconds >= 0 ? " (before the rotation)" : "");
        notes.stream().limit(5).forEach(n -> out.println("  " + n));
        return wrong;
    }

    // --- report ----------------------------------------------------------------------------------

    private static Histogram[] intervals(Recorder[] recorders) {
        Histogram[] out = new Histogram[recorders.length];
        for (int i = 0; i < recorders.length; i++) {
            out[i] = recorders[i].getIntervalHistogram();
        }
        return out;
    }

    private void report(Histogram[] tok, Histogram[] detok, RotationResult rotation) {
        Histogram allTok = new Histogram(MAX_LATENCY_NANOS, 3);
        Histogram allDetok = new Histogram(MAX_LATENCY_NANOS, 3);
        for (int p = 0; p < 3; p++) {
            allTok.add(tok[p]);
            allDetok.add(detok[p]);
        }
        long wall = phaseNanos[0] + phaseNanos[1] + phaseNanos[2];
        out.printf("%n%-22s %9s %9s %8s %8s %8s %8s %8s%n", "whole run (" + Math.round(wall / 1e9) + " s)", "requests", "ops/s",
                "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms");
        line("tokenize", allTok, wall);
        line("detokenize", allDetok, wall);
        Histogram both = allTok.copy();
        both.add(allDetok);
        line("both", both, wall);
        if (rotation != null) {
            for (int p = 0; p < 3; p++) {
                Histogram h = tok[p].copy();
                h.add(detok[p]);
                out.printf("%-22s", PHASE_NAMES[p] + " (" + String.format("%.1f s", phaseNanos[p] / 1e9) + ")");
                stats(h, phaseNanos[p]);
            }
        }
        long failed = failures[0].sum() + failures[1].sum() + failures[2].sum();
        out.printf("%nfailed requests: %d of %d%n", failed, both.getTotalCount());
        failureKinds.forEach((k, v) -> out.println("  " + k + ": " + v.sum()));
        failureSamples.forEach(s -> out.println("  sample: " + s));
        if (rotation != null) {
            if (rotation.error != null) {
                out.println("rotation could not start: " + rotation.error);
            } else {
                out.printf("rotation: %s, %.1f s from start to %s, %d of %d cards re-encrypted, %d requests during it, %d failed%n",
                        rotation.id, rotation.durationSeconds, rotation.state, rotation.done, rotation.total,
                        rotation.requestsDuring, rotation.failuresDuring);
            }
        }
    }

    private void line(String name, Histogram h, long nanos) {
        out.printf("%-22s", name);
        stats(h, nanos);
    }

    private void stats(Histogram h, long nanos) {
        out.printf(" %9d %9.0f %8.2f %8.2f %8.2f %8.2f %8.2f%n", h.getTotalCount(), nanos == 0 ? 0 : h.getTotalCount() / (nanos / 1e9),
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    // --- HTTP ------------------------------------------------------------------------------------


    private BenchHttp.Reply send(String method, String path, String json, String key) throws IOException {
        return BenchHttp.send(options.url, method, path, json, key);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, Math.min(left / 1_000_000, 250)));
        }
    }

    // --- options ---------------------------------------------------------------------------------

    private static final class Options {
        String url = "http://127.0.0.1:8080";
        String operatorKey = System.getenv("MAMORI_BOOTSTRAP_API_KEY");
        int threads = 8;
        int durationSeconds = 30;
        int warmupSeconds = 5;
        int tokens = 20_000;
        double detokenizeShare = 0.5;
        int rotateAfterSeconds = -1;

        static Options parse(String[] args) throws IOException {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--url" -> o.url = value;
                    case "--operator-key" -> o.operatorKey = value;
                    case "--threads" -> o.threads = Integer.parseInt(value);
                    case "--duration" -> o.durationSeconds = Integer.parseInt(value);
                    case "--warmup" -> o.warmupSeconds = Integer.parseInt(value);
                    case "--tokens" -> o.tokens = Integer.parseInt(value);
                    case "--detokenize-share" -> o.detokenizeShare = Double.parseDouble(value);
                    case "--rotate-after" -> o.rotateAfterSeconds = Integer.parseInt(value);
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
            if (o.threads < 1 || o.durationSeconds < 1 || o.tokens < 100 || o.detokenizeShare < 0 || o.detokenizeShare > 1
                    || o.rotateAfterSeconds >= o.durationSeconds) {
                System.err.println("need threads >= 1, duration >= 1, tokens >= 100, 0 <= detokenize-share <= 1, rotate-after < duration");
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
                    usage: VaultLoad [--url http://127.0.0.1:8080] [--operator-key KEY] [--threads 8] [--duration 30]
                                     [--warmup 5] [--tokens 20000] [--detokenize-share 0.5] [--rotate-after SECONDS]
                    The operator key defaults to MAMORI_BOOTSTRAP_API_KEY. Exit code 1 when any request failed,
                    a stored token no longer detokenizes to its card, or the rotation did not finish.""");
            System.exit(exit);
        }
    }
}
