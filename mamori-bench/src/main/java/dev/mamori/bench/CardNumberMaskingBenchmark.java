package dev.mamori.bench;

import dev.mamori.common.CardNumberDetector;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of masking card numbers in a log line: {@code %mask} runs on every line the server logs.
 * Baseline: a JDK regex that only finds 13-19 digit runs (no Luhn, no grouped digits), the
 * usual hand-rolled alternative.
 *
 * <p>Run: {@code mvn -B -q package -pl mamori-bench -am -DskipTests && java -jar mamori-bench/target/mamori-bench.jar CardNumberMasking -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CardNumberMaskingBenchmark {
    private static final Pattern DIGIT_RUN = Pattern.compile("(?<!\\d)\\d{13,19}(?!\\d)");

    @Param({"plain", "numbers", "pan", "grouped-pan"})
    public String line;

    private String text;

    @Setup
    public void setUp() {
        text = switch (line) {
            case "plain" -> "2026-11-25T22:31:51.123Z INFO [http-nio-8080-exec-1] d.m.s.api.v1.ApiKeyController - API key created for tenant";
            case "numbers" -> "2026-11-25T22:31:51.123Z INFO [exec-1] request 1700000000123 took 12 ms, stan 004711, rrn 123456789012";
            case "pan" -> "2026-11-25T22:31:51.123Z WARN [exec-1] d.m.s.Legacy - fallback branch logged pan=4111111111111111 by mistake";
            case "grouped-pan" -> "2026-11-25T22:31:51.123Z WARN [exec-1] d.m.s.Legacy - customer typed 5555 5555 5555 4444 into the note";
            default -> throw new IllegalArgumentException(line);
        };
    }

    @Benchmark
    public String mamoriMask() {
        return CardNumberDetector.mask(text);
    }

    @Benchmark
    public String jdkRegexBaseline() {
        Matcher m = DIGIT_RUN.matcher(text);
        return m.find() ? m.replaceAll("****") : text;
    }
}
