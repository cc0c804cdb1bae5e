package dev.mamori.risk;

import dev.mamori.common.TenantId;
import dev.mamori.risk.features.FeatureCatalog;
import dev.mamori.risk.features.FeatureSlot;
import dev.mamori.risk.features.FeatureVector;
import dev.mamori.risk.internal.CardAccountStore;
import dev.mamori.risk.internal.DecisionStore;
import dev.mamori.risk.internal.PolicyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credit-master (card-testing) defence. Detection reads the same windowed features the rules use:
 * many distinct cards or neighbouring card numbers from one device, IP or e-mail, a high decline
 * ratio, small probes at one merchant, repeated wrong CVC2/expiry on one card. A caught source is
 * declined for {@link CardTestingPolicy#blockFor()} on every instance (the block is stored), the
 * cards it got approved in the last day are flagged at risk (the attacker now knows they are
 * valid), and the tenant gets an alert. Counts include the attempt being decided (its card only
 * when the source has not used it within the hour: a device retrying its own cards is no tester).
 */
public final class CardTesting {
    private static final Logger log = LoggerFactory.getLogger(CardTesting.class);
    private static final Duration AT_RISK_LOOKBACK = Duration.ofHours(24);
    private static final Duration HOUR = Duration.ofHours(1);

    /** A detected pattern and the source to stop. */
    public record Detection(TenantId tenant, String sourceKind, String sourceValue, String pattern) {
    }

    private final PolicyStore store;
    private final DecisionStore decisions;
    private final CardAccountStore accounts;
    private final CardTestingPolicy policy;
    private final double smallAmount;
    private final Clock clock;
    private final Map<String, Instant> blocks = new ConcurrentHashMap<>();
    private final Source[] sources;
    private final FeatureSlot merchantSmall;
    private final FeatureSlot merchantDeclineRatio;
    private final FeatureSlot cardCvcFailures;

    /** Feature slots of one source kind (device, ip, email). */
    private record Source(String kind, String column, FeatureSlot distinctCards, FeatureSlot sequential, FeatureSlot count,
                          FeatureSlot declineRatio) {
    }

    CardTesting(PolicyStore store, DecisionStore decisions, CardAccountStore accounts, FeatureCatalog catalog, CardTestingPolicy policy,
                double smallAmount, Clock clock) {
        this.store = store;
        this.decisions = decisions;
        this.accounts = accounts;
        this.policy = policy;
        this.smallAmount = smallAmount;
        this.clock = clock;
        List<Source> list = new ArrayList<>();
        for (String[] kind : new String[][] {{"device", "device_id"}, {"ip", "ip"}, {"email", "email"}}) {
            list.add(new Source(kind[0], kind[1], catalog.aggregate(kind[0], "distinct", "card", HOUR),
                    catalog.aggregate(kind[0], "sequential", null, HOUR), catalog.aggregate(kind[0], "count", null, HOUR),
                    catalog.aggregate(kind[0], "declineRatio", null, HOUR)));
        }
        this.sources = list.toArray(Source[]::new);
        this.merchantSmall = catalog.aggregate("merchant", "small", null, HOUR);
        this.merchantDeclineRatio = catalog.aggregate("merchant", "declineRatio", null, HOUR);
        this.cardCvcFailures = catalog.aggregate("card", "cvcFailures", null, Duration.ofHours(24));
        if (merchantSmall == null || cardCvcFailures == null || list.stream().anyMatch(s -> s.distinctCards() == null)) {
            log.warn("Card-testing defence needs 1h and 24h feature windows; some checks are off");
        }
    }

    /** Reloads stored blocks (at start and periodically, so every instance declines a caught source). */
    public void refresh() {
        Instant now = clock.instant();
        Map<String, Instant> fresh = new ConcurrentHashMap<>();
        for (SourceBlock block : store.activeBlocks(now)) {
            fresh.put(key(block.tenant(), block.kind(), block.value()), block.blockedUntil());
        }
        blocks.keySet().retainAll(fresh.keySet());
        blocks.putAll(fresh);
    }

    /** @return the kind of a blocked source this request comes from ({@code device}, {@code ip}, ...), or null */
    String blockedSource(TenantId tenant, AuthorizationRequest r, String fingerprint, Instant now) {
        if (blocks.isEmpty()) {
            return null;
        }
        if (blocked(tenant, "device", r.ec().deviceId(), now)) {
            return "device";
        }
        if (blocked(tenant, "ip", r.ec().ip(), now)) {
            return "ip";
        }
        if (blocked(tenant, "email", lower(r.ec().email()), now)) {
            return "email";
        }
        if (blocked(tenant, "card", fingerprint, now)) {
            return "card";
        }
        // A merchant used as a testing ground keeps selling: only its probe-sized attempts are declined.
        if (r.amount() <= smallAmount && blocked(tenant, "merchant", r.merchant().merchantId(), now)) {
            return "merchant";
        }
        return null;
    }

    private boolean blocked(TenantId tenant, String kind, String value, Instant now) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        Instant until = blocks.get(key(tenant, kind, value));
        return until != null && until.isAfter(now);
    }

    /**
     * @param fingerprint the card's fingerprint: an attempt adds a card to a source's distinct or
     *     sequential count only when the source has not used that card within the hour
     * @return the pattern this attempt completes, or null
     */
    Detection detect(TenantId tenant, AuthorizationRequest r, String fingerprint, FeatureVector v, boolean securityCodeFailed) {
        for (Source source : sources) {
            String value = switch (source.kind()) {
                case "device" -> r.ec().deviceId();
                case "ip" -> r.ec().ip();
                default -> lower(r.ec().email());
            };
            if (value == null) {
                continue;
            }
            // The features count the cards seen before this attempt. This card makes one more only
            // when it is new to the source; the log is asked only at the threshold, where it matters.
            if (source.distinctCards() != null
                    && reaches(v.number(source.distinctCards()), "ip".equals(source.kind()) ? policy.distinctCardsPerIp() : policy.distinctCards(), tenant, source, value, fingerprint, r)) {
                return new Detection(tenant, source.kind(), value, "distinct-cards");
            }
            if (source.sequential() != null
                    && reaches(v.number(source.sequential()), policy.sequentialCards(), tenant, source, value, fingerprint, r)) {
                return new Detection(tenant, source.kind(), value, "sequential-numbers");
            }
            if (source.count() != null && source.declineRatio() != null && v.number(source.count()) + 1 >= policy.minAttempts()
                    && v.number(source.declineRatio()) >= policy.declineRatio()) {
                return new Detection(tenant, source.kind(), value, "decline-ratio");
            }
        }
        if (merchantSmall != null && r.amount() <= smallAmount && v.number(merchantSmall) + 1 >= policy.merchantSmallProbes()
                && v.number(merchantDeclineRatio) >= policy.declineRatio() && !r.merchant().merchantId().isEmpty()) {
            return new Detection(tenant, "merchant", r.merchant().merchantId(), "small-probes");
        }
        if (cardCvcFailures != null && securityCodeFailed && v.number(cardCvcFailures) + 1 >= policy.cardSecurityCodeFailures()) {
            return new Detection(tenant, "card", null, "security-code-guessing");
        }
        return null;
    }

    /** Whether {@code before} cards, plus this attempt's card when it is new to the source, reach {@code threshold}. */
    private boolean reaches(double before, int threshold, TenantId tenant, Source source, String value, String fingerprint,
                            AuthorizationRequest r) {
        if (before >= threshold) {
            return true;
        }
        if (before + 1 < threshold) {
            return false;
        }
        return fingerprint == null || !decisions.cardUsedFrom(tenant, source.column(), value, fingerprint, r.receivedAt().minus(HOUR));
    }

    /**
     * Blocks the source, flags the cards it learnt are valid, alerts. Called after the decision is
     * logged. A source already blocked is left as it is: its further probes neither extend the
     * block nor raise another alert.
     */
    void respond(Detection detection, String cardFingerprint, UUID cardAccountId, Instant now) {
        String value = "card".equals(detection.sourceKind()) ? cardFingerprint : detection.sourceValue();
        if (value == null || blocked(detection.tenant(), detection.sourceKind(), value, now)) {
            return;
        }
        Instant until = now.plus(policy.blockFor());
        store.block(new SourceBlock(detection.tenant(), detection.sourceKind(), value, detection.pattern(), until, now));
        blocks.put(key(detection.tenant(), detection.sourceKind(), value), until);
        Set<UUID> atRisk = new HashSet<>();
        if ("card".equals(detection.sourceKind())) {
            if (cardAccountId != null) {
                atRisk.add(cardAccountId);
            }
        } else {
            String column = switch (detection.sourceKind()) {
                case "device" -> "device_id";
                case "merchant" -> "merchant_id";
                default -> detection.sourceKind();
            };
            atRisk.addAll(decisions.approvedCardsFrom(detection.tenant(), column, value, now.minus(AT_RISK_LOOKBACK)));
        }
        int flagged = accounts.markAtRisk(detection.tenant(), atRisk, "card-testing:" + detection.pattern(), now);
        String detail = "Card testing (" + detection.pattern() + ") from " + detection.sourceKind()
                + ("card".equals(detection.sourceKind()) ? "" : " " + value) + ": declined until " + until + "; " + flagged
                + " card(s) approved for it flagged at risk";
        store.alert(new RiskAlert(UUID.randomUUID(), detection.tenant(), "card-testing", detail, now));
        log.warn("Card testing detected for tenant {}: {} from a {}; {} card(s) flagged", detection.tenant(), detection.pattern(),
                detection.sourceKind(), flagged);
    }

    public List<SourceBlock> activeBlocks() {
        return store.activeBlocks(clock.instant());
    }

    public boolean unblock(TenantId tenant, String kind, String value) {
        blocks.remove(key(tenant, kind, value));
        return store.unblock(tenant, kind, value);
    }

    private static String key(TenantId tenant, String kind, String value) {
        return tenant.value() + "|" + kind + "|" + value;
    }

    private static String lower(String text) {
        return text == null ? null : text.toLowerCase(java.util.Locale.ROOT);
    }
}
