package dev.mamori.bench;

import dev.mamori.common.Luhn;
import dev.mamori.vault.scan.PanScanner;
import dev.mamori.vault.scan.ScanOptions;
import dev.mamori.vault.scan.ScanReport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-thread throughput of PAN discovery ({@code ./mamori scan}) on realistic application log
 * text, 16 MiB per invocation: {@code ops/s} reads directly as MiB/s (one op = one MiB).
 * {@code corpus=clean} has no card number (the common case when proving a system holds none),
 * {@code corpus=sprinkled} has a Luhn-valid card number in about one line in a thousand, half
 * of them grouped. The scanner runs through its real input path (an InputStream, its own read
 * buffer). Baseline: the usual hand-rolled scan, a JDK regex for 13-19 digits with optional
 * single separators, then Luhn on each match, over the text already decoded to a String (decoding
 * not timed, which favours the baseline).
 *
 * <p>Run: {@code mvn -B -q install -DskipTests && java -jar mamori-bench/target/mamori-bench.jar PanScan -f 1 -wi 3 -i 5 -w 2s -r 2s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@OperationsPerInvocation(PanScanBenchmark.MIB)
public class PanScanBenchmark {
    static final int MIB = 16;
    private static final Pattern CANDIDATE = Pattern.compile("(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])");

    @Param({"clean", "sprinkled"})
    public String corpus;

    private byte[] bytes;
    private String text;
    private PanScanner scanner;

    @Setup
    public void setUp() {
        bytes = logText(MIB * 1024 * 1024, corpus.equals("sprinkled"), new Random(42));
        text = new String(bytes, StandardCharsets.ISO_8859_1);
        scanner = new PanScanner(ScanOptions.defaults().withThreads(1));
    }

    @Benchmark
    public ScanReport mamoriScan() {
        return scanner.scan(new ByteArrayInputStream(bytes), "bench.log");
    }

    @Benchmark
    public int jdkRegexBaseline() {
        Matcher m = CANDIDATE.matcher(text);
        int found = 0;
        while (m.find()) {
            if (Luhn.isValid(m.group().replace(" ", "").replace("-", ""))) {
                found++;
            }
        }
        return found;
    }

    /** Log lines as a Spring Boot service writes them: timestamps, thread names, UUIDs, ids, amounts, durations. */
    static byte[] logText(int size, boolean withCards, Random random) {
        StringBuilder out = new StringBuilder(size + 512);
        String[] levels = {"INFO ", "INFO ", "INFO ", "DEBUG", "WARN "};
        String[] loggers = {"d.m.s.api.v1.PaymentController", "d.m.r.AuthorizationService", "o.s.web.servlet.DispatcherServlet",
                "d.m.v.TokenService", "com.zaxxer.hikari.pool.HikariPool"};
        long epochMillis = 1_764_000_000_000L;
        int line = 0;
        while (out.length() < size) {
            epochMillis += random.nextInt(50);
            int ms = (int) (epochMillis % 1000);
            int s = (int) (epochMillis / 1000 % 60);
            int min = (int) (epochMillis / 60_000 % 60);
            int h = (int) (epochMillis / 3_600_000 % 24);
            out.append("2026-11-25T").append(two(h)).append(':').append(two(min)).append(':').append(two(s)).append('.')
                    .append(ms < 10 ? "00" : ms < 100 ? "0" : "").append(ms).append("Z ")
                    .append(levels[random.nextInt(levels.length)]).append(" [http-nio-8080-exec-").append(1 + random.nextInt(200))
                    .append("] ").append(loggers[random.nextInt(loggers.length)]).append(" - ");
            switch (random.nextInt(4)) {
                case 0 -> out.append("authorization ").append(new UUID(random.nextLong(), random.nextLong()))
                        .append(" approved amount=").append(random.nextInt(100_000)).append(" JPY stan=")
                        .append(100_000 + random.nextInt(900_000)).append(" rrn=").append(100_000_000_000L + random.nextInt(Integer.MAX_VALUE));
                case 1 -> out.append("GET /v1/tokens/tok_").append(Long.toHexString(random.nextLong()))
                        .append(" 200 in ").append(random.nextInt(80)).append(" ms, ts=").append(epochMillis);
                case 2 -> out.append("traceId=").append(Long.toHexString(random.nextLong())).append(Long.toHexString(random.nextLong()))
                        .append(" spanId=").append(Long.toHexString(random.nextLong())).append(" score=")
                        .append(random.nextDouble()).append(" rule=velocity-24h");
                default -> out.append("HikariPool-1 - Pool stats (total=10, active=").append(random.nextInt(10))
                        .append(", idle=").append(random.nextInt(10)).append(", waiting=0)");
            }
            if (withCards && ++line % 1000 == 0) {
                String payload = "4" + (10_000_000_000_000L + (random.nextLong() & Long.MAX_VALUE) % 89_999_999_999_999L);
                String card = payload + Luhn.checkDigit(payload);
                out.append(" note=").append(line % 2000 == 0
                        ? card.substring(0, 4) + " " + card.substring(4, 8) + " " + card.substring(8, 12) + " " + card.substring(12)
                        : card);
            }
            out.append('\n');
        }
        out.setLength(size);
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }
}
