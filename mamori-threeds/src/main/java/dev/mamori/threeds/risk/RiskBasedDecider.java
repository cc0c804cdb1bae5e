package dev.mamori.threeds.risk;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.threeds.AuthenticationContext;
import dev.mamori.threeds.AuthenticationRiskDecider;
import dev.mamori.threeds.ChallengeAuthenticator;
import dev.mamori.threeds.DeviceChannel;
import dev.mamori.threeds.MessageCategory;
import dev.mamori.threeds.RiskDecision;
import dev.mamori.threeds.RiskDecision.Exemption;
import dev.mamori.threeds.TransStatus;
import dev.mamori.threeds.risk.IssuerRiskSignals.CardState;
import dev.mamori.threeds.risk.IssuerRiskSignals.IssuerFacts;
import dev.mamori.threeds.risk.IssuerRiskSignals.ListHit;
import dev.mamori.threeds.risk.internal.AcsRiskStore;
import dev.mamori.threeds.risk.internal.CardHistory;
import dev.mamori.threeds.risk.internal.DeviceKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACS's risk-based decision: a score from 0 to 1000 out of the issuer's risk engine (card
 * status, recent authorizations, lists, fraud labels), the device and browser, the merchant's risk
 * indicators, the account information, the amount and the card's 3-D Secure history; then the
 * issuer's {@link AcsPolicy} turns the score into Y, C, N, R or I.
 *
 * <p>Every signal adds or takes points with a reason id ({@code new-device}, {@code amount-above-usual}...);
 * the decision names the reasons that moved the score most. Hard facts are not scored: a blocked, lost,
 * stolen, expired or closed card is refused (R), a block-list hit is N with reason 11, an unknown card N
 * with reason 08. Each decision is recorded (device history, challenges per day, consecutive exemptions).
 */
public final class RiskBasedDecider implements AuthenticationRiskDecider {
    private static final Logger log = LoggerFactory.getLogger(RiskBasedDecider.class);

    /** Where every score starts: a card with nothing known for or against it. */
    static final int BASE_SCORE = 150;
    /** How many reasons a decision keeps. */
    static final int KEPT_REASONS = 6;
    static final Duration DEVICE_MEMORY = Duration.ofDays(365);
    static final Duration CHALLENGE_HISTORY = Duration.ofDays(30);
    static final Duration CHALLENGE_DAY = Duration.ofHours(24);
    /**
     * The card's ACS decisions read per AReq (newest first, within {@link #DEVICE_MEMORY}): its devices,
     * challenges and exemptions. A card with more is counted in the database for the periods the read
     * does not cover, so a flood of refused AReqs cannot hide its challenges and exemptions.
     */
    static final int HISTORY_LIMIT = 500;

    private final IssuerRiskSignals issuer;
    private final AcsPolicies policies;
    private final AcsRiskStore store;
    private final Enrolment enrolment;
    private final Clock clock;

    /** Whether a card can be challenged: enrolled in at least one challenge method. */
    @FunctionalInterface
    public interface Enrolment {
        /** Every card can be challenged (no enrolment to check). */
        Enrolment EVERY_CARD = (tenant, cardFingerprint) -> true;

        boolean canBeChallenged(TenantId tenant, String cardFingerprint);

        /** A card can be challenged when the authenticator knows a method for it. */
        static Enrolment of(ChallengeAuthenticator authenticator) {
            return (tenant, cardFingerprint) -> !authenticator.methods(tenant, cardFingerprint).isEmpty();
        }
    }

    public RiskBasedDecider(IssuerRiskSignals issuer, AcsPolicies policies, Jdbc jdbc, Enrolment enrolment, Clock clock) {
        this.issuer = issuer;
        this.policies = policies;
        this.store = new AcsRiskStore(jdbc);
        this.enrolment = enrolment;
        this.clock = clock;
    }

    /** One signal's share of the score. */
    record Contribution(String reason, int points) {
    }

    @Override
    public RiskDecision decide(AuthenticationContext ctx) {
        Instant now = ctx.at() == null ? clock.instant() : ctx.at();
        AcsPolicy policy = policies.get(ctx.tenant());
        String deviceHash = DeviceKeys.of(ctx.channel(), ctx.signals());
        IssuerFacts facts;
        try {
            facts = issuer.facts(ctx);
        } catch (RuntimeException e) {
            // Without the issuer's view no risk-based answer is honest: U with reason 22 (ACS technical issue).
            log.warn("3DS risk: the issuer's risk engine failed for acsTransID {}: {}", ctx.acsTransId(), e.toString());
            return recorded(ctx, deviceHash, new RiskDecision(TransStatus.U, "22", AcsPolicy.MAX_SCORE, List.of("issuer-unavailable"),
                    Exemption.NONE), now);
        }
        RiskDecision hard = hardRefusal(ctx, facts, policy, now);
        if (hard != null) {
            return recorded(ctx, deviceHash, hard, now);
        }
        CardHistory history = ctx.cardFingerprint() == null ? CardHistory.none()
                : store.cardHistory(ctx.tenant(), ctx.cardFingerprint(), now.minus(DEVICE_MEMORY), HISTORY_LIMIT);
        List<Contribution> contributions = new ArrayList<>();
        issuerSignals(ctx, facts, contributions);
        deviceSignals(ctx, deviceHash, history, now, contributions);
        merchantSignals(ctx.signals(), contributions);
        accountSignals(ctx.signals(), contributions);
        historySignals(challengesEnded(ctx, history, now.minus(CHALLENGE_HISTORY)), contributions);
        int score = BASE_SCORE;
        for (Contribution c : contributions) {
            score += c.points();
        }
        score = Math.max(0, Math.min(AcsPolicy.MAX_SCORE, score));
        List<String> reasons = topReasons(contributions);
        return recorded(ctx, deviceHash, apply(ctx, policy, history, score, reasons, now), now);
    }

    // ---------------------------------------------------------------- hard facts

    private static RiskDecision hardRefusal(AuthenticationContext ctx, IssuerFacts facts, AcsPolicy policy, Instant now) {
        switch (facts.card()) {
            case UNKNOWN:
                return refusal(TransStatus.N, "08", "card-unknown");
            case LOST:
                return refusal(TransStatus.R, "10", "card-lost");
            case STOLEN:
                return refusal(TransStatus.R, "10", "card-stolen");
            case EXPIRED:
                return refusal(TransStatus.R, "05", "card-expired");
            case BLOCKED:
                return refusal(TransStatus.R, "12", "card-blocked");
            case CLOSED:
                return refusal(TransStatus.R, "12", "card-closed");
            default:
                break;
        }
        if (facts.expiry() != null && facts.expiry().isBefore(YearMonth.from(now.atZone(ZoneOffset.UTC)))) {
            return refusal(TransStatus.R, "05", "card-expired");
        }
        if (!facts.blockHits().isEmpty()) {
            ListHit first = facts.blockHits().stream().sorted().findFirst().orElseThrow();
            return refusal(TransStatus.N, "11", "blocklist-" + first.name().toLowerCase(Locale.ROOT));
        }
        if (ctx.category() == MessageCategory.NON_PAYMENT && !policy.nonPaymentSupported()) {
            return refusal(TransStatus.N, "20", "non-payment-not-supported");
        }
        if (ctx.channel() == DeviceChannel.THREE_RI && !policy.threeRiSupported()) {
            return refusal(TransStatus.N, "21", "three-ri-not-supported");
        }
        return null;
    }

    private static RiskDecision refusal(TransStatus status, String reason, String why) {
        return new RiskDecision(status, reason, AcsPolicy.MAX_SCORE, List.of(why), Exemption.NONE);
    }

    // ---------------------------------------------------------------- signals

    private static void issuerSignals(AuthenticationContext ctx, IssuerFacts f, List<Contribution> out) {
        if (f.fraudLabels() > 0) {
            out.add(new Contribution("card-fraud-labelled", 250));
        }
        if (f.fraudFlags24h() > 0) {
            out.add(new Contribution("recent-fraud-flags", Math.min(360, 120 * f.fraudFlags24h())));
        }
        if (f.declines24h() > 0) {
            out.add(new Contribution("recent-declines", Math.min(200, 40 * f.declines24h())));
        }
        if (f.authorizations1h() > 3) {
            out.add(new Contribution("velocity-1h", Math.min(150, 30 * (f.authorizations1h() - 3))));
        }
        if (!f.allowHits().isEmpty()) {
            out.add(new Contribution("allowlisted", -100));
        }
        Long amount = ctx.amountMinor();
        if (amount != null && ctx.currency() != null) {
            if (f.usualAmountMinor() != null && f.usualAmountMinor() > 0 && ctx.currency().getCurrencyCode().equals(f.usualCurrency())) {
                double ratio = (double) amount / f.usualAmountMinor();
                if (ratio >= 10) {
                    out.add(new Contribution("amount-far-above-usual", 160));
                } else if (ratio >= 3) {
                    out.add(new Contribution("amount-above-usual", 80));
                } else if (ratio <= 1.5) {
                    out.add(new Contribution("amount-usual", -30));
                }
            }
            long major = majorUnits(amount, ctx.currency());
            // JPY's major unit is about a hundredth of the others': the absolute bands are per yen, or per unit elsewhere.
            long high = "JPY".equals(ctx.currency().getCurrencyCode()) ? 100_000 : 1_000;
            if (major >= 3 * high) {
                out.add(new Contribution("amount-very-high", 120));
            } else if (major >= high) {
                out.add(new Contribution("amount-high", 60));
            }
        }
    }

    private static void deviceSignals(AuthenticationContext ctx, String deviceHash, CardHistory history, Instant now, List<Contribution> out) {
        if (deviceHash == null || ctx.cardFingerprint() == null) {
            return;
        }
        List<CardHistory.TrustedDevice> trusted = history.trustedDevices(now.minus(DEVICE_MEMORY));
        if (trusted.isEmpty()) {
            out.add(new Contribution("first-device", 60));
            return;
        }
        boolean known = trusted.stream().anyMatch(t -> deviceHash.equals(t.deviceHash()));
        if (known) {
            out.add(new Contribution("known-device", -60));
            return;
        }
        out.add(new Contribution("new-device", 120));
        if (ctx.channel() != DeviceChannel.BROWSER) {
            return;
        }
        String language = primaryLanguage(ctx.signals().get("browserLanguage"));
        if (language != null && trusted.stream().map(t -> primaryLanguage(t.browserLanguage())).noneMatch(language::equals)) {
            out.add(new Contribution("unusual-language", 60));
        }
        Integer tz = integer(ctx.signals().get("browserTZ"));
        if (tz != null && trusted.stream().map(CardHistory.TrustedDevice::browserTz).filter(t -> t != null)
                .noneMatch(t -> Math.abs(t - tz) < 180) && trusted.stream().anyMatch(t -> t.browserTz() != null)) {
            out.add(new Contribution("unusual-timezone", 80));
        }
    }

    private static void merchantSignals(Map<String, String> s, List<Contribution> out) {
        switch (s.getOrDefault("merchantRiskIndicator.shipIndicator", "")) {
            case "01" -> out.add(new Contribution("ship-to-billing", -20));
            case "02" -> out.add(new Contribution("ship-to-verified-address", -10));
            case "03" -> out.add(new Contribution("ship-to-other-address", 40));
            case "05" -> out.add(new Contribution("digital-goods", 30));
            case "06" -> out.add(new Contribution("tickets", 30));
            case "07" -> out.add(new Contribution("ship-other", 20));
            default -> { }
        }
        if ("01".equals(s.get("merchantRiskIndicator.deliveryTimeframe"))) {
            out.add(new Contribution("electronic-delivery", 40));
        }
        Long giftAmount = longValue(s.get("merchantRiskIndicator.giftCardAmount"));
        Integer giftCount = integer(s.get("merchantRiskIndicator.giftCardCount"));
        if ((giftAmount != null && giftAmount > 0) || (giftCount != null && giftCount > 0)) {
            out.add(new Contribution("gift-card", 60));
            if (giftCount != null && giftCount >= 3) {
                out.add(new Contribution("gift-cards-many", 60));
            }
        }
        if ("02".equals(s.get("merchantRiskIndicator.preOrderPurchaseInd"))) {
            out.add(new Contribution("pre-order", 20));
        }
        if ("02".equals(s.get("merchantRiskIndicator.reorderItemsInd"))) {
            out.add(new Contribution("reorder", -30));
        }
    }

    private static void accountSignals(Map<String, String> s, List<Contribution> out) {
        switch (s.getOrDefault("acctInfo.chAccAgeInd", "")) {
            case "01" -> out.add(new Contribution("guest-checkout", 40));
            case "02" -> out.add(new Contribution("account-created-now", 80));
            case "03" -> out.add(new Contribution("account-new", 50));
            case "04" -> out.add(new Contribution("account-recent", 20));
            case "05" -> out.add(new Contribution("account-established", -30));
            default -> { }
        }
        if ("02".equals(s.get("acctInfo.suspiciousAccActivity"))) {
            out.add(new Contribution("suspicious-account-activity", 200));
        }
        Integer day = integer(s.get("acctInfo.txnActivityDay"));
        if (day != null && day > 3) {
            out.add(new Contribution("account-busy-today", Math.min(120, 20 * (day - 3))));
        }
        Integer year = integer(s.get("acctInfo.txnActivityYear"));
        if (year != null && year >= 20) {
            out.add(new Contribution("account-long-activity", -20));
        }
        Integer provisioning = integer(s.get("acctInfo.provisionAttemptsDay"));
        if (provisioning != null && provisioning > 2) {
            out.add(new Contribution("card-provisioning-attempts", 80));
        }
        if ("02".equals(s.get("acctInfo.shipNameIndicator"))) {
            out.add(new Contribution("ship-name-differs", 50));
        }
        String addrMatch = s.get("addrMatch");
        if ("N".equals(addrMatch)) {
            out.add(new Contribution("address-mismatch", 40));
        } else if ("Y".equals(addrMatch)) {
            out.add(new Contribution("address-match", -20));
        }
    }

    private CardHistory.Challenges challengesEnded(AuthenticationContext ctx, CardHistory history, Instant since) {
        return history.covers(since) ? history.challengesEnded(since) : store.challengesEnded(ctx.tenant(), ctx.cardFingerprint(), since);
    }

    private static void historySignals(CardHistory.Challenges h, List<Contribution> out) {
        if (h.failed() > 0) {
            out.add(new Contribution("recent-challenge-failures", Math.min(300, 100 * h.failed())));
        }
        if (h.abandoned() > 0) {
            out.add(new Contribution("recent-challenges-abandoned", Math.min(150, 50 * h.abandoned())));
        }
        if (h.passed() > 0 && h.failed() == 0) {
            out.add(new Contribution("recent-challenge-passed", -40));
        }
    }

    /** The reasons that moved the score most, raised risk before lowered at equal weight. */
    static List<String> topReasons(List<Contribution> contributions) {
        return contributions.stream()
                .sorted(Comparator.comparingInt((Contribution c) -> -Math.abs(c.points())).thenComparingInt(c -> -c.points()))
                .limit(KEPT_REASONS).map(Contribution::reason).toList();
    }

    // ---------------------------------------------------------------- policy

    private RiskDecision apply(AuthenticationContext ctx, AcsPolicy policy, CardHistory history, int score, List<String> reasons,
                               Instant now) {
        if (score >= policy.refuseAt()) {
            return new RiskDecision(TransStatus.N, "11", score, reasons, Exemption.NONE);
        }
        String ind = ctx.challengeIndicator() == null ? "01" : ctx.challengeIndicator();
        boolean lowEnough = score < policy.frictionlessBelow();
        if (ctx.channel() == DeviceChannel.THREE_RI) {
            // No cardholder is present to challenge: the risk either allows it or the issuer does not permit it.
            return lowEnough ? authenticated(policy, score, reasons, Exemption.NONE)
                    : new RiskDecision(TransStatus.N, "12", score, reasons, Exemption.NONE);
        }
        if ("06".equals(ind)) {
            // Data share only: the requestor asks for no authentication; the ACS acknowledges (I).
            return new RiskDecision(TransStatus.I, null, score, with(reasons, "requestor-data-only"), Exemption.NONE);
        }
        if (policy.honourRequestorExemptions() && ("05".equals(ind) || "07".equals(ind) || "08".equals(ind))) {
            return authenticated(policy, score, with(reasons, "requestor-exemption-" + ind), Exemption.NONE);
        }
        boolean requested = "03".equals(ind) || "04".equals(ind) || "09".equals(ind);
        if (!requested) {
            if (lowEnough) {
                return authenticated(policy, score, reasons, Exemption.NONE);
            }
            if (ctx.category() == MessageCategory.PAYMENT && ctx.amountMinor() != null) {
                Exemption exemption = exemption(ctx, policy, history, score);
                if (exemption != Exemption.NONE) {
                    return authenticated(policy, score, reasons, exemption);
                }
            }
        }
        boolean canChallenge = ctx.cardFingerprint() == null || enrolment.canBeChallenged(ctx.tenant(), ctx.cardFingerprint());
        if (!canChallenge) {
            return lowEnough ? authenticated(policy, score, with(reasons, "challenge-unavailable"), Exemption.NONE)
                    : new RiskDecision(TransStatus.N, "13", score, with(reasons, "not-enrolled"), Exemption.NONE);
        }
        Instant dayAgo = now.minus(CHALLENGE_DAY);
        int challengesToday = history.covers(dayAgo) ? history.challengesSince(dayAgo)
                : store.challengesSince(ctx.tenant(), ctx.cardFingerprint(), dayAgo);
        if (challengesToday >= policy.maxChallengesPerDay()) {
            return lowEnough ? authenticated(policy, score, with(reasons, "challenge-limit-reached"), Exemption.NONE)
                    : new RiskDecision(TransStatus.N, "19", score, with(reasons, "challenge-limit-reached"), Exemption.NONE);
        }
        return new RiskDecision(TransStatus.C, null, score, requested ? with(reasons, "requestor-challenge-" + ind) : reasons, Exemption.NONE);
    }

    private Exemption exemption(AuthenticationContext ctx, AcsPolicy policy, CardHistory history, int score) {
        long amount = ctx.amountMinor();
        long lowValue = policy.lowValueLimit(ctx.currency());
        if (lowValue >= 0 && amount <= lowValue && policy.lowValueMaxConsecutive() > 0 && ctx.cardFingerprint() != null
                && lowValueExemptionsSinceLastChallenge(ctx, history) < policy.lowValueMaxConsecutive()) {
            return Exemption.LOW_VALUE;
        }
        long tra = policy.traLimit(ctx.currency());
        if (score < policy.traBelow() && tra >= 0 && amount <= tra) {
            return Exemption.TRANSACTION_RISK_ANALYSIS;
        }
        return Exemption.NONE;
    }

    private int lowValueExemptionsSinceLastChallenge(AuthenticationContext ctx, CardHistory history) {
        return history.coversLastChallenge() ? history.lowValueExemptionsSinceLastChallenge()
                : store.lowValueExemptionsSinceLastChallenge(ctx.tenant(), ctx.cardFingerprint());
    }

    private static RiskDecision authenticated(AcsPolicy policy, int score, List<String> reasons, Exemption exemption) {
        return new RiskDecision(TransStatus.Y, policy.confidenceReasons() ? confidence(policy, score, exemption) : null, score, reasons,
                exemption);
    }

    /** 18 very high … 15 low confidence: the quarter of the frictionless band the score is in; an exemption is low confidence. */
    static String confidence(AcsPolicy policy, int score, Exemption exemption) {
        if (exemption != Exemption.NONE || score >= policy.frictionlessBelow()) {
            return "15";
        }
        int quarter = (int) ((long) score * 4 / Math.max(1, policy.frictionlessBelow()));
        return switch (quarter) {
            case 0 -> "18";
            case 1 -> "17";
            case 2 -> "16";
            default -> "15";
        };
    }

    // ---------------------------------------------------------------- record

    private RiskDecision recorded(AuthenticationContext ctx, String deviceHash, RiskDecision decision, Instant now) {
        // The ACS hands in validated ids (acsTransID is a UUID); anything else is not worth a history row.
        if (ctx.cardFingerprint() != null && ctx.cardFingerprint().length() <= 64 && ctx.acsTransId() != null && ctx.acsTransId().length() <= 36) {
            store.record(new AcsRiskStore.DecisionRow(ctx.acsTransId(), ctx.tenant(), ctx.cardFingerprint(), deviceHash,
                    truncate(ctx.signals().get("browserLanguage"), 35), integer(ctx.signals().get("browserTZ")), ctx.channel().code(),
                    ctx.amountMinor(), ctx.currency() == null ? null : ctx.currency().getCurrencyCode(), decision.score(),
                    decision.status().name(), decision.transStatusReason(), decision.exemption().name(),
                    truncate(String.join(",", decision.reasons()), 400), now));
        }
        return decision;
    }

    // ---------------------------------------------------------------- helpers

    private static List<String> with(List<String> reasons, String first) {
        List<String> out = new ArrayList<>(reasons.size() + 1);
        out.add(first);
        out.addAll(reasons);
        return out;
    }

    private static long majorUnits(long minor, java.util.Currency currency) {
        int digits = Math.max(0, currency.getDefaultFractionDigits());
        long scale = 1;
        for (int i = 0; i < digits; i++) {
            scale *= 10;
        }
        return minor / scale;
    }

    static String primaryLanguage(String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        int dash = tag.indexOf('-');
        return (dash < 0 ? tag : tag.substring(0, dash)).trim().toLowerCase(Locale.ROOT);
    }

    private static Integer integer(String s) {
        Long v = longValue(s);
        return v == null || v > Integer.MAX_VALUE || v < Integer.MIN_VALUE ? null : (int) (long) v;
    }

    private static Long longValue(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
