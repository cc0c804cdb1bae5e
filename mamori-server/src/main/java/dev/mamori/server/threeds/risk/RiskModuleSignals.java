package dev.mamori.server.threeds.risk;

import dev.mamori.common.TenantId;
import dev.mamori.risk.Action;
import dev.mamori.risk.CardAccount;
import dev.mamori.risk.DecisionLog;
import dev.mamori.risk.LoggedDecision;
import dev.mamori.risk.MessageKind;
import dev.mamori.risk.RiskModule;
import dev.mamori.risk.lists.ListHits;
import dev.mamori.risk.lists.ListKind;
import dev.mamori.risk.lists.ListQuery;
import dev.mamori.threeds.AuthenticationContext;
import dev.mamori.threeds.DeviceChannel;
import dev.mamori.threeds.risk.IssuerRiskSignals;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The authorization host's view of an AReq's card, through the risk module's public API: the card
 * account (found by last four, matched by fingerprint), its decisions of the last 90 days in the
 * decision log, the fraud labels known now, and the tenant's block and allow lists matched against
 * the card, the browser's IP, the e-mail and the app instance.
 */
final class RiskModuleSignals implements IssuerRiskSignals {
    static final Duration HISTORY = Duration.ofDays(90);
    /** Decisions read per card; the usual amount and the counts are over these. */
    static final int HISTORY_LIMIT = 500;

    private final RiskModule risk;
    private final Clock clock;

    RiskModuleSignals(RiskModule risk, Clock clock) {
        this.risk = risk;
        this.clock = clock;
    }

    @Override
    public IssuerFacts facts(AuthenticationContext ctx) {
        TenantId tenant = ctx.tenant();
        Optional<CardAccount> account = card(ctx);
        if (account.isEmpty()) {
            return IssuerFacts.unknownCard();
        }
        CardAccount card = account.get();
        Instant now = ctx.at() == null ? clock.instant() : ctx.at();
        List<LoggedDecision> history = risk.decisionLog().search(tenant, new DecisionLog.Query(card.id(), null, null, null, null, null, null,
                null, now.minus(HISTORY), now.plusSeconds(1)), HISTORY_LIMIT);
        int declines = 0;
        int flagged = 0;
        int lastHour = 0;
        Map<String, List<Long>> approvedAmounts = new HashMap<>();
        Set<UUID> ids = new HashSet<>();
        Instant earliest = now;
        Instant dayAgo = now.minus(Duration.ofHours(24));
        Instant hourAgo = now.minus(Duration.ofHours(1));
        for (LoggedDecision d : history) {
            if (d.kind() == MessageKind.REVERSAL) {
                continue;
            }
            ids.add(d.id());
            if (d.receivedAt().isBefore(earliest)) {
                earliest = d.receivedAt();
            }
            boolean approved = d.responseCode() != null && d.responseCode().approved();
            if (!d.receivedAt().isBefore(dayAgo)) {
                if (!approved) {
                    declines++;
                }
                if (d.action() != null && d.action() != Action.APPROVE) {
                    flagged++;
                }
            }
            if (!d.receivedAt().isBefore(hourAgo)) {
                lastHour++;
            }
            if (approved && d.currency() != null) {
                approvedAmounts.computeIfAbsent(d.currency(), c -> new ArrayList<>()).add(d.amountMinor());
            }
        }
        String usualCurrency = null;
        Long usualAmount = null;
        for (Map.Entry<String, List<Long>> e : approvedAmounts.entrySet()) {
            if (usualCurrency == null || e.getValue().size() > approvedAmounts.get(usualCurrency).size()) {
                usualCurrency = e.getKey();
            }
        }
        if (usualCurrency != null) {
            List<Long> amounts = new ArrayList<>(approvedAmounts.get(usualCurrency));
            amounts.sort(null);
            usualAmount = amounts.get(amounts.size() / 2);
        }
        int labelled = 0;
        if (!ids.isEmpty()) {
            // Only the period the card's decisions span: the labels of the whole tenant's 90 days would be read otherwise.
            for (Map.Entry<UUID, Boolean> label : risk.labels().known(tenant, earliest, now.plusSeconds(1), now).entrySet()) {
                if (Boolean.TRUE.equals(label.getValue()) && ids.contains(label.getKey())) {
                    labelled++;
                }
            }
        }
        Set<ListHit> blocks = EnumSet.noneOf(ListHit.class);
        Set<ListHit> allows = EnumSet.noneOf(ListHit.class);
        lists(ctx, now, blocks, allows);
        return new IssuerFacts(state(card), card.expiry(), declines, flagged, lastHour, usualAmount, usualCurrency, labelled, blocks, allows);
    }

    private Optional<CardAccount> card(AuthenticationContext ctx) {
        if (ctx.cardFingerprint() == null || ctx.pan() == null) {
            return Optional.empty();
        }
        return risk.cardAccounts().byFingerprint(ctx.tenant(), ctx.cardFingerprint());
    }

    private static CardState state(CardAccount card) {
        return switch (card.status()) {
            case ACTIVE -> CardState.ACTIVE;
            case BLOCKED -> CardState.BLOCKED;
            case LOST -> CardState.LOST;
            case STOLEN -> CardState.STOLEN;
            case EXPIRED -> CardState.EXPIRED;
        };
    }

    private void lists(AuthenticationContext ctx, Instant now, Set<ListHit> blocks, Set<ListHit> allows) {
        Map<String, String> s = ctx.signals();
        String ip = s.getOrDefault("browserIP", s.get("browserIPAddress"));
        String device = ctx.channel() == DeviceChannel.APP ? s.get("sdkAppID") : s.get("deviceId");
        ListQuery query = ListQuery.builder().cardFingerprint(ctx.cardFingerprint()).ip(ip).email(s.get("email")).deviceId(device).build();
        ListHits hits = risk.lists().match(ctx.tenant(), query, now);
        collect(hits, true, blocks);
        collect(hits, false, allows);
    }

    private static void collect(ListHits hits, boolean block, Set<ListHit> into) {
        for (ListKind kind : ListKind.values()) {
            if (!(block ? hits.isBlocked(kind) : hits.isAllowed(kind))) {
                continue;
            }
            switch (kind) {
                case CARD_FINGERPRINT -> into.add(ListHit.CARD);
                case IP -> into.add(ListHit.IP);
                case EMAIL -> into.add(ListHit.EMAIL);
                case DEVICE -> into.add(ListHit.DEVICE);
                default -> { }
            }
        }
    }
}
