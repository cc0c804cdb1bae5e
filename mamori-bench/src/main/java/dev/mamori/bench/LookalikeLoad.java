package dev.mamori.bench;

import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.lookalike.Candidate;
import dev.mamori.phishing.lookalike.CandidateGenerator;
import dev.mamori.phishing.lookalike.LookalikeMatch;
import dev.mamori.phishing.lookalike.LookalikeMatcher;
import dev.mamori.phishing.lookalike.LookalikeScan;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Lookalike-domain matching at the scale: 1 million observed domains against 100 brand
 * domains, target under 10 s on 2 cores. Generates, from a seed, 100 Japanese-looking brand domains
 * and a newly-registered-domain style list: random and real-looking names (romaji words, English
 * words, digits, subdomains, wildcards, other suffixes) with about 1 % planted lookalikes (generated
 * candidates of a random brand, double IDN homographs, the brand inside a longer name or as a
 * subdomain of another domain, two far-away typos). Then times the whole scan (parsing the text list
 * and matching, {@link LookalikeScan}) and the matching alone, and counts how many planted names were
 * found with the brand they imitate (recall).
 *
 * <p>Not JMH: one pass over a million names is the unit the target names; each round is timed and
 * the JIT is warmed by the first rounds. Run:
 * <pre>
 * mvn -B -o -q package -pl mamori-bench -am -DskipTests
 * java -Xms1g -Xmx1g -cp mamori-bench/target/mamori-bench.jar dev.mamori.bench.LookalikeLoad \
 *     [names, default 1000000] [brands, default 100] [threads, default 2] [rounds, default 5] [seed, default 7]
 * </pre>
 */
public final class LookalikeLoad {
    private static final String[] SYLLABLES = {"ka", "ki", "ku", "ke", "ko", "sa", "shi", "su", "se", "so", "ta", "chi", "tsu", "te",
            "to", "na", "ni", "nu", "ne", "no", "ha", "hi", "fu", "he", "ho", "ma", "mi", "mu", "me", "mo", "ya", "yu", "yo", "ra", "ri",
            "ru", "re", "ro", "wa", "n", "ga", "gi", "go", "za", "ji", "da", "de", "do", "ba", "bi", "bo", "pa", "po", "kyo", "ryo"};
    private static final String[] WORDS = {"shop", "store", "market", "blog", "news", "travel", "hotel", "food", "cafe", "studio", "design",
            "tech", "cloud", "data", "digital", "online", "japan", "tokyo", "osaka", "home", "life", "style", "beauty", "health", "clinic",
            "school", "career", "job", "car", "auto", "sports", "game", "music", "photo", "art", "book", "green", "blue", "star", "sun",
            "best", "smart", "net", "web", "app", "lab", "works", "group", "partners", "global", "media", "plus", "one", "go", "my"};
    private static final String[] BRAND_ENDINGS = {"card", "pay", "bank", "shop", "", "", "net", "credit", "finance", "points"};
    private static final String[] BRAND_SUFFIXES = {"co.jp", "co.jp", "co.jp", "jp", "ne.jp", "or.jp", "com"};
    private static final String[] SUFFIXES = {"com", "com", "com", "net", "jp", "jp", "co.jp", "xyz", "top", "shop", "online", "org",
            "info", "site", "tokyo", "ne.jp", "store", "app", "cn", "icu"};
    private static final String[] EXTRA = {"sale", "campaign", "event", "gift", "prize", "news", "app", "center"};
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final String[] KINDS = {"double IDN homograph", "brand-extra-word", "brand domain as subdomain", "two far-away typos",
            "generated candidate"};
    /** The kind of each planted name (index into KINDS), for recall per kind. */
    private static final Map<String, Integer> PLANTED_KIND = new HashMap<>();

    private LookalikeLoad() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int brandCount = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 7;
        SplittableRandom random = new SplittableRandom(seed);

        List<DomainName> brands = brands(random, brandCount);
        Map<String, DomainName> planted = new HashMap<>();
        String[] names = names(random, count, brands, planted);
        byte[] text = String.join("\n", names).concat("\n").getBytes(StandardCharsets.UTF_8);
        System.out.printf("%d names (%.1f MB as text), %d brands, %d planted lookalikes, %d threads, seed %d%n", count,
                text.length / 1e6, brands.size(), planted.size(), threads, seed);

        long builtAt = System.nanoTime();
        LookalikeMatcher matcher = LookalikeMatcher.of(brands);
        System.out.printf("matcher built in %d ms%n", (System.nanoTime() - builtAt) / 1_000_000);

        System.gc();
        long heapBefore = MEMORY.getHeapMemoryUsage().getUsed();
        LookalikeScan.Outcome outcome = null;
        long[] scanTimes = new long[rounds];
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            long cpuStart = processCpu();
            outcome = LookalikeScan.run(new BufferedReader(new InputStreamReader(new ByteArrayInputStream(text), StandardCharsets.UTF_8),
                    1 << 16), matcher, threads, 100);
            scanTimes[round] = System.nanoTime() - start;
            System.out.printf("scan  round %d: %6d ms  %,10.0f names/s  cpu %6d ms  %d matches, heap used %d MB%n", round + 1,
                    scanTimes[round] / 1_000_000, count / (scanTimes[round] / 1e9), (processCpu() - cpuStart) / 1_000_000,
                    outcome.matches().size(),
                    MEMORY.getHeapMemoryUsage().getUsed() / 1_000_000);
        }
        long[] matchTimes = new long[rounds];
        List<LookalikeMatch> matches = null;
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            long cpuStart = processCpu();
            matches = matcher.matchAll(names, names.length, threads);
            matchTimes[round] = System.nanoTime() - start;
            System.out.printf("match round %d: %6d ms  %,10.0f names/s  cpu %6d ms%n", round + 1, matchTimes[round] / 1_000_000,
                    count / (matchTimes[round] / 1e9), (processCpu() - cpuStart) / 1_000_000);
        }
        System.gc();
        long heapAfter = MEMORY.getHeapMemoryUsage().getUsed();

        int found = 0;
        Map<String, int[]> byTechnique = new HashMap<>();
        int[] kindFound = new int[KINDS.length];
        int[] kindPlanted = new int[KINDS.length];
        for (String name : planted.keySet()) {
            kindPlanted[PLANTED_KIND.get(name)]++;
        }
        Set<String> counted = new java.util.HashSet<>();
        for (LookalikeMatch match : matches) {
            DomainName expected = planted.get(match.observed());
            // A planted name may also occur as an ordinary one elsewhere in the list: count it once.
            if (expected != null && expected.equals(match.brand()) && counted.add(match.observed())) {
                found++;
                kindFound[PLANTED_KIND.get(match.observed())]++;
            }
            byTechnique.computeIfAbsent(match.technique().id(), k -> new int[1])[0]++;
        }
        Arrays.sort(scanTimes);
        Arrays.sort(matchTimes);
        System.out.printf("scan (parse + match): median %d ms, best %d ms; match only: median %d ms, best %d ms%n",
                scanTimes[rounds / 2] / 1_000_000, scanTimes[0] / 1_000_000, matchTimes[rounds / 2] / 1_000_000, matchTimes[0] / 1_000_000);
        System.out.printf("matches %d (of which planted %d), recall of planted %d/%d = %.2f %%, other matches %d%n", matches.size(),
                found, found, planted.size(), 100.0 * found / planted.size(), matches.size() - found);
        List<String> others = new ArrayList<>();
        for (LookalikeMatch match : matches) {
            if (!planted.containsKey(match.observed()) && others.size() < 12) {
                others.add(match.observed() + " ~ " + match.brand() + " " + match.technique().id() + " " + match.score());
            }
        }
        System.out.println("some other matches: " + others);
        for (int k = 0; k < KINDS.length; k++) {
            System.out.printf("  recall %-27s %5d/%5d = %6.2f %%%n", KINDS[k], kindFound[k], kindPlanted[k], 100.0 * kindFound[k] / kindPlanted[k]);
        }
        System.out.printf("by technique %s%n", sorted(byTechnique));
        System.out.printf("heap: %d MB before the rounds (names and text held), %d MB after; rejected lines %d%n",
                heapBefore / 1_000_000, heapAfter / 1_000_000, outcome.rejectedCount());
        List<String> missed = new ArrayList<>();
        Set<String> matched = new java.util.HashSet<>();
        for (LookalikeMatch match : matches) {
            matched.add(match.observed());
        }
        for (Map.Entry<String, DomainName> entry : planted.entrySet()) {
            if (!matched.contains(entry.getKey()) && missed.size() < 10) {
                missed.add(entry.getKey() + " (" + entry.getValue() + ")");
            }
        }
        System.out.println("some missed: " + missed);
    }

    /** CPU time of the whole process (all threads, JIT and GC included): the figure a busy machine does not inflate. */
    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String sorted(Map<String, int[]> counts) {
        StringBuilder out = new StringBuilder();
        counts.entrySet().stream().sorted((a, b) -> b.getValue()[0] - a.getValue()[0])
                .forEach(e -> out.append(e.getKey()).append('=').append(e.getValue()[0]).append(' '));
        return out.toString().strip();
    }

    static List<DomainName> brands(SplittableRandom random, int count) {
        Set<DomainName> brands = new LinkedHashSet<>();
        while (brands.size() < count) {
            String name = romaji(random, 2 + random.nextInt(2)) + BRAND_ENDINGS[random.nextInt(BRAND_ENDINGS.length)];
            if (name.length() >= 5) {
                brands.add(DomainName.of(name + "." + BRAND_SUFFIXES[random.nextInt(BRAND_SUFFIXES.length)]));
            }
        }
        return new ArrayList<>(brands);
    }

    static String[] names(SplittableRandom random, int count, List<DomainName> brands, Map<String, DomainName> planted) {
        Map<DomainName, List<Candidate>> candidates = new HashMap<>();
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            if (random.nextInt(100) == 0) {
                DomainName brand = brands.get(random.nextInt(brands.size()));
                String name = plant(random, brand, candidates.computeIfAbsent(brand, CandidateGenerator::generate));
                if (!planted.containsKey(name)) {
                    planted.put(name, brand);
                    names[i] = name;
                    continue;
                }
            }
            names[i] = ordinary(random);
        }
        return names;
    }

    private static String plant(SplittableRandom random, DomainName brand, List<Candidate> candidates) {
        String label = brand.ascii().substring(0, brand.ascii().indexOf('.'));
        String suffix = brand.ascii().substring(label.length() + 1);
        int kind = Math.min(4, random.nextInt(10));
        if (kind == 0 && label.indexOf('a') < 0 && label.indexOf('o') < 0) {
            kind = 4;
        }
        String name = switch (kind) {
            // a double IDN homograph (Cyrillic а and о for every a and o), which no candidate list holds
            case 0 -> IDN.toASCII(label.replace('a', '\u0430').replace('o', '\u043e') + "." + suffix);
            case 1 -> label + "-" + EXTRA[random.nextInt(EXTRA.length)] + random.nextInt(100) + "." + SUFFIXES[random.nextInt(SUFFIXES.length)];
            case 2 -> "secure." + brand.ascii() + "." + romaji(random, 3) + ".com";
            case 3 -> twoTypos(random, label) + "." + suffix;
            default -> candidates.get(random.nextInt(candidates.size())).domain();
        };
        PLANTED_KIND.putIfAbsent(name, kind);
        return name;
    }

    private static String twoTypos(SplittableRandom random, String label) {
        char[] chars = label.toCharArray();
        int first = random.nextInt(chars.length);
        int second = (first + 1 + random.nextInt(chars.length - 1)) % chars.length;
        chars[first] = chars[first] == 'x' ? 'q' : 'x';
        chars[second] = chars[second] == 'z' ? 'q' : 'z';
        return new String(chars);
    }

    private static String ordinary(SplittableRandom random) {
        String name = switch (random.nextInt(6)) {
            case 0, 1 -> romaji(random, 2 + random.nextInt(3));
            case 2 -> WORDS[random.nextInt(WORDS.length)] + WORDS[random.nextInt(WORDS.length)];
            case 3 -> WORDS[random.nextInt(WORDS.length)] + "-" + romaji(random, 2);
            case 4 -> romaji(random, 2) + random.nextInt(1000);
            default -> randomLetters(random, 6 + random.nextInt(10));
        };
        String prefix = switch (random.nextInt(10)) {
            case 0 -> "www.";
            case 1 -> "*.";
            case 2 -> "mail.";
            default -> "";
        };
        return prefix + name + "." + SUFFIXES[random.nextInt(SUFFIXES.length)];
    }

    private static String romaji(SplittableRandom random, int syllables) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < syllables; i++) {
            out.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        return out.toString();
    }

    private static String randomLetters(SplittableRandom random, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int r = random.nextInt(36);
            out.append((char) (r < 26 ? 'a' + r : '0' + r - 26));
        }
        return out.toString();
    }
}
