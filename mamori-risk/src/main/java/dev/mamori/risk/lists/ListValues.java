package dev.mamori.risk.lists;

import java.net.IDN;
import java.util.Locale;
import java.util.Objects;

/**
 * Validation and canonical form of list values, one set of rules per {@link ListKind}. The
 * persistence layer can store the canonical form to find duplicates; {@link ListIndex} compares
 * canonical forms only.
 */
public final class ListValues {

    static final int MAX_ID_LENGTH = 128;
    static final int MAX_ADDRESS_LENGTH = 256;
    static final int MIN_BIN_LENGTH = 6;
    static final int MAX_BIN_LENGTH = 11;
    private static final String FIELD = "value";

    private ListValues() {
    }

    /** The canonical form of {@code value}, comparing e-mail addresses {@link EmailMatching#EXACT exactly}. */
    public static String canonical(ListKind kind, String value) {
        return canonical(kind, value, EmailMatching.EXACT);
    }

    /**
     * The canonical form of {@code value} as a list entry of {@code kind}.
     *
     * @throws InvalidListValueException naming the rule the value broke; the value is not repeated
     */
    public static String canonical(ListKind kind, String value, EmailMatching emailMatching) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(emailMatching, "emailMatching");
        if (value == null) {
            throw invalid("required");
        }
        switch (kind) {
            case CARD_FINGERPRINT:
                return fingerprint(value);
            case DEVICE:
                return device(value);
            case IP:
                return ipRange(value).text();
            case EMAIL:
                return email(value, emailMatching == EmailMatching.IGNORE_PLUS_TAG, true, true);
            case BIN:
                return binRange(value).text();
            case DELIVERY_ADDRESS:
                return deliveryAddress(value).key();
            default:
                throw new AssertionError(kind);
        }
    }

    // ---- fingerprint and device ---------------------------------------------------------------

    static String fingerprint(String value) {
        String v = value.strip();
        if (v.isEmpty() || v.length() > MAX_ID_LENGTH) {
            throw invalid("a card fingerprint is 1–" + MAX_ID_LENGTH + " characters");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) {
                throw invalid("a card fingerprint has only letters A–Z and a–z, digits, '_' and '-'");
            }
        }
        return v;
    }

    static String device(String value) {
        String v = value.strip();
        if (v.isEmpty() || v.length() > MAX_ID_LENGTH) {
            throw invalid("a device id is 1–" + MAX_ID_LENGTH + " characters after trimming");
        }
        for (int i = 0; i < v.length(); i++) {
            if (Character.isISOControl(v.charAt(i))) {
                throw invalid("a device id has no control characters");
            }
        }
        return v;
    }

    // ---- IP -----------------------------------------------------------------------------------

    /** An address or CIDR range; IPv4-mapped IPv6 is turned into IPv4. */
    record IpRange(boolean v6, long hi, long lo, int prefix) {
        String text() {
            String address = v6 ? IpLiteral.formatV6(hi, lo) : IpLiteral.formatV4(lo);
            return prefix == (v6 ? 128 : 32) ? address : address + "/" + prefix;
        }
    }

    static IpRange ipRange(String value) {
        String v = value.strip();
        if (v.isEmpty()) {
            throw invalid("required");
        }
        int slash = v.indexOf('/');
        int end = slash < 0 ? v.length() : slash;
        int prefix = -1;
        if (slash >= 0) {
            prefix = prefixLength(v, slash + 1);
        }
        long v4 = IpLiteral.parseV4(v, 0, end);
        if (v4 >= 0) {
            return v4Range(v4, prefix < 0 ? 32 : prefix);
        }
        long[] v6 = new long[2];
        if (v.indexOf(':') < 0 || !IpLiteral.parseV6(v, 0, end, v6)) {
            throw invalid("an IPv4 or IPv6 address literal, optionally with /prefix-length (host names are not accepted)");
        }
        int p = prefix < 0 ? 128 : prefix;
        if (p < 1 || p > 128) {
            throw invalid("an IPv6 prefix length is 1–128");
        }
        if (IpLiteral.isV4Mapped(v6[0], v6[1])) {
            if (p < 96) {
                throw invalid("an IPv4-mapped range has a prefix length of 97–128");
            }
            return v4Range(v6[1] & 0xFFFFFFFFL, p - 96);
        }
        if ((v6[0] & ~IpLiteral.maskHi(p)) != 0 || (v6[1] & ~IpLiteral.maskLo(p)) != 0) {
            throw invalid("a CIDR range has no address bits set after the prefix (write 2001:db8::/32, not 2001:db8::1/32)");
        }
        return new IpRange(true, v6[0], v6[1], p);
    }

    private static IpRange v4Range(long address, int prefix) {
        if (prefix < 1 || prefix > 32) {
            throw invalid("an IPv4 prefix length is 1–32");
        }
        if ((address & ~IpLiteral.maskV4(prefix) & 0xFFFFFFFFL) != 0) {
            throw invalid("a CIDR range has no address bits set after the prefix (write 10.0.0.0/8, not 10.0.0.1/8)");
        }
        return new IpRange(false, 0, address, prefix);
    }

    private static int prefixLength(String v, int from) {
        int n = v.length() - from;
        if (n < 1 || n > 3) {
            throw invalid("a prefix length is a number after '/'");
        }
        int p = 0;
        for (int i = from; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                throw invalid("a prefix length is a number after '/'");
            }
            p = p * 10 + (c - '0');
        }
        return p;
    }

    // ---- e-mail -------------------------------------------------------------------------------

    /**
     * Trimmed, lower-cased, domain in ASCII, {@code +tag} dropped if asked. An entry may be
     * {@code @domain} for a whole domain. With {@code strict} false, returns null instead of
     * throwing: the hot path must not pay for exceptions on junk input.
     */
    static String email(String value, boolean stripTag, boolean allowDomainOnly, boolean strict) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            return fail(strict, "required");
        }
        if (v.length() > 254) {
            return fail(strict, "an e-mail address is at most 254 characters");
        }
        int at = v.lastIndexOf('@');
        if (at < 0 || v.indexOf('@') != at) {
            return fail(strict, "an e-mail address has exactly one '@'");
        }
        if (at == 0 && !allowDomainOnly) {
            return fail(strict, "an e-mail address has a local part before '@'");
        }
        if (at > 64) {
            return fail(strict, "the part before '@' is at most 64 characters");
        }
        for (int i = 0; i < at; i++) {
            char c = v.charAt(i);
            if (c <= ' ' || c == 0x7F || "<>()[],;:\\\"".indexOf(c) >= 0) {
                return fail(strict, "the part before '@' has no spaces, control characters or <>()[],;:\\\"");
            }
        }
        // The domain is checked in place: no substring unless it has to change.
        String domain = null;
        if (!isAscii(v, at + 1)) {
            try {
                domain = IDN.toASCII(v.substring(at + 1)).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                return fail(strict, "the domain is not a valid internationalized domain name");
            }
        }
        if (domain != null ? !isHostName(domain, 0) : !isHostName(v, at + 1)) {
            return fail(strict, "the domain has two or more labels of letters, digits and inner hyphens");
        }
        boolean changed = domain != null;
        int end = at;
        if (stripTag) {
            int plus = v.indexOf('+');
            if (plus > 0 && plus < at) {
                end = plus;
                changed = true;
            }
        }
        return changed ? v.substring(0, end) + '@' + (domain != null ? domain : v.substring(at + 1)) : v;
    }

    private static boolean isAscii(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHostName(String d, int from) {
        if (d.length() - from < 1 || d.length() - from > 253) {
            return false;
        }
        int labels = 0;
        int start = from;
        for (int i = from; i <= d.length(); i++) {
            if (i < d.length() && d.charAt(i) != '.') {
                char c = d.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                    return false;
                }
                continue;
            }
            int len = i - start;
            if (len < 1 || len > 63 || d.charAt(start) == '-' || d.charAt(i - 1) == '-') {
                return false;
            }
            labels++;
            start = i + 1;
        }
        return labels >= 2;
    }

    // ---- BIN ----------------------------------------------------------------------------------

    /** A BIN prefix or range: numbers of {@code length} digits, low ≤ high. */
    record BinRange(long low, long high, int length) {
        String text() {
            String lowText = pad(low, length);
            return low == high ? lowText : lowText + "-" + pad(high, length);
        }

        private static String pad(long v, int length) {
            String s = Long.toString(v);
            return "0".repeat(length - s.length()) + s;
        }
    }

    static BinRange binRange(String value) {
        String v = value.strip();
        int dash = v.indexOf('-');
        String low = dash < 0 ? v : v.substring(0, dash).strip();
        String high = dash < 0 ? v : v.substring(dash + 1).strip();
        if (!isBinDigits(low) || !isBinDigits(high)) {
            throw invalid("a BIN is " + MIN_BIN_LENGTH + "–" + MAX_BIN_LENGTH
                    + " digits, or a range low-high of two such numbers");
        }
        if (low.length() != high.length()) {
            throw invalid("both ends of a BIN range have the same number of digits");
        }
        long l = Long.parseLong(low);
        long h = Long.parseLong(high);
        if (l > h) {
            throw invalid("a BIN range starts at its lower end");
        }
        return new BinRange(l, h, low.length());
    }

    private static boolean isBinDigits(String s) {
        if (s.length() < MIN_BIN_LENGTH || s.length() > MAX_BIN_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    // ---- delivery address ---------------------------------------------------------------------

    static NormalizedAddress deliveryAddress(String value) {
        String v = value.strip();
        if (v.isEmpty() || v.length() > MAX_ADDRESS_LENGTH) {
            throw invalid("a delivery address is 1–" + MAX_ADDRESS_LENGTH + " characters");
        }
        NormalizedAddress a = JapaneseAddressNormalizer.parse(v);
        if (!a.isSpecific()) {
            throw invalid("a delivery address names a town and a block number (番地), so it cannot block a whole town");
        }
        return a;
    }

    // ---- errors -------------------------------------------------------------------------------

    private static String fail(boolean strict, String rule) {
        if (strict) {
            throw invalid(rule);
        }
        return null;
    }

    private static InvalidListValueException invalid(String rule) {
        return new InvalidListValueException(FIELD, rule);
    }
}
