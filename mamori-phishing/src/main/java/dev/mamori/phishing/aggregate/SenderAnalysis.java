package dev.mamori.phishing.aggregate;

import dev.mamori.phishing.aggregate.DmarcSummary.Source;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Groups report records by sending IP and classifies each sender (see {@link DmarcSummary.Classification}). */
public final class SenderAnalysis {
    private SenderAnalysis() {
    }

    /**
     * @param records records of one domain's reports
     * @param hostNames reverse DNS names by IP, where known
     * @return one entry per IP, most messages first
     */
    public static List<Source> sources(Iterable<AggregateReport.Record> records, Map<String, String> hostNames) {
        Map<String, SourceTally> tallies = new LinkedHashMap<>();
        for (AggregateReport.Record r : records) {
            tallies.computeIfAbsent(r.sourceIp(), SourceTally::new).add(r);
        }
        List<Source> sources = new ArrayList<>(tallies.size());
        for (SourceTally t : tallies.values()) {
            sources.add(t.toSource(hostNames.get(t.ip)));
        }
        sources.sort(Comparator.comparingLong(Source::messages).reversed().thenComparing(Source::ip));
        return sources;
    }
}
