package dev.mamori.risk;

import dev.mamori.risk.features.FeatureInput;
import java.util.Currency;
import java.util.Locale;

/**
 * Turns a logged decision back into the feature input the host built for it, outcome included:
 * the one place both the start-up replay and backtests read the log into the feature engine, so
 * the two can never disagree about what a logged payment was.
 *
 * <p>What the log cannot give back: the account number's body (the card number is never logged),
 * so the "sequential account numbers" features see nothing from a replayed event.
 */
public final class LoggedFeatureInput {
    private LoggedFeatureInput() {
    }

    /** Whether the host fed this decision to the features: reversals never change them. */
    public static boolean feedsFeatures(LoggedDecision d) {
        return d.kind() != MessageKind.REVERSAL;
    }

    /**
     * Resets {@code in} and fills it from {@code d}, with the decision's outcome (approved, and
     * declined for a wrong security code or expiry) set, ready for
     * {@link dev.mamori.risk.features.FeatureEngine#compute compute} and then {@code record}.
     */
    public static FeatureInput fill(FeatureInput in, LoggedDecision d) {
        in.reset();
        in.tenant(d.tenant());
        in.card(d.cardFingerprint());
        in.bin(d.bin());
        in.device(d.deviceId());
        in.ip(d.ip());
        in.email(d.email() == null ? null : d.email().toLowerCase(Locale.ROOT));
        in.address(d.addressKey());
        in.merchant(d.merchantId());
        in.amount(d.amountMinor(), Currency.getInstance(d.currency()).getDefaultFractionDigits());
        in.currency(d.currency());
        in.mcc(d.mcc());
        in.merchantCountry(d.merchantCountry());
        in.channel(d.channel());
        in.eventTime(d.receivedAt().toEpochMilli());
        in.outcome(d.responseCode() == ResponseCode.APPROVED, d.cvcFailed());
        return in;
    }
}
