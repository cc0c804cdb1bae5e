package dev.mamori.risk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the issuer's decision log knows of a card's recent use, summed up for another module's risk
 * decision (the 3-D Secure ACS asks for it on every AReq): declines and fraud flags of the last 24
 * hours, payments of the last hour, the usual approved amount and the fraud labels, over the card's
 * last {@link #HISTORY_LIMIT} decisions of {@link #HISTORY}. Reversals are not payments and are left out.
 *
 * @param declines24h decisions not approved in the last 24 hours
 * @param fraudFlags24h decisions the rules or model did not simply approve (review, challenge, decline) in the last 24 hours
 * @param authorizations1h decisions in the last hour
 * @param usualAmountMinor the median approved amount in {@code usualCurrency}, or null without an approval
 * @param usualCurrency the currency most approvals were in, or null without one
 * @param fraudLabels the decisions labelled fraud, as the labels are known now
 */
public record CardUse(int declines24h, int fraudFlags24h, int authorizations1h, Long usualAmountMinor, String usualCurrency,
                      int fraudLabels) {
    public static final Duration HISTORY = Duration.ofDays(90);
    public static final int HISTORY_LIMIT = 500;

    /** @param labels the latest label of each labelled decision (true: fraud), as {@code FraudLabels.knownForCard} gives them */
    static CardUse of(List<CardActivity> history, Map<UUID, Boolean> labels, Instant now) {
        Instant dayAgo = now.minus(Duration.ofHours(24));
        Instant hourAgo = now.minus(Duration.ofHours(1));
        int declines = 0;
        int flagged = 0;
        int lastHour = 0;
        int labelled = 0;
        Map<String, List<Long>> approvedAmounts = new HashMap<>();
        Set<UUID> counted = new HashSet<>();
        for (CardActivity d : history) {
            if (d.kind() == MessageKind.REVERSAL || !counted.add(d.decisionId())) {
                continue;
            }
            boolean approved = d.approved();
            if (!d.receivedAt().isBefore(dayAgo)) {
                declines += approved ? 0 : 1;
                flagged += d.action() != null && d.action() != Action.APPROVE ? 1 : 0;
            }
            lastHour += d.receivedAt().isBefore(hourAgo) ? 0 : 1;
            if (approved && d.currency() != null) {
                approvedAmounts.computeIfAbsent(d.currency(), c -> new ArrayList<>()).add(d.amountMinor());
            }
            labelled += Boolean.TRUE.equals(labels.get(d.decisionId())) ? 1 : 0;
        }
        String usualCurrency = null;
        for (Map.Entry<String, List<Long>> e : approvedAmounts.entrySet()) {
            if (usualCurrency == null || e.getValue().size() > approvedAmounts.get(usualCurrency).size()) {
                usualCurrency = e.getKey();
            }
        }
        Long usualAmount = null;
        if (usualCurrency != null) {
            List<Long> amounts = approvedAmounts.get(usualCurrency);
            amounts.sort(null);
            usualAmount = amounts.get(amounts.size() / 2);
        }
        return new CardUse(declines, flagged, lastHour, usualAmount, usualCurrency, labelled);
    }
}
