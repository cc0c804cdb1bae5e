package dev.mamori.risk.features;

import dev.mamori.common.TenantId;
import dev.mamori.risk.Channel;

/**
 * What the feature engine needs from one request, in a mutable holder a worker thread fills and
 * reuses (no allocation per request). Not thread-safe: one per thread. Setters return this.
 *
 * <p>Blank texts count as absent. The account-number body is PAN-derived: it lives in this holder
 * and, for {@code sequential}, in memory only; nothing here prints it ({@code toString} is
 * {@code Object}'s).
 */
public final class FeatureInput {
    final String[] values = new String[EntityKind.COUNT];
    TenantId tenant;
    long accountBody = -1;
    long amountMinor;
    double amount;
    String currency;
    String mcc;
    String merchantCountry;
    Channel channel;
    long eventTime;
    boolean approved;
    boolean declinedForCvcOrExpiry;

    // Entity keys hashed once per request and reused by record(); valid for keysOwner only.
    final long[] keys = new long[EntityKind.COUNT];
    Object keysOwner;
    // The event's bucket per window (index, ring position), valid for bucketsOwner at bucketsTime.
    long[] bucketIndex;
    int[] bucketPosition;
    Object bucketsOwner;
    long bucketsTime;

    /** Clears every field, for the next request. */
    public FeatureInput reset() {
        for (int i = 0; i < values.length; i++) {
            values[i] = null;
        }
        tenant = null;
        accountBody = -1;
        amountMinor = 0;
        amount = 0;
        currency = null;
        mcc = null;
        merchantCountry = null;
        channel = null;
        eventTime = 0;
        approved = false;
        declinedForCvcOrExpiry = false;
        keysOwner = null;
        return this;
    }

    public FeatureInput tenant(TenantId tenant) {
        this.tenant = tenant;
        keysOwner = null;
        return this;
    }

    /** The card fingerprint (the vault's keyed hash of the PAN), never the PAN. */
    public FeatureInput card(String fingerprint) {
        return value(EntityKind.CARD, fingerprint);
    }

    /** The first six digits of the PAN ({@code Pan.bin()}), also for 16- to 19-digit cards. */
    public FeatureInput bin(String bin) {
        return value(EntityKind.BIN, bin);
    }

    public FeatureInput device(String deviceId) {
        return value(EntityKind.DEVICE, deviceId);
    }

    public FeatureInput ip(String ip) {
        return value(EntityKind.IP, ip);
    }

    /** The e-mail address, normalized by the caller (lower case). */
    public FeatureInput email(String email) {
        return value(EntityKind.EMAIL, email);
    }

    /** The normalized delivery-address key. */
    public FeatureInput address(String addressKey) {
        return value(EntityKind.ADDRESS, addressKey);
    }

    /** The merchant id (field 42). */
    public FeatureInput merchant(String merchantId) {
        return value(EntityKind.MERCHANT, merchantId);
    }

    /** The PAN without its check digit, as a number ({@link #accountBody(CharSequence)}); -1 when unknown. */
    public FeatureInput accountBody(long body) {
        this.accountBody = body < 0 ? -1 : body;
        return this;
    }

    /** The amount in minor units and in major units (as rules compare it). */
    public FeatureInput amount(long minor, double major) {
        this.amountMinor = minor;
        this.amount = major;
        return this;
    }

    /** The amount in minor units of a currency with that many fraction digits (JPY 0, USD 2). */
    public FeatureInput amount(long minor, int fractionDigits) {
        // The same arithmetic as AuthorizationRequest.amount(): a replayed sum must equal the live one to the last bit.
        int digits = Math.max(0, fractionDigits);
        return amount(minor, digits == 0 ? minor : minor / Math.pow(10, digits));
    }

    /** ISO 4217 alphabetic code, e.g. JPY. */
    public FeatureInput currency(String alphaCode) {
        this.currency = blankToNull(alphaCode);
        return this;
    }

    public FeatureInput mcc(String mcc) {
        this.mcc = blankToNull(mcc);
        return this;
    }

    /** ISO 3166 alpha-2, upper case; null when unknown. */
    public FeatureInput merchantCountry(String country) {
        this.merchantCountry = blankToNull(country);
        return this;
    }

    public FeatureInput channel(Channel channel) {
        this.channel = channel;
        return this;
    }

    /** When the request happened, epoch milliseconds (the host's receive time). */
    public FeatureInput eventTime(long epochMillis) {
        this.eventTime = epochMillis;
        return this;
    }

    /** The decision, for {@link FeatureEngine#record}: approved, and whether a decline was for a wrong CVC2 or expiry date. */
    public FeatureInput outcome(boolean approved, boolean declinedForCvcOrExpiry) {
        this.approved = approved;
        this.declinedForCvcOrExpiry = !approved && declinedForCvcOrExpiry;
        return this;
    }

    public long eventTime() {
        return eventTime;
    }

    /**
     * The account-number body of a PAN's digits: all but the check digit, as a number; -1 when the
     * text is not 13 to 19 digits. Allocates nothing and never echoes its input.
     */
    public static long accountBody(CharSequence panDigits) {
        if (panDigits == null || panDigits.length() < 13 || panDigits.length() > 19) {
            return -1;
        }
        long body = 0;
        int last = panDigits.length() - 1;
        for (int i = 0; i <= last; i++) {
            char c = panDigits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            if (i < last) {
                body = body * 10 + (c - '0');
            }
        }
        return body;
    }

    private FeatureInput value(EntityKind kind, String value) {
        values[kind.ordinal()] = blankToNull(value);
        keysOwner = null;
        return this;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
