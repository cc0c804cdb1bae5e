package dev.mamori.phishing.aggregate;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What a domain's aggregate reports say over a period.
 *
 * @param domain the policy domain
 * @param domainRegistered whether it is one of the tenant's brand domains (or a subdomain)
 * @param from first day (UTC), inclusive
 * @param to last day (UTC), inclusive
 * @param reportCount how many reports
 * @param messages total messages
 * @param dmarcPass messages that passed DMARC (SPF or DKIM aligned)
 * @param dmarcFail messages that failed DMARC
 * @param dkimAligned messages with aligned DKIM pass
 * @param spfAligned messages with aligned SPF pass
 * @param dispositions messages per disposition the receivers applied
 * @param daily one entry per day of the period, in order
 * @param sources sending IPs, most messages first
 * @param readiness what {@code p=reject} would do
 */
public record DmarcSummary(String domain, boolean domainRegistered, LocalDate from, LocalDate to, int reportCount, long messages,
        long dmarcPass, long dmarcFail, long dkimAligned, long spfAligned, Map<AggregateReport.Disposition, Long> dispositions,
        List<DayVolume> daily, List<Source> sources, Readiness readiness) {

    public DmarcSummary {
        dispositions = Map.copyOf(dispositions);
        daily = List.copyOf(daily);
        sources = List.copyOf(sources);
    }

    /** Messages of one UTC day (a report's records count on the day its period begins). */
    public record DayVolume(LocalDate day, long pass, long fail) {
        public long total() {
            return pass + fail;
        }
    }

    /**
     * One sending IP address.
     *
     * @param ip the address
     * @param hostName its reverse DNS name, or null when none or not resolved in time
     * @param messages its messages
     * @param dmarcPass of which passed DMARC
     * @param dmarcFail of which failed
     * @param spfPass messages with a raw SPF pass (aligned or not)
     * @param dkimPass messages with a raw DKIM pass (aligned or not)
     * @param authenticatedAs domains it authenticated as (raw SPF/DKIM passes), sorted, at most five
     * @param headerFrom the From domains it used, sorted, at most five
     * @param classification what it looks like
     */
    public record Source(String ip, String hostName, long messages, long dmarcPass, long dmarcFail, long spfPass, long dkimPass,
            List<String> authenticatedAs, List<String> headerFrom, Classification classification) {
        public Source {
            authenticatedAs = List.copyOf(authenticatedAs);
            headerFrom = List.copyOf(headerFrom);
        }
    }

    /** How a sending IP looks from its results. */
    public enum Classification {
        /** All its messages passed DMARC: a sender the domain owner set up. */
        AUTHORIZED,
        /**
         * Some of its messages failed DMARC although it authenticates (SPF or DKIM pass for some
         * domain, or some of its mail passes): legitimate-looking, e.g. a mail service whose SPF or
         * DKIM domain is not aligned with the From domain. Fix it before {@code p=reject}.
         */
        FORGOTTEN_SENDER,
        /** Fails DMARC and authenticates as nobody: spoofing (or a forwarder that breaks everything). */
        SPOOFING
    }

    /**
     * What moving to {@code p=reject} would do to this period's mail.
     *
     * @param rejectShare share of all messages that fail DMARC and would be rejected (0 to 1)
     * @param legitimateAtRisk failing messages from {@link Classification#FORGOTTEN_SENDER} sources
     * @param spoofingBlocked failing messages from {@link Classification#SPOOFING} sources
     * @param ready true when there is mail and no forgotten sender would lose mail
     */
    public record Readiness(double rejectShare, long legitimateAtRisk, long spoofingBlocked, boolean ready) {
    }
}
