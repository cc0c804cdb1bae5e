package dev.mamori.phishing.lookalike;

import java.io.BufferedReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One pass over an observed-domain list: reads it in batches (streaming, so a list of millions of
 * names needs memory for one batch only) and matches each batch on {@code threads} threads.
 */
public final class LookalikeScan {
    /** Names matched together; large enough to keep both threads busy, small enough to stream. */
    public static final int BATCH = 65_536;

    private LookalikeScan() {
    }

    /**
     * The outcome of a scan.
     *
     * @param matches each matching observed domain once, in input order
     * @param scanned how many names were checked (duplicates included)
     * @param lines how many lines were read
     * @param rejected the first {@code maxRejected} skipped lines
     * @param rejectedCount how many lines (or names in them) were skipped in all
     */
    public record Outcome(List<LookalikeMatch> matches, long scanned, long lines, List<RejectedLine> rejected, long rejectedCount) {
    }

    public static Outcome run(BufferedReader input, LookalikeMatcher matcher, int threads, int maxRejected) {
        ObservedDomainReader reader = new ObservedDomainReader(input);
        List<String> batch = new ArrayList<>(BATCH);
        List<LookalikeMatch> matches = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<RejectedLine> rejected = new ArrayList<>();
        long[] rejectedCount = {0};
        long scanned = 0;
        boolean more = true;
        while (more) {
            batch.clear();
            more = reader.next(batch, BATCH, line -> {
                if (rejectedCount[0]++ < maxRejected) {
                    rejected.add(line);
                }
            });
            scanned += batch.size();
            for (LookalikeMatch match : matcher.matchAll(batch.toArray(new String[0]), batch.size(), threads)) {
                if (seen.add(match.observed())) {
                    matches.add(match);
                }
            }
        }
        return new Outcome(matches, scanned, reader.lines(), rejected, rejectedCount[0]);
    }
}
