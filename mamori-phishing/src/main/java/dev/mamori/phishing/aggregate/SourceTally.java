package dev.mamori.phishing.aggregate;

import dev.mamori.phishing.aggregate.DmarcSummary.Classification;
import dev.mamori.phishing.aggregate.DmarcSummary.Source;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Running totals of one sending IP over report records, and its classification: the one place
 * that decides what counts as authorized, forgotten sender or spoofing.
 */
final class SourceTally {
    final String ip;
    long messages;
    long pass;
    long spfPass;
    long dkimPass;
    boolean authenticates;
    final Set<String> authenticatedAs = new TreeSet<>();
    final Set<String> headerFrom = new LinkedHashSet<>();

    SourceTally(String ip) {
        this.ip = ip;
    }

    void add(AggregateReport.Record r) {
        messages += r.count();
        if (r.dmarcPass()) {
            pass += r.count();
        }
        boolean spf = false;
        for (AggregateReport.SpfResult s : r.spf()) {
            if ("pass".equals(s.result())) {
                spf = true;
                if (s.domain() != null) {
                    authenticatedAs.add(s.domain());
                }
            }
        }
        boolean dkim = false;
        for (AggregateReport.DkimResult d : r.dkim()) {
            if ("pass".equals(d.result())) {
                dkim = true;
                if (d.domain() != null) {
                    authenticatedAs.add(d.domain());
                }
            }
        }
        spfPass += spf || r.spfAligned() ? r.count() : 0;
        dkimPass += dkim || r.dkimAligned() ? r.count() : 0;
        authenticates |= spf || dkim;
        headerFrom.add(r.headerFrom());
    }

    Source toSource(String hostName) {
        long fail = messages - pass;
        Classification c = fail == 0 ? Classification.AUTHORIZED
                : authenticates || pass > 0 ? Classification.FORGOTTEN_SENDER : Classification.SPOOFING;
        return new Source(ip, hostName, messages, pass, fail, spfPass, dkimPass, authenticatedAs.stream().limit(5).toList(),
                new TreeSet<>(headerFrom).stream().limit(5).toList(), c);
    }
}
