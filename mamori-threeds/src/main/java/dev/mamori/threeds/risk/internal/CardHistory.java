package dev.mamori.threeds.risk.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A card's recent ACS decisions, newest first, each with how its transaction ended: everything the
 * risk-based decision needs about the card's 3-D Secure past, read in one query per AReq.
 */
public final class CardHistory {
    private static final Set<String> ABANDONED = Set.of("timed-out", "abandoned");
    private static final CardHistory NONE = new CardHistory(List.of(), false);

    /**
     * One decision of the card.
     *
     * @param status the decision's transStatus (Y, C, N...)
     * @param exemption the exemption the decision used ({@code NONE}, {@code LOW_VALUE}...)
     * @param aresStatus the ARes the ACS sent for it (null when the transaction row is missing)
     * @param state the transaction's state now ({@code challenge}, {@code completed}, {@code timed-out}...)
     * @param finalStatus the transaction's status after its challenge, or the ARes status without one
     */
    public record Decision(String deviceHash, String browserLanguage, Integer browserTz, String status, String exemption, Instant decidedAt,
                           String aresStatus, String state, String finalStatus) {

        /** A frictionless Y, or a challenge that ended Y: the device or browser it came from is trusted. */
        boolean trusted() {
            return "Y".equals(status) || "Y".equals(finalStatus);
        }
    }

    /** A device or browser the card authenticated from. */
    public record TrustedDevice(String deviceHash, String browserLanguage, Integer browserTz) {
    }

    /** The card's challenges: ended Y, ended otherwise, abandoned or timed out. */
    public record Challenges(int passed, int failed, int abandoned) {
    }

    private final List<Decision> decisions;
    private final boolean truncated;

    /**
     * @param decisions newest first
     * @param truncated whether the read stopped at its limit: older decisions of the period exist
     */
    public CardHistory(List<Decision> decisions, boolean truncated) {
        this.decisions = List.copyOf(decisions);
        this.truncated = truncated && !decisions.isEmpty();
    }

    /** A card the ACS has not decided on. */
    public static CardHistory none() {
        return NONE;
    }

    /**
     * Whether every decision since {@code since} is here. A read cut at its limit is not: a card flooded
     * with (cheap, refused) AReqs must not push its challenges and exemptions out of the counts, so the
     * caller then counts that period in the database instead.
     */
    public boolean covers(Instant since) {
        return !truncated || decisions.get(decisions.size() - 1).decidedAt().isBefore(since);
    }

    /** Whether {@link #lowValueExemptionsSinceLastChallenge()} is exact: the last challenge is here, or nothing was cut. */
    public boolean coversLastChallenge() {
        if (!truncated) {
            return true;
        }
        for (Decision d : decisions) {
            if ("C".equals(d.status())) {
                return true;
            }
        }
        return false;
    }

    public List<TrustedDevice> trustedDevices(Instant since) {
        List<TrustedDevice> out = new ArrayList<>();
        for (Decision d : decisions) {
            if (d.decidedAt().isBefore(since)) {
                break;
            }
            if (d.deviceHash() != null && d.trusted()) {
                out.add(new TrustedDevice(d.deviceHash(), d.browserLanguage(), d.browserTz()));
            }
        }
        return out;
    }

    /** The card's decisions since {@code since} that were C. */
    public int challengesSince(Instant since) {
        int count = 0;
        for (Decision d : decisions) {
            if (d.decidedAt().isBefore(since)) {
                break;
            }
            if ("C".equals(d.status())) {
                count++;
            }
        }
        return count;
    }

    /** Low-value exemptions since the card's last challenge (PSD2 counts them until strong authentication resets the count). */
    public int lowValueExemptionsSinceLastChallenge() {
        Instant lastChallenge = null;
        for (Decision d : decisions) {
            if ("C".equals(d.status())) {
                lastChallenge = d.decidedAt();
                break;
            }
        }
        int count = 0;
        for (Decision d : decisions) {
            // Strictly after: an exemption decided in the same millisecond as the challenge is not after it.
            if (lastChallenge != null && !d.decidedAt().isAfter(lastChallenge)) {
                break;
            }
            if ("LOW_VALUE".equals(d.exemption())) {
                count++;
            }
        }
        return count;
    }

    /** How the card's challenges since {@code since} ended (a challenge still running counts in none). */
    public Challenges challengesEnded(Instant since) {
        int passed = 0;
        int failed = 0;
        int abandoned = 0;
        for (Decision d : decisions) {
            if (d.decidedAt().isBefore(since)) {
                break;
            }
            if (!"C".equals(d.aresStatus()) || d.state() == null) {
                continue;
            }
            if (ABANDONED.contains(d.state())) {
                abandoned++;
            } else if ("Y".equals(d.finalStatus())) {
                passed++;
            } else if (!"challenge".equals(d.state()) && d.finalStatus() != null) {
                failed++;
            }
        }
        return new Challenges(passed, failed, abandoned);
    }
}
