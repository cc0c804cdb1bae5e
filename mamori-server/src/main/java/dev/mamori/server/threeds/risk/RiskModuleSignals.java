package dev.mamori.server.threeds.risk;

import dev.mamori.risk.CardAccount;
import dev.mamori.risk.CardUse;
import dev.mamori.risk.RiskModule;
import dev.mamori.risk.lists.ListHits;
import dev.mamori.risk.lists.ListKind;
import dev.mamori.risk.lists.ListQuery;
import dev.mamori.threeds.AuthenticationContext;
import dev.mamori.threeds.DeviceChannel;
import dev.mamori.threeds.risk.IssuerRiskSignals;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The authorization host's view of an AReq's card, through the risk module's public API: the card
 * account (by fingerprint), its recent use as the decision log and fraud labels know it
 * ({@link RiskModule#cardUse}), and the tenant's block and allow lists matched against the card, the
 * browser's IP, the e-mail and the app instance.
 */
final class RiskModuleSignals implements IssuerRiskSignals {
    private final RiskModule risk;
    private final Clock clock;

    RiskModuleSignals(RiskModule risk, Clock clock) {
        this.risk = risk;
        this.clock = clock;
    }

    @Override
    public IssuerFacts facts(AuthenticationContext ctx) {
        Optional<CardAccount> account = card(ctx);
        if (account.isEmpty()) {
            return IssuerFacts.unknownCard();
        }
        CardAccount card = account.get();
        Instant now = ctx.at() == null ? clock.instant() : ctx.at();
        CardUse use = risk.cardUse(ctx.tenant(), card.id(), now);
        Set<ListHit> blocks = EnumSet.noneOf(ListHit.class);
        Set<ListHit> allows = EnumSet.noneOf(ListHit.class);
        lists(ctx, now, blocks, allows);
        return new IssuerFacts(state(card), card.expiry(), use.declines24h(), use.fraudFlags24h(), use.authorizations1h(),
                use.usualAmountMinor(), use.usualCurrency(), use.fraudLabels(), blocks, allows);
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
