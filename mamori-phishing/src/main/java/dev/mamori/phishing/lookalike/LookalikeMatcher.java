package dev.mamori.phishing.lookalike;

import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.internal.Confusables;
import dev.mamori.phishing.internal.DamerauLevenshtein;
import dev.mamori.phishing.internal.DomainSuffixes;
import java.net.IDN;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches observed host names against a set of brand domains. Built once per scan; thread-safe and
 * allocation-light, because it runs over millions of names (1 million against 100 brands in a few
 * seconds on 2 cores, see docs/benchmarks.md).
 *
 * <p>Per name, cheapest first: is it one of the brands or their subdomains (never a match); hash
 * look-ups of the registrable label among the generated variants of every brand, the brand labels
 * (other suffix) and the UTS #39 skeletons (homographs, IDN decoded); a search of the brand labels
 * inside the name through a table of their first three characters (keywords, subdomain tricks);
 * and only for what is left, a bounded Damerau–Levenshtein distance behind a length and
 * character-set prefilter. No regular expression, no per-name allocation beyond a few substrings.
 */
public final class LookalikeMatcher {
    /** Scores below this are not reported. */
    public static final double MIN_SCORE = 0.6;
    private static final double OTHER_SUFFIX = 0.95;
    private static final double IN_COMPOUND = 0.9;
    private static final int ALPHABET = 37; // a-z, 0-9, hyphen
    private static final Set<String> KEYWORDS = Set.copyOf(CandidateGenerator.KEYWORDS);

    private final DomainName[] brands;
    private final String[] labels;
    private final String[] suffixes;
    private final long[] masks;
    private final int[] fuzzyBounds;
    private final Set<String> own = new HashSet<>();
    private final Map<String, Hit> variants = new HashMap<>();
    private final Map<String, Integer> byLabel = new HashMap<>();
    private final Map<String, Integer> bySkeleton = new HashMap<>();
    /** For each trigram of [a-z0-9-], the brands whose label starts with it (null: none). */
    private final int[][] byTrigram = new int[ALPHABET * ALPHABET * ALPHABET][];

    private record Hit(int brand, Technique technique) {
    }

    private LookalikeMatcher(List<DomainName> brandList) {
        int n = brandList.size();
        brands = brandList.toArray(new DomainName[0]);
        labels = new String[n];
        suffixes = new String[n];
        masks = new long[n];
        fuzzyBounds = new int[n];
        for (int b = 0; b < n; b++) {
            String ascii = brands[b].ascii();
            own.add(ascii);
            String registrable = DomainSuffixes.registrable(ascii);
            if (registrable == null) {
                continue;
            }
            own.add(registrable); // the organisation's own domain above a registered subdomain
            int dot = registrable.indexOf('.');
            labels[b] = registrable.substring(0, dot);
            suffixes[b] = registrable.substring(dot + 1);
        }
        for (int b = 0; b < n; b++) {
            String label = labels[b];
            if (label == null) {
                continue;
            }
            byLabel.putIfAbsent(label, b);
            bySkeleton.putIfAbsent(skeletonOf(label), b);
            masks[b] = mask(label);
            // Short names are within one edit of too many words; only their generated variants count.
            fuzzyBounds[b] = label.startsWith("xn--") || label.length() < 5 ? 0 : label.length() < 9 ? 1 : 2;
            for (Map.Entry<String, Technique> variant : CandidateGenerator.labelVariants(label).entrySet()) {
                variants.putIfAbsent(variant.getKey(), new Hit(b, variant.getValue()));
            }
            int trigram = trigram(label, 0);
            if (trigram >= 0) {
                int[] list = byTrigram[trigram];
                byTrigram[trigram] = list == null ? new int[] {b} : append(list, b);
            }
        }
    }

    /** A matcher for {@code brands} (duplicates ignored). */
    public static LookalikeMatcher of(Collection<DomainName> brands) {
        return new LookalikeMatcher(new ArrayList<>(new LinkedHashSet<>(brands)));
    }

    public List<DomainName> brands() {
        return List.of(brands);
    }

    /**
     * The best match of {@code observed} (a canonical A-label host name, see
     * {@link ObservedDomainReader#canonical}), or null when it imitates no brand or is a brand or one
     * of its subdomains.
     */
    public LookalikeMatch match(String observed) {
        if (isOwn(observed)) {
            return null;
        }
        int suffixStart = DomainSuffixes.suffixStart(observed);
        if (suffixStart <= 0) {
            return null;
        }
        int labelStart = observed.lastIndexOf('.', suffixStart - 2) + 1;
        String label = observed.substring(labelStart, suffixStart - 1);
        String suffix = observed.substring(suffixStart);
        Best best = new Best();

        Integer sameLabel = byLabel.get(label);
        if (sameLabel != null) {
            best.offer(sameLabel, Technique.TLD_SWAP, Technique.TLD_SWAP.baseScore());
        }
        Hit hit = variants.get(label);
        if (hit != null) {
            best.offer(hit.brand, hit.technique, hit.technique.baseScore() * suffixFactor(hit.brand, suffix));
        }
        if (best.score < Technique.HOMOGLYPH.baseScore()) {
            skeletonMatch(label, suffix, best, 1.0);
        }
        if (best.score < Technique.KEYWORD.baseScore()) {
            embedded(observed, labelStart, label, suffix, best);
        }
        // The ASCII form of an IDN label (xn--...) has no meaningful tokens; its Unicode ones are checked by skeleton.
        if (best.score < Technique.KEYWORD.baseScore() && label.indexOf('-') > 0 && !label.startsWith("xn--")) {
            compound(label, suffix, best);
        }
        if (best.brand < 0) {
            similar(label, suffix, best);
        }
        if (best.brand < 0 || best.score < MIN_SCORE) {
            return null;
        }
        return new LookalikeMatch(observed, brands[best.brand], Math.round(best.score * 1000) / 1000.0, best.technique);
    }

    /**
     * Matches every name of {@code observed[0..count)} on {@code threads} threads; the result holds the
     * matches in input order.
     */
    public List<LookalikeMatch> matchAll(String[] observed, int count, int threads) {
        LookalikeMatch[] found = new LookalikeMatch[count];
        int workers = Math.max(1, Math.min(threads, count / 10_000 + 1));
        Thread[] started = new Thread[workers - 1];
        int slice = (count + workers - 1) / workers;
        for (int w = 1; w < workers; w++) {
            int from = w * slice;
            int to = Math.min(count, from + slice);
            started[w - 1] = new Thread(() -> matchRange(observed, from, to, found), "lookalike-" + w);
            started[w - 1].start();
        }
        matchRange(observed, 0, Math.min(count, slice), found);
        for (Thread thread : started) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while matching", e);
            }
        }
        List<LookalikeMatch> out = new ArrayList<>();
        for (LookalikeMatch match : found) {
            if (match != null) {
                out.add(match);
            }
        }
        return out;
    }

    private void matchRange(String[] observed, int from, int to, LookalikeMatch[] found) {
        for (int i = from; i < to; i++) {
            found[i] = match(observed[i]);
        }
    }

    private boolean isOwn(String observed) {
        if (own.contains(observed)) {
            return true;
        }
        for (int dot = observed.indexOf('.'); dot >= 0; dot = observed.indexOf('.', dot + 1)) {
            if (own.contains(observed.substring(dot + 1))) {
                return true;
            }
        }
        return false;
    }

    private void skeletonMatch(String label, String suffix, Best best, double factor) {
        boolean idn = label.contains("xn--");
        String unicode = label;
        if (idn) {
            try {
                unicode = IDN.toUnicode(label, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                return;
            }
        }
        Integer brand = bySkeleton.get(skeletonOf(unicode));
        if (brand != null && !label.equals(labels[brand])) {
            Technique technique = idn ? Technique.IDN_HOMOGLYPH : Technique.HOMOGLYPH;
            best.offer(brand, technique, technique.baseScore() * suffixFactor(brand, suffix) * factor);
        } else if (idn && unicode.indexOf('-') > 0 && factor == 1.0) {
            for (String token : unicode.split("-")) {
                Integer part = token.isEmpty() ? null : bySkeleton.get(skeletonOf(token));
                if (part != null) {
                    best.offer(part, Technique.IDN_HOMOGLYPH, Technique.IDN_HOMOGLYPH.baseScore() * suffixFactor(part, suffix) * IN_COMPOUND);
                }
            }
        }
    }

    /** Brand labels inside the name: mamori-login.com, securemamori.jp, secure.mamori.jp.evil.com. */
    private void embedded(String observed, int labelStart, String label, String suffix, Best best) {
        int end = labelStart + label.length();
        for (int p = 0; p + 3 <= end; p++) {
            int trigram = trigram(observed, p);
            int[] candidates = trigram < 0 ? null : byTrigram[trigram];
            if (candidates == null) {
                continue;
            }
            for (int b : candidates) {
                String brandLabel = labels[b];
                int length = brandLabel.length();
                if (p + length > end || !observed.startsWith(brandLabel, p)) {
                    continue;
                }
                boolean startsToken = p == 0 || !isLetterOrDigit(observed.charAt(p - 1));
                boolean endsToken = !isLetterOrDigit(observed.charAt(p + length));
                if (p >= labelStart) {
                    if (length == label.length()) {
                        continue; // the whole label: a suffix swap, already scored
                    }
                    String rest = (label.substring(0, p - labelStart) + label.substring(p - labelStart + length)).replace("-", "");
                    if (KEYWORDS.contains(rest)) {
                        best.offer(b, Technique.KEYWORD, Technique.KEYWORD.baseScore() * suffixFactor(b, suffix));
                    } else if (length >= 5 || startsToken && endsToken) {
                        best.offer(b, Technique.EMBEDDED, Technique.EMBEDDED.baseScore() * suffixFactor(b, suffix));
                    }
                } else if (startsToken && observed.charAt(p + length) == '.') {
                    boolean withSuffix = observed.startsWith(suffixes[b] + ".", p + length + 1);
                    best.offer(b, Technique.SUBDOMAIN, Technique.SUBDOMAIN.baseScore() * (withSuffix ? 1.0 : IN_COMPOUND));
                } else if (length >= 5 || startsToken && endsToken) {
                    best.offer(b, Technique.EMBEDDED, Technique.EMBEDDED.baseScore() * IN_COMPOUND);
                }
            }
        }
    }

    /** A variant inside a hyphenated label: rnamori-login.com. */
    private void compound(String label, String suffix, Best best) {
        int from = 0;
        while (from < label.length()) {
            int hyphen = label.indexOf('-', from);
            int to = hyphen < 0 ? label.length() : hyphen;
            if (to > from) {
                String token = label.substring(from, to);
                Hit hit = variants.get(token);
                if (hit != null && hit.technique != Technique.KEYWORD) {
                    best.offer(hit.brand, hit.technique, hit.technique.baseScore() * suffixFactor(hit.brand, suffix) * IN_COMPOUND);
                }
                skeletonMatch(token, suffix, best, IN_COMPOUND);
            }
            from = to + 1;
        }
    }

    private void similar(String label, String suffix, Best best) {
        int length = label.length();
        if (length < 4) {
            return;
        }
        long mask = mask(label);
        for (int b = 0; b < labels.length; b++) {
            int bound = fuzzyBounds[b];
            // Each edit changes the length by at most one and the character set by at most two characters.
            if (bound == 0 || Math.abs(length - labels[b].length()) > bound || Long.bitCount(mask ^ masks[b]) > 2 * bound) {
                continue;
            }
            int distance = DamerauLevenshtein.distance(label, labels[b], bound);
            if (distance > 0 && distance <= bound) {
                double score = Math.min(Technique.SIMILAR.baseScore(), 1.0 - (double) distance / Math.max(length, labels[b].length()));
                best.offer(b, Technique.SIMILAR, score * suffixFactor(b, suffix));
            }
        }
    }

    private double suffixFactor(int brand, String suffix) {
        return suffix.equals(suffixes[brand]) ? 1.0 : OTHER_SUFFIX;
    }

    private static String skeletonOf(String label) {
        String unicode = label;
        if (label.contains("xn--")) {
            try {
                unicode = IDN.toUnicode(label, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                return label;
            }
        }
        return Confusables.skeleton(unicode);
    }

    private static boolean isLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    private static int code(char c) {
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        if (c >= '0' && c <= '9') {
            return 26 + c - '0';
        }
        return c == '-' ? 36 : -1;
    }

    private static int trigram(String text, int at) {
        if (at + 3 > text.length()) {
            return -1;
        }
        int a = code(text.charAt(at));
        int b = code(text.charAt(at + 1));
        int c = code(text.charAt(at + 2));
        return a < 0 || b < 0 || c < 0 ? -1 : (a * ALPHABET + b) * ALPHABET + c;
    }

    private static long mask(String label) {
        long mask = 0;
        for (int i = 0; i < label.length(); i++) {
            int code = code(label.charAt(i));
            if (code >= 0) {
                mask |= 1L << code;
            }
        }
        return mask;
    }

    private static int[] append(int[] list, int value) {
        int[] out = Arrays.copyOf(list, list.length + 1);
        out[list.length] = value;
        return out;
    }

    /** The best (brand, technique, score) so far for one name. */
    private static final class Best {
        int brand = -1;
        Technique technique;
        double score;

        void offer(int candidate, Technique how, double value) {
            if (value > score) {
                brand = candidate;
                technique = how;
                score = value;
            }
        }
    }
}
