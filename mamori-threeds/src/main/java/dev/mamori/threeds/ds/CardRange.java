package dev.mamori.threeds.ds;

import dev.mamori.common.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A range of card numbers the Directory Server routes to one issuer's ACS (the PRes cardRangeData
 * entry). {@code startRange} and {@code endRange} are card-number prefixes as registered; a card is
 * in the range when its number, padded with zeros to 19 digits, lies between {@link #startBound()}
 * (start padded with 0) and {@link #endBound()} (end padded with 9).
 *
 * @param acsInfoInd the acsInfoInd values (01 authentication available, 02 attempts supported...), maybe empty
 * @param threeDsMethodUrl the ACS's 3DS Method URL, or null when the ACS has none
 */
public record CardRange(UUID id, TenantId issuer, String startRange, String endRange, String acsUrl,
                        String acsStartProtocolVersion, String acsEndProtocolVersion, String threeDsMethodUrl,
                        List<String> acsInfoInd, long serial, Instant createdAt) {

    public static final int BOUND_LENGTH = 19;

    public CardRange {
        acsInfoInd = List.copyOf(acsInfoInd);
    }

    public String startBound() {
        return pad(startRange, '0');
    }

    public String endBound() {
        return pad(endRange, '9');
    }

    /** Whether the range holds a card number given as its digits padded with '0' to 19. */
    boolean holds(String paddedCardDigits) {
        return startBound().compareTo(paddedCardDigits) <= 0 && endBound().compareTo(paddedCardDigits) >= 0;
    }

    static String pad(String digits, char with) {
        StringBuilder out = new StringBuilder(BOUND_LENGTH).append(digits);
        while (out.length() < BOUND_LENGTH) {
            out.append(with);
        }
        return out.toString();
    }
}
