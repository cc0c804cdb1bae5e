package dev.mamori.phishing.cases;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where a phishing case stands. The usual path is new → confirmed → takedown requested → down →
 * closed; a report that is not phishing ends as rejected or false positive. A site that comes back
 * after it was down goes back to confirmed.
 */
public enum CaseStatus {
    NEW, CONFIRMED, TAKEDOWN_REQUESTED, DOWN, CLOSED, REJECTED, FALSE_POSITIVE;

    /** The states this one may move to. */
    public Set<CaseStatus> next() {
        return switch (this) {
            case NEW -> EnumSet.of(CONFIRMED, REJECTED, FALSE_POSITIVE);
            case CONFIRMED -> EnumSet.of(TAKEDOWN_REQUESTED, DOWN, CLOSED, FALSE_POSITIVE);
            case TAKEDOWN_REQUESTED -> EnumSet.of(DOWN, CONFIRMED, CLOSED);
            case DOWN -> EnumSet.of(CLOSED, CONFIRMED);
            case CLOSED, REJECTED, FALSE_POSITIVE -> EnumSet.noneOf(CaseStatus.class);
        };
    }

    public boolean canMoveTo(CaseStatus to) {
        return next().contains(to);
    }

    /** {@code takedown-requested}: the form used in the API, the database and exports. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws InvalidReportException naming {@code field} when {@code id} is no status */
    public static CaseStatus of(String id, String field) {
        if (id != null) {
            for (CaseStatus s : values()) {
                if (s.id().equalsIgnoreCase(id.strip()) || s.name().equalsIgnoreCase(id.strip())) {
                    return s;
                }
            }
        }
        throw new InvalidReportException(field, "one-of",
                field + " must be new, confirmed, takedown-requested, down, closed, rejected or false-positive");
    }
}
