package dev.mamori.risk;

import dev.mamori.common.InsecurePanAccess;
import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.risk.features.FeatureEngine;
import dev.mamori.risk.features.FeatureInput;
import dev.mamori.risk.features.FeatureVector;
import dev.mamori.risk.features.StandardFeatureCatalog;
import dev.mamori.risk.internal.CardAccountStore;
import dev.mamori.risk.internal.DecisionStore;
import dev.mamori.risk.lists.ListHits;
import dev.mamori.risk.lists.NormalizedAddress;
import dev.mamori.risk.model.FraudModel;
import dev.mamori.risk.model.ModelReason;
import dev.mamori.risk.rules.RuleOutcome;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer authorization host: one {@link #decide} per 0100/0200/0400 or JSON authorization.
 *
 * <p>Order of work, cheapest and hardest first: a repeated message gets its first answer; the card
 * is found by fingerprint; status, expiry and CVC2 are checked; block lists and caught card-testing
 * sources decline; then the scoring stage (features and the tenant's rules, active and shadow)
 * runs under its time budget, with the tenant's fallback when it fails or overruns; an approval
 * holds the amount against open-to-buy in the same transaction that logs the decision, so the
 * decision is durable before the answer is sent and a limit can never be overdrawn by concurrent
 * approvals. In-memory features learn from the event only after it is logged.
 */
public final class AuthorizationHost {
    private static final Logger log = LoggerFactory.getLogger(AuthorizationHost.class);
    private static final ZoneId ISSUER_ZONE = ZoneId.of("Asia/Tokyo");
    /** The reason code of a decision the model's thresholds made. */
    public static final String MODEL_SCORE = "model-score";
    private static final int MODEL_REASONS = 3;
    private static final char[] APPROVAL_ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ".toCharArray();

    private final Jdbc jdbc;
    private final CardAccountStore accounts;
    private final DecisionStore decisions;
    private final CardFingerprinter fingerprinter;
    private final SecurityCodeVerifier securityCodes;
    /** Null when the server wired none: then no value verifies and nothing counts as 3-D Secure authenticated. */
    private final AuthenticationValueVerifier authenticationValues;
    private final FeatureEngine features;
    private final FeatureStage featureStage;
    private final RiskRules rules;
    private final RiskLists lists;
    private final TenantPolicies policies;
    private final CardTesting cardTesting;
    private final RiskModels models;
    private final CircuitBreaker breaker;
    private final java.util.function.Consumer<CircuitBreaker.TenantTrip> onTrip;
    private final EngineFacts facts;
    private final dev.mamori.risk.features.FeatureSlot scoreSlot;
    private final ThreadLocal<Scratch> scratch;

    AuthorizationHost(Jdbc jdbc, CardAccountStore accounts, DecisionStore decisions, CardFingerprinter fingerprinter,
                      SecurityCodeVerifier securityCodes, AuthenticationValueVerifier authenticationValues, FeatureEngine features, FeatureStage featureStage, RiskRules rules,
                      RiskLists lists, TenantPolicies policies, CardTesting cardTesting, RiskModels models, CircuitBreaker breaker,
                      java.util.function.Consumer<CircuitBreaker.TenantTrip> onTrip) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.decisions = decisions;
        this.fingerprinter = fingerprinter;
        this.securityCodes = securityCodes;
        this.authenticationValues = authenticationValues;
        this.features = features;
        this.featureStage = featureStage;
        this.rules = rules;
        this.lists = lists;
        this.policies = policies;
        this.cardTesting = cardTesting;
        this.models = models;
        this.breaker = breaker;
        this.onTrip = onTrip;
        this.facts = new EngineFacts(features.catalog());
        this.scoreSlot = features.catalog().fact("score");
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(features.catalog()));
    }

    /** Per-thread buffers, so a decision allocates little on the hot path. */
    static final class Scratch {
        final FeatureVector vector;
        final FeatureInput input = new FeatureInput();
        final RuleOutcome active = new RuleOutcome();
        final RuleOutcome shadow = new RuleOutcome();
        float[] activeRow = new float[0];
        double[] contributions = new double[1];
        float[] shadowRow = new float[0];

        Scratch(StandardFeatureCatalog catalog) {
            this.vector = new FeatureVector(catalog);
        }

        /** Sizes the active model's buffers to its input count (once per model, not per decision). */
        void fitActive(int inputs) {
            if (activeRow.length != inputs) {
                activeRow = new float[inputs];
                contributions = new double[inputs + 1]; // + the bias term
            }
        }

        void fitShadow(int inputs) {
            if (shadowRow.length != inputs) {
                shadowRow = new float[inputs];
            }
        }
    }

    /**
     * Decides one request and logs the decision before returning it.
     *
     * @param source the interface it came in on ({@code iso} or {@code json}), recorded in the log
     */
    public Decision decide(AuthorizationRequest request, String source) {
        return decide(request, source, source);
    }

    /**
     * Decides one request and logs the decision before returning it.
     *
     * @param source the interface it came in on ({@code iso} or {@code json}), recorded in the log
     * @param sender who sent it (the calling tenant for JSON, the interface for ISO 8583): part of
     *     the duplicate key, so one sender's trace numbers can never answer another's message
     */
    public Decision decide(AuthorizationRequest request, String source, String sender) {
        long started = System.nanoTime();
        String dedupKey = dedupKey(request, sender);
        if (dedupKey != null) {
            Optional<LoggedDecision> first = decisions.byDedupKey(request.tenant(), dedupKey);
            if (first.isPresent()) {
                if (request.kind() != MessageKind.REVERSAL && !sameTransaction(first.get(), request)) {
                    return mismatchedDuplicate(request, source, sender, started);
                }
                return toDecision(first.get()).asDuplicate();
            }
        }
        if (request.kind() == MessageKind.REVERSAL) {
            return reverse(request, source, sender, dedupKey, started);
        }
        return authorize(request, source, sender, dedupKey, started);
    }

    /** A repeat carries the same card and amount; anything else reusing the trace numbers is not a repeat. */
    private boolean sameTransaction(LoggedDecision first, AuthorizationRequest request) {
        return first.amountMinor() == request.amountMinor()
                && Objects.equals(first.cardFingerprint(), fingerprinter.fingerprint(request.tenant(), request.card().pan()));
    }

    /** Trace numbers already used for another card or amount: answered 94 and logged, never matched to the first. */
    private Decision mismatchedDuplicate(AuthorizationRequest request, String source, String sender, long started) {
        Assessment assessment = new Assessment();
        assessment.decline(ResponseCode.DUPLICATE_TRANSMISSION, "duplicate-trace-mismatch");
        String fingerprint = fingerprinter.fingerprint(request.tenant(), request.card().pan());
        return logDecision(UUID.randomUUID(), request, source, sender, null, null, fingerprint, null, assessment, null, started);
    }

    private Decision authorize(AuthorizationRequest request, String source, String sender, String dedupKey, long started) {
        TenantId tenant = request.tenant();
        TenantRiskPolicy policy = policies.policy(tenant);
        Pan pan = request.card().pan();
        String fingerprint = fingerprinter.fingerprint(tenant, pan);
        Optional<CardAccount> found = accounts.byFingerprint(tenant, fingerprint);
        Assessment assessment = new Assessment();
        Scratch s = scratch.get();
        NormalizedAddress address = RiskLists.parseAddress(request.ec().deliveryAddress());
        String addressKey = address == null ? null : address.key();

        CardAccount account = found.orElse(null);
        if (account == null) {
            assessment.decline(ResponseCode.INVALID_CARD_NUMBER, "unknown-card");
        } else {
            hardChecks(request, account, assessment);
        }
        checkAuthenticationValue(request, fingerprint, assessment);

        fillInput(s.input, request, fingerprint, addressKey);
        ListHits listHits = lists.match(tenant, request, fingerprint, address, request.receivedAt());
        if (listHits.isBlocked() && !assessment.declined()) {
            String kind = listHits.blocks().get(0).kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            assessment.decline(ResponseCode.SUSPECTED_FRAUD, "blocklist:" + kind);
        }
        String blockedSource = cardTesting.blockedSource(tenant, request, fingerprint, request.receivedAt());
        if (blockedSource != null && !assessment.declined()) {
            assessment.decline(ResponseCode.SUSPECTED_FRAUD, "card-testing-source:" + blockedSource);
        }

        Integer ruleVersion = score(request, account, fingerprint, policy, listHits, assessment, s);

        CardTesting.Detection detection = assessment.detection;
        if (detection != null && !assessment.declined()) {
            assessment.decline(ResponseCode.SUSPECTED_FRAUD, "card-testing:" + detection.pattern());
        }

        if (assessment.action == Action.APPROVE || assessment.action == Action.REVIEW) {
            if (!request.currency().equals(account.currency())) {
                assessment.decline(ResponseCode.INVALID_TRANSACTION, "currency-not-supported");
            } else if (request.amountMinor() == 0) {
                assessment.approvalCode = approvalCode(); // account verification: nothing to hold
            } else {
                assessment.approvalCode = approvalCode();
                assessment.hold = request.amountMinor();
            }
        }

        UUID id = UUID.randomUUID();
        Decision decision = logDecision(id, request, source, sender, dedupKey, account, fingerprint, addressKey, assessment, ruleVersion,
                started);
        if (decision.duplicate()) {
            return decision;
        }
        s.input.outcome(decision.approved(), assessment.cvcFailed);
        features.record(s.input);
        watch(tenant, ruleVersion, assessment, request.receivedAt().toEpochMilli());
        if (detection != null) {
            try {
                cardTesting.respond(detection, fingerprint, account == null ? null : account.id(), request.receivedAt());
            } catch (RuntimeException e) {
                // The decision is logged and must be answered; the block is retried by the next probe.
                log.error("Card-testing response failed for tenant {} ({} from a {})", tenant, detection.pattern(),
                        detection.sourceKind(), e);
            }
        }
        return decision;
    }

    /** Counts what the enforced rules and the active model declined for the circuit breaker; a trip is acted on at once. */
    private void watch(TenantId tenant, Integer ruleVersion, Assessment a, long atMillis) {
        CircuitBreaker.Trip trip = null;
        if (a.rulesApplied && ruleVersion != null) {
            trip = breaker.record(tenant, CircuitBreaker.Source.RULES, ruleVersion, a.declinedBy == CircuitBreaker.Source.RULES, atMillis);
        }
        if (a.modelApplied && a.modelVersion != null) {
            CircuitBreaker.Trip modelTrip = breaker.record(tenant, CircuitBreaker.Source.MODEL, a.modelVersion,
                    a.declinedBy == CircuitBreaker.Source.MODEL, atMillis);
            trip = trip == null ? modelTrip : trip;
        }
        if (trip != null) {
            try {
                onTrip.accept(new CircuitBreaker.TenantTrip(tenant, trip));
            } catch (RuntimeException e) {
                // The decision is logged and must be answered; the next decision trips again if it must.
                log.error("Circuit breaker response failed for tenant {}: {}", tenant, trip.reason(), e);
            }
        }
    }

    private void hardChecks(AuthorizationRequest request, CardAccount account, Assessment assessment) {
        if (account.status() != CardStatus.ACTIVE) {
            assessment.decline(account.status().declineCode(), "card-" + account.status().id());
            return;
        }
        YearMonth today = YearMonth.from(request.receivedAt().atZone(ISSUER_ZONE));
        if (account.expiry().isBefore(today)) {
            assessment.decline(ResponseCode.EXPIRED_CARD, "card-expired");
            return;
        }
        YearMonth presented = request.card().expiry();
        if (presented != null && !presented.equals(account.expiry())) {
            // Coarse on purpose: a guesser must not learn which of expiry or code was wrong.
            assessment.cvcFailed = true;
            assessment.decline(ResponseCode.DO_NOT_HONOUR, "expiry-mismatch");
            return;
        }
        if (request.card().securityCode() != null) {
            assessment.cvcPresent = true;
            if (account.cvkName() == null || account.brand() == dev.mamori.common.CardBrand.AMEX) {
                // No key, or an American Express CID (not the CVV algorithm): the issuer cannot check it here.
                assessment.reasons.add("cvc-unchecked");
            } else {
                boolean matched;
                try {
                    matched = securityCodes.verify(request.tenant(), account.cvkName(), request.card().pan(), account.expiry(), "000",
                            request.card().securityCode());
                } catch (RuntimeException e) {
                    // The key provider is down or the key is gone: the issuer cannot verify, so it cannot approve.
                    log.error("CVC2 verification failed for tenant {} with key {}", request.tenant(), account.cvkName(), e);
                    assessment.decline(ResponseCode.ISSUER_UNAVAILABLE, "cvc-verification-unavailable");
                    return;
                }
                if (matched) {
                    assessment.cvcMatched = true;
                } else {
                    assessment.cvcFailed = true;
                    assessment.decline(ResponseCode.DO_NOT_HONOUR, "cvc-mismatch");
                }
            }
        }
    }

    /**
     * The scoring stage: features, card-testing detection and the tenant's rules under its time
     * budget. @return the enforced rule set version
     */
    private Integer score(AuthorizationRequest request, CardAccount account, String fingerprint, TenantRiskPolicy policy, ListHits listHits,
                          Assessment assessment, Scratch s) {
        RiskRules.Live live = rules.live(request.tenant());
        RiskModels.Live model = RiskModels.Live.NONE;
        long scoringStart = System.nanoTime();
        String failure = null;
        try {
            // Inside the stage: a model that cannot be read from the database fails the stage, not the decision.
            model = models.live(request.tenant());
            s.vector.clear();
            featureStage.compute(s.input, s.vector);
            assessment.detection = cardTesting.detect(request.tenant(), request, fingerprint, s.vector, assessment.cvcFailed);
            facts.fill(s.vector, request, account, listHits, assessment, policy.issuerCountry());
            scoreModels(model, s, assessment);
            live.evaluate(s.vector, s.active, s.shadow);
        } catch (RuntimeException e) {
            log.error("Scoring failed for tenant {}; applying the {} fallback", request.tenant(), policy.scoringFallback().id(), e);
            failure = "scoring-failed";
        }
        long elapsedMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - scoringStart);
        if (failure == null && elapsedMicros > policy.scoringBudgetMicros()) {
            failure = "scoring-overran";
        }
        if (failure != null) {
            assessment.fallback = failure + ":" + policy.scoringFallback().id();
            assessment.clearModel(); // the fallback decides without the windowed features the model reads
            switch (policy.scoringFallback()) {
                case APPROVE -> {
                    return live.activeVersion();
                }
                case DECLINE -> {
                    if (!assessment.declined()) {
                        assessment.decline(ResponseCode.ISSUER_UNAVAILABLE, failure);
                    }
                    return live.activeVersion();
                }
                case RULES_ONLY -> {
                    // The request's own facts only: windowed history is what failed or was slow.
                    try {
                        s.vector.clear();
                        features.computeRequestFacts(s.input, s.vector);
                        facts.fill(s.vector, request, account, listHits, assessment, policy.issuerCountry());
                        live.evaluate(s.vector, s.active, s.shadow);
                    } catch (RuntimeException e) {
                        log.error("Rules-only fallback failed too for tenant {}", request.tenant(), e);
                        if (!assessment.declined()) {
                            assessment.decline(ResponseCode.SYSTEM_MALFUNCTION, "rules-failed");
                        }
                        return live.activeVersion();
                    }
                }
            }
        }
        assessment.fired.addAll(live.fired(s.active, s.shadow));
        if (!assessment.declined() && live.hasActive()) {
            assessment.rulesApplied = true;
            applyRuleOutcome(request, s.active, assessment);
            if (assessment.declined()) {
                assessment.declinedBy = CircuitBreaker.Source.RULES;
            }
        }
        if (assessment.score != null && !assessment.declined() && !listHits.isAllowed()) {
            assessment.modelApplied = true;
            applyModel(request, model.active().model(), assessment);
            if (assessment.declined()) {
                assessment.declinedBy = CircuitBreaker.Source.MODEL;
            }
        }
        return live.activeVersion();
    }

    /**
     * Scores the active model (its score goes into the vector, so rules can read {@code score}) with
     * its top reasons by path attribution, and the shadow model (logged only). Same vector, same code
     * path as training's feature replay: the row is filled by {@link dev.mamori.risk.model.ModelInputs}.
     */
    private void scoreModels(RiskModels.Live model, Scratch s, Assessment assessment) {
        RiskModels.Loaded active = model.active();
        if (active != null) {
            s.fitActive(active.inputs().size());
            active.inputs().fill(s.vector, s.activeRow);
            double score = active.trees().score(s.activeRow);
            s.vector.set(scoreSlot, score);
            active.trees().pathContributions(s.activeRow, s.contributions);
            assessment.score = score;
            assessment.modelVersion = active.model().version();
            assessment.modelReasons = ModelReason.format(ModelReason.top(active.inputs().names(), s.activeRow, s.contributions,
                    MODEL_REASONS));
        }
        RiskModels.Loaded shadow = model.shadow();
        if (shadow != null) {
            s.fitShadow(shadow.inputs().size());
            shadow.inputs().fill(s.vector, s.shadowRow);
            assessment.shadowScore = shadow.trees().score(s.shadowRow);
            assessment.shadowModelVersion = shadow.model().version();
        }
    }

    /** The active model's thresholds only ever add friction to what the checks and rules concluded. */
    private void applyModel(AuthorizationRequest request, FraudModel model, Assessment a) {
        double score = a.score;
        if (model.declineThreshold() != null && score >= model.declineThreshold()) {
            a.decline(ResponseCode.SUSPECTED_FRAUD, MODEL_SCORE);
        } else if (model.challengeThreshold() != null && score >= model.challengeThreshold()) {
            if (a.threeDsAuthenticated) {
                a.reasons.add(MODEL_SCORE);
                a.reasons.add("step-up-done");
            } else if (a.action == Action.CHALLENGE) {
                a.reasons.add(MODEL_SCORE);
            } else {
                a.action = Action.CHALLENGE;
                a.code = ResponseCode.AUTHENTICATION_REQUIRED;
                a.reasons.add(0, MODEL_SCORE);
            }
        } else if (model.reviewThreshold() != null && score >= model.reviewThreshold()) {
            if (a.action == Action.APPROVE) {
                a.action = Action.REVIEW;
            }
            a.reasons.add(MODEL_SCORE);
        }
    }

    private void applyRuleOutcome(AuthorizationRequest request, RuleOutcome outcome, Assessment assessment) {
        switch (outcome.action()) {
            case DECLINE -> assessment.decline(outcome.responseCode(), outcome.reason());
            case CHALLENGE -> {
                if (assessment.threeDsAuthenticated) {
                    assessment.reasons.add(outcome.reason());
                    assessment.reasons.add("step-up-done");
                } else {
                    assessment.action = Action.CHALLENGE;
                    assessment.code = ResponseCode.AUTHENTICATION_REQUIRED;
                    assessment.reasons.add(0, outcome.reason());
                }
            }
            case REVIEW -> {
                assessment.action = Action.REVIEW;
                assessment.reasons.add(outcome.reason());
            }
            case APPROVE -> {
                if (outcome.reason() != null) {
                    assessment.reasons.add(outcome.reason());
                }
            }
        }
    }

    private Decision reverse(AuthorizationRequest request, String source, String sender, String dedupKey, long started) {
        String stan = request.trace().originalStan() != null ? request.trace().originalStan() : request.trace().stan();
        String rrn = request.trace().originalRrn() != null ? request.trace().originalRrn() : request.trace().rrn();
        String fingerprint = fingerprinter.fingerprint(request.tenant(), request.card().pan());
        // Terminal ids are unique per acquirer only: the merchant and the card must match too.
        Optional<LoggedDecision> original = decisions.originalOf(request.tenant(), request.merchant().terminalId(),
                request.merchant().merchantId(), stan, rrn, fingerprint);
        Assessment assessment = new Assessment();
        LoggedDecision row = row(UUID.randomUUID(), request, source, original.map(LoggedDecision::cardAccountId).orElse(null),
                fingerprint, null, assessment, null, started, original.map(LoggedDecision::id).orElse(null));
        return logReversal(original, row, sender, dedupKey, started);
    }

    /**
     * Reverses a logged authorization named by its id (the JSON interface). Repeating it answers
     * with the first reversal.
     */
    public Decision reverse(LoggedDecision original, Instant receivedAt, String sender) {
        long started = System.nanoTime();
        String dedupKey = "REVERSAL|" + original.id();
        Optional<LoggedDecision> first = decisions.byDedupKey(original.tenant(), dedupKey);
        if (first.isPresent()) {
            return toDecision(first.get()).asDuplicate();
        }
        LoggedDecision o = original;
        LoggedDecision row = new LoggedDecision(UUID.randomUUID(), o.tenant(), MessageKind.REVERSAL, "json", receivedAt, o.stan(), o.rrn(),
                o.terminalId(), o.merchantId(), o.merchantName(), o.merchantCountry(), o.mcc(), o.channel(), o.cardAccountId(),
                o.cardFingerprint(), o.bin(), o.last4(), o.amountMinor(), o.currency(), o.deviceId(), o.ip(), o.email(),
                o.deliveryAddress(), o.addressKey(), o.eci(), o.threeDsStatus(), ResponseCode.APPROVED, Action.APPROVE, null, "", "",
                null, null, null, 0, 0, false, o.id(), null, null, null, null, null, null, false);
        return logReversal(Optional.of(original), row, sender, dedupKey, started);
    }

    /**
     * A reversal is answered 00 whether or not there was anything to release: the acquirer only
     * needs to know that nothing stays held. The log says which case it was; the original is
     * marked reversed in the same transaction, so a second reversal releases nothing.
     */
    private Decision logReversal(Optional<LoggedDecision> original, LoggedDecision template, String sender, String dedupKey,
                                 long started) {
        String reason;
        if (original.isEmpty()) {
            reason = "original-not-found";
        } else if (original.get().reversedAt() != null) {
            reason = "already-reversed";
        } else {
            reason = original.get().heldMinor() > 0 ? "released" : "nothing-held";
        }
        try {
            LoggedDecision logged = jdbc.inTransaction(c -> {
                String outcome = reason;
                if (original.isPresent() && original.get().reversedAt() == null) {
                    if (!DecisionStore.markReversed(c, original.get().id(), template.receivedAt())) {
                        outcome = "already-reversed"; // a concurrent reversal won
                    } else if (original.get().heldMinor() > 0 && original.get().cardAccountId() != null) {
                        // A reversal voids the whole authorization (partial reversals, field 95, are not supported).
                        CardAccountStore.release(c, original.get().cardAccountId(), original.get().heldMinor());
                    }
                }
                LoggedDecision row = withReasons(withLatency(template, started), outcome);
                DecisionStore.insert(c, row, dedupKey == null ? row.id().toString() : dedupKey, sender);
                return row;
            });
            return toDecision(logged);
        } catch (RuntimeException e) {
            return duplicateOrThrow(template.tenant(), dedupKey, e);
        }
    }

    private static LoggedDecision withReasons(LoggedDecision d, String reasons) {
        return new LoggedDecision(d.id(), d.tenant(), d.kind(), d.source(), d.receivedAt(), d.stan(), d.rrn(), d.terminalId(),
                d.merchantId(), d.merchantName(), d.merchantCountry(), d.mcc(), d.channel(), d.cardAccountId(), d.cardFingerprint(),
                d.bin(), d.last4(), d.amountMinor(), d.currency(), d.deviceId(), d.ip(), d.email(), d.deliveryAddress(), d.addressKey(),
                d.eci(), d.threeDsStatus(), d.responseCode(), d.action(), d.approvalCode(), reasons, d.firedRules(), d.ruleVersion(),
                d.score(), d.fallback(), d.latencyMicros(), d.heldMinor(), d.cvcFailed(), d.originalId(), d.reversedAt(), d.modelVersion(),
                d.modelReasons(), d.shadowModelVersion(), d.shadowScore(), d.threeDsValueCheck(), d.liabilityShift());
    }

    private Decision logDecision(UUID id, AuthorizationRequest request, String source, String sender, String dedupKey,
                                 CardAccount account,
                                 String fingerprint, String addressKey, Assessment assessment, Integer ruleVersion, long started) {
        try {
            LoggedDecision logged = jdbc.inTransaction(c -> {
                if (assessment.threeDsValue == AuthenticationValueCheck.VALID
                        && !DecisionStore.useAuthenticationValue(c, assessment.valueHash, request.tenant(), id, request.receivedAt())) {
                    // Another authorization accepted the same value between the check and now.
                    assessment.replayedInRace();
                }
                if (assessment.hold > 0 && !request.trace().stan().isEmpty() && DecisionStore.reversedBeforeArrival(c, request.tenant(), request.merchant().terminalId(),
                        request.merchant().merchantId(), request.trace().stan(), fingerprint)) {
                    // The acquirer timed out and reversed before this message arrived: it is void.
                    assessment.hold = 0;
                    assessment.approvalCode = null;
                    assessment.decline(ResponseCode.DO_NOT_HONOUR, "reversed-before-arrival");
                }
                if (assessment.hold > 0 && !CardAccountStore.hold(c, account.id(), assessment.hold)) {
                    assessment.hold = 0;
                    assessment.approvalCode = null;
                    assessment.decline(ResponseCode.INSUFFICIENT_FUNDS, "over-limit");
                }
                LoggedDecision row = withLatency(row(id, request, source, account == null ? null : account.id(), fingerprint, addressKey,
                        assessment, ruleVersion, started, null), started);
                DecisionStore.insert(c, row, dedupKey == null ? id.toString() : dedupKey, sender);
                return row;
            });
            return toDecision(logged);
        } catch (RuntimeException e) {
            return duplicateOrThrow(request.tenant(), dedupKey, e);
        }
    }

    /** Two copies of one message raced: the loser's transaction rolled back, it answers with the winner's decision. */
    private Decision duplicateOrThrow(TenantId tenant, String dedupKey, RuntimeException e) {
        if (dedupKey != null && Jdbc.isUniqueViolation(e)) {
            Optional<LoggedDecision> first = decisions.byDedupKey(tenant, dedupKey);
            if (first.isPresent()) {
                return toDecision(first.get()).asDuplicate();
            }
        }
        throw e;
    }

    private LoggedDecision row(UUID id, AuthorizationRequest r, String source, UUID accountId, String fingerprint, String addressKey,
                               Assessment a, Integer ruleVersion, long started, UUID originalId) {
        AuthorizationRequest.EcData ec = r.ec();
        AuthorizationRequest.ThreeDsResult threeDs = ec.threeDs();
        // A reversal is logged under the STAN of the message it reverses, so a late original finds it.
        String stan = r.kind() == MessageKind.REVERSAL && r.trace().originalStan() != null ? r.trace().originalStan() : r.trace().stan();
        return new LoggedDecision(id, r.tenant(), r.kind(), source, r.receivedAt(), stan, r.trace().rrn(),
                r.merchant().terminalId(), r.merchant().merchantId(), r.merchant().nameLocation(), r.merchant().country(),
                r.merchant().mcc(), r.channel(), accountId, fingerprint, r.card().pan().bin(), r.card().pan().last4(), r.amountMinor(),
                r.currency().getCurrencyCode(), ec.deviceId(), ec.ip(), ec.email(), ec.deliveryAddress(), addressKey,
                threeDs == null ? null : threeDs.eci(), threeDs == null ? null : threeDs.transStatus(), a.code, a.action,
                a.approvalCode, String.join(",", a.reasons), FiredRules.format(a.fired), ruleVersion, a.score, a.fallback, 0, a.hold,
                a.cvcFailed, originalId, null, a.modelVersion, a.modelReasons, a.shadowModelVersion, a.shadowScore,
                a.threeDsValue == null ? null : a.threeDsValue.id(), a.liabilityShift);
    }

    private static LoggedDecision withLatency(LoggedDecision d, long started) {
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - started);
        return new LoggedDecision(d.id(), d.tenant(), d.kind(), d.source(), d.receivedAt(), d.stan(), d.rrn(), d.terminalId(),
                d.merchantId(), d.merchantName(), d.merchantCountry(), d.mcc(), d.channel(), d.cardAccountId(), d.cardFingerprint(),
                d.bin(), d.last4(), d.amountMinor(), d.currency(), d.deviceId(), d.ip(), d.email(), d.deliveryAddress(), d.addressKey(),
                d.eci(), d.threeDsStatus(), d.responseCode(), d.action(), d.approvalCode(), d.reasons(), d.firedRules(), d.ruleVersion(),
                d.score(), d.fallback(), micros, d.heldMinor(), d.cvcFailed(), d.originalId(), d.reversedAt(), d.modelVersion(),
                d.modelReasons(), d.shadowModelVersion(), d.shadowScore(), d.threeDsValueCheck(), d.liabilityShift());
    }

    static Decision toDecision(LoggedDecision d) {
        List<String> reasons = d.reasons().isEmpty() ? List.of() : List.of(d.reasons().split(","));
        return new Decision(d.id(), d.tenant(), d.kind(), d.responseCode(), d.action(), d.approvalCode(), reasons,
                FiredRules.parse(d.firedRules()), d.ruleVersion(), d.score(), d.fallback(), d.latencyMicros(), false, d.cardAccountId(),
                d.receivedAt(), d.modelVersion(), ModelReason.parse(d.modelReasons()));
    }

    private void fillInput(FeatureInput in, AuthorizationRequest r, String fingerprint, String addressKey) {
        Pan pan = r.card().pan();
        in.reset();
        in.tenant(r.tenant());
        in.card(fingerprint);
        in.bin(pan.bin());
        in.accountBody(FeatureInput.accountBody(pan.reveal(InsecurePanAccess.get())));
        in.device(r.ec().deviceId());
        in.ip(r.ec().ip());
        in.email(r.ec().email()); // already lower case
        in.address(addressKey);
        in.merchant(r.merchant().merchantId());
        in.amount(r.amountMinor(), r.amount());
        in.currency(r.currency().getCurrencyCode());
        in.mcc(r.merchant().mcc());
        in.merchantCountry(r.merchant().country());
        in.channel(r.channel());
        in.eventTime(r.receivedAt().toEpochMilli());
    }

    /** Feeds one logged decision back into the in-memory features (restart). The card number is not logged, so no account body. */
    void replay(LoggedDecision d) {
        if (!LoggedFeatureInput.feedsFeatures(d)) {
            return;
        }
        features.record(LoggedFeatureInput.fill(scratch.get().input, d));
    }

    /**
     * Judges the 3-D Secure result: authenticated only with a fully authenticated ECI (05 Visa, JCB,
     * Amex, Diners, UnionPay; 02 Mastercard) AND an authentication value the issuer's key verifies
     * for this card, amount (exactly: the value does not carry the amount, it is bound into the
     * MAC), currency and merchant AND that no other authorization has used. A valid value with an
     * attempts ECI (06/01) is not authenticated but shifts liability. Forged and replayed values
     * are evidence of tampering and decline 59; a mismatched or unverifiable one only does not count.
     */
    private void checkAuthenticationValue(AuthorizationRequest request, String fingerprint, Assessment a) {
        AuthorizationRequest.ThreeDsResult threeDs = request.ec().threeDs();
        if (threeDs == null || threeDs.authenticationValue() == null || threeDs.authenticationValue().isEmpty()) {
            return;
        }
        String value = threeDs.authenticationValue();
        String eci = threeDs.eci();
        AuthenticationValueCheck check;
        if (authenticationValues == null) {
            check = AuthenticationValueCheck.UNVERIFIED;
        } else {
            try {
                check = switch (authenticationValues.verify(request.tenant(), value, request.card().pan(), request.amountMinor(),
                        request.currency(), request.merchant().merchantId(), eci)) {
                    case VALID -> AuthenticationValueCheck.VALID;
                    case FORGED -> AuthenticationValueCheck.FORGED;
                    case MISMATCHED -> AuthenticationValueCheck.MISMATCHED;
                };
            } catch (RuntimeException e) {
                log.error("Authentication value verification failed for tenant {}", request.tenant(), e);
                check = AuthenticationValueCheck.UNVERIFIED;
            }
        }
        if (check == AuthenticationValueCheck.VALID) {
            a.valueHash = valueHash(value);
            if (decisions.authenticationValueUsed(a.valueHash)) {
                check = AuthenticationValueCheck.REPLAYED;
            }
        }
        a.threeDsValue = check;
        boolean fully = "05".equals(eci) || "02".equals(eci);
        boolean attempted = "06".equals(eci) || "01".equals(eci);
        a.threeDsAuthenticated = check == AuthenticationValueCheck.VALID && fully;
        a.liabilityShift = check == AuthenticationValueCheck.VALID && (fully || attempted);
        switch (check) {
            case FORGED -> a.decline(ResponseCode.SUSPECTED_FRAUD, "3ds-value-forged");
            case REPLAYED -> a.decline(ResponseCode.SUSPECTED_FRAUD, "3ds-value-replayed");
            case MISMATCHED -> a.reasons.add("3ds-value-mismatch");
            case UNVERIFIED -> a.reasons.add("3ds-value-unverified");
            case VALID -> { }
        }
    }

    /** SHA-256 of the value's text, hex: the key of the table of used values. */
    static String valueHash(String value) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    static long minorPerMajor(AuthorizationRequest request) {
        int digits = Math.max(0, request.currency().getDefaultFractionDigits());
        long factor = 1;
        for (int i = 0; i < digits; i++) {
            factor *= 10;
        }
        return factor;
    }

    private static String dedupKey(AuthorizationRequest r, String sender) {
        if (r.trace().stan().isEmpty() && r.trace().rrn().isEmpty()) {
            return null;
        }
        return r.kind().name() + '|' + sender + '|' + r.merchant().terminalId() + '|' + r.merchant().merchantId() + '|'
                + r.trace().stan() + '|' + r.trace().rrn();
    }

    private static String approvalCode() {
        char[] code = new char[6];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < code.length; i++) {
            code[i] = APPROVAL_ALPHABET[random.nextInt(APPROVAL_ALPHABET.length)];
        }
        return new String(code);
    }

    /** The decision being built: the first decline wins; later checks only add reasons. */
    static final class Assessment {
        ResponseCode code = ResponseCode.APPROVED;
        Action action = Action.APPROVE;
        final List<String> reasons = new ArrayList<>(4);
        final List<FiredRule> fired = new ArrayList<>(4);
        String approvalCode;
        String fallback;
        long hold;
        boolean cvcPresent;
        boolean cvcMatched;
        boolean cvcFailed;
        CardTesting.Detection detection;
        Double score;
        Integer modelVersion;
        String modelReasons;
        Integer shadowModelVersion;
        Double shadowScore;
        /** Whether the enforced rules' and the model's outcomes were applied (nothing had declined before them). */
        boolean rulesApplied;
        boolean modelApplied;
        CircuitBreaker.Source declinedBy;
        /** The authentication value's check, null when the request carried none. */
        AuthenticationValueCheck threeDsValue;
        String valueHash;
        /** ECI 05/02 with a valid, unused value: the only way a request counts as 3-D Secure authenticated. */
        boolean threeDsAuthenticated;
        boolean liabilityShift;

        /** The value was used by a concurrent authorization: this one is a replay, whatever it decided before. */
        void replayedInRace() {
            threeDsValue = AuthenticationValueCheck.REPLAYED;
            threeDsAuthenticated = false;
            liabilityShift = false;
            hold = 0;
            approvalCode = null;
            if (declined()) {
                reasons.add("3ds-value-replayed");
            } else {
                code = ResponseCode.SUSPECTED_FRAUD;
                action = Action.DECLINE;
                reasons.add(0, "3ds-value-replayed");
            }
        }

        void clearModel() {
            score = null;
            modelVersion = null;
            modelReasons = null;
            shadowModelVersion = null;
            shadowScore = null;
        }

        void decline(ResponseCode responseCode, String reason) {
            if (!declined()) {
                code = responseCode;
                action = Action.DECLINE;
                reasons.add(0, reason);
            } else {
                reasons.add(reason);
            }
        }

        boolean declined() {
            return action == Action.DECLINE;
        }

        String firstReason() {
            return reasons.isEmpty() ? null : reasons.get(0);
        }
    }
}
