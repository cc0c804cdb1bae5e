package dev.mamori.threeds.ds;

import dev.mamori.common.InsecurePanAccess;
import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import dev.mamori.threeds.ds.internal.DsStore;
import dev.mamori.threeds.message.MessageVersions;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The Directory Server's card ranges: registered per issuer tenant, routed by the narrowest range
 * holding a card number. A range may lie wholly inside another (a sub-range routed elsewhere, the
 * narrower wins) but may not cross one or repeat one: a card would then have no single route.
 * Every change takes the next serial number (PRes serialNum).
 */
public final class CardRanges {
    private static final Pattern PREFIX = Pattern.compile("[0-9]{6,19}");
    private static final Pattern INFO = Pattern.compile("[0-9]{2}");

    private final DsStore store;
    private final Clock clock;

    CardRanges(DsStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * A range to register.
     *
     * @param acsStartProtocolVersion null for the lowest version spoken here
     * @param acsEndProtocolVersion null for the highest version spoken here
     */
    public record Registration(String startRange, String endRange, String acsUrl, String acsStartProtocolVersion,
                               String acsEndProtocolVersion, String threeDsMethodUrl, List<String> acsInfoInd) {
    }

    /** @throws CardRangeRejected naming the field and rule when the range is malformed or crosses or repeats an active range */
    public CardRange register(TenantId issuer, Registration r) {
        String start = prefix(r.startRange(), "startRange");
        String end = prefix(r.endRange(), "endRange");
        String acsUrl = url(r.acsUrl(), "acsUrl", true);
        String methodUrl = url(r.threeDsMethodUrl(), "threeDSMethodURL", false);
        String from = version(r.acsStartProtocolVersion(), "acsStartProtocolVersion", MessageVersions.SUPPORTED.get(0));
        String to = version(r.acsEndProtocolVersion(), "acsEndProtocolVersion", MessageVersions.highest());
        if (MessageVersions.SUPPORTED.indexOf(from) > MessageVersions.SUPPORTED.indexOf(to)) {
            throw new CardRangeRejected("acsEndProtocolVersion", "order", "acsEndProtocolVersion must not be lower than acsStartProtocolVersion");
        }
        List<String> info = r.acsInfoInd() == null ? List.of() : List.copyOf(r.acsInfoInd());
        for (String i : info) {
            if (i == null || !INFO.matcher(i).matches()) {
                throw new CardRangeRejected("acsInfoInd", "format", "each acsInfoInd value is two digits");
            }
        }
        CardRange candidate = new CardRange(UUID.randomUUID(), issuer, start, end, acsUrl, from, to, methodUrl, info, 0,
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        if (candidate.startBound().compareTo(candidate.endBound()) > 0) {
            throw new CardRangeRejected("endRange", "order", "endRange must not be below startRange");
        }
        return store.jdbc().inTransaction(c -> {
            long serial = store.nextSerial(c);
            for (CardRange other : store.overlapping(c, candidate.startBound(), candidate.endBound())) {
                boolean inside = other.startBound().compareTo(candidate.startBound()) <= 0 && other.endBound().compareTo(candidate.endBound()) >= 0;
                boolean around = other.startBound().compareTo(candidate.startBound()) >= 0 && other.endBound().compareTo(candidate.endBound()) <= 0;
                if (inside && around) {
                    throw new CardRangeRejected("startRange", "duplicate", "the same range is already registered");
                }
                if (!inside && !around) {
                    boolean startInside = other.startBound().compareTo(candidate.startBound()) <= 0;
                    throw new CardRangeRejected(startInside ? "startRange" : "endRange", "overlap",
                            (startInside ? "startRange" : "endRange") + " lies in a registered range that the new range crosses "
                                    + "(a range may only lie wholly inside another or around it)");
                }
            }
            CardRange stored = new CardRange(candidate.id(), issuer, start, end, acsUrl, from, to, methodUrl, info, serial,
                    candidate.createdAt());
            store.insert(c, stored);
            return stored;
        });
    }

    /** @return false when {@code issuer} has no such active range */
    public boolean delete(TenantId issuer, UUID id) {
        return store.jdbc().inTransaction(c -> {
            if (!store.exists(c, issuer, id)) {
                return false;
            }
            return store.delete(c, issuer, id, store.nextSerial(c), clock.instant());
        });
    }

    public List<CardRange> list(TenantId issuer) {
        return store.active(issuer);
    }

    public List<CardRange> all() {
        return store.active(null);
    }

    public Optional<CardRange> get(TenantId issuer, UUID id) {
        return store.get(issuer, id);
    }

    /** The narrowest active range holding the card number. */
    public Optional<CardRange> route(Pan pan) {
        String padded = CardRange.pad(pan.reveal(InsecurePanAccess.get()), '0');
        return store.holding(padded).stream().min(Comparator.comparing(CardRanges::width));
    }

    /** The serial number of the current set of ranges. */
    public long serial() {
        return store.serial();
    }

    /** Active ranges added after {@code serial}. */
    public List<CardRange> addedAfter(long serial) {
        return store.addedAfter(serial);
    }

    /** Ranges active at {@code serial} and deleted since. */
    public List<CardRange> deletedAfter(long serial) {
        return store.deletedAfter(serial);
    }

    private static BigInteger width(CardRange r) {
        return new BigInteger(r.endBound()).subtract(new BigInteger(r.startBound()));
    }

    private static String prefix(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new CardRangeRejected(field, "required", field + " is required");
        }
        if (!PREFIX.matcher(value).matches()) {
            throw new CardRangeRejected(field, "format", field + " must be 6 to 19 digits");
        }
        return value;
    }

    private static String url(String value, String field, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new CardRangeRejected(field, "required", field + " is required");
            }
            return null;
        }
        try {
            URI uri = new URI(value);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null || value.length() > 2048) {
                throw new CardRangeRejected(field, "url", field + " must be an absolute http(s) URL of at most 2048 characters");
            }
            return value;
        } catch (java.net.URISyntaxException e) {
            throw new CardRangeRejected(field, "url", field + " must be an absolute http(s) URL of at most 2048 characters");
        }
    }

    private static String version(String value, String field, String fallback) {
        if (value == null) {
            return fallback;
        }
        if (!MessageVersions.supported(value)) {
            throw new CardRangeRejected(field, "one-of", field + " must be one of " + MessageVersions.SUPPORTED);
        }
        return value;
    }
}
