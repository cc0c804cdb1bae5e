package dev.mamori.risk.lists;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An immutable snapshot of the block and allow lists, indexed for the authorization path. Build a
 * new one when the lists change and swap the reference atomically (a {@code volatile} field or an
 * {@code AtomicReference}); readers need no lock.
 *
 * <p>Lookups: hash maps for fingerprints, devices, e-mail addresses and delivery addresses; for IP
 * ranges, one hash table per prefix length present, longest first; for BIN ranges, per length a
 * sorted array searched by binary search. A query that matches nothing returns the shared
 * {@link ListHits#none()} and, for IPv4, allocates nothing. Kinds with no entries are skipped, so an
 * index without delivery addresses never normalizes one.
 *
 * <p>Expired entries stay in the snapshot and are filtered at match time against the caller's clock.
 */
public final class ListIndex {
    private static final ListIndex EMPTY = of(List.of());

    private final EmailMatching emailMatching;
    private final int size;
    private final Map<String, ListEntry[]> fingerprints;
    private final Map<String, ListEntry[]> devices;
    private final Map<String, ListEntry[]> emails;
    private final Map<String, ListEntry[]> emailDomains;
    private final IpTable v4;
    private final IpTable v6;
    private final BinTable bins;
    private final Map<String, AddressEntry[]> addresses;

    private ListIndex(Collection<ListEntry> entries, EmailMatching emailMatching) {
        this.emailMatching = emailMatching;
        this.size = entries.size();
        boolean stripTag = emailMatching == EmailMatching.IGNORE_PLUS_TAG;
        Map<String, List<ListEntry>> fp = new HashMap<>();
        Map<String, List<ListEntry>> dev = new HashMap<>();
        Map<String, List<ListEntry>> mail = new HashMap<>();
        Map<String, List<ListEntry>> domains = new HashMap<>();
        Map<String, List<AddressEntry>> addr = new HashMap<>();
        List<IpTable.Range> v4Ranges = new ArrayList<>();
        List<IpTable.Range> v6Ranges = new ArrayList<>();
        List<BinTable.Range> binRanges = new ArrayList<>();
        for (ListEntry e : entries) {
            Objects.requireNonNull(e, "entry");
            switch (e.kind()) {
                case CARD_FINGERPRINT -> add(fp, ListValues.fingerprint(e.value()), e);
                case DEVICE -> add(dev, ListValues.device(e.value()), e);
                case EMAIL -> {
                    String canonical = ListValues.email(e.value(), stripTag, true, true);
                    if (canonical.startsWith("@")) {
                        add(domains, canonical.substring(1), e);
                    } else {
                        add(mail, canonical, e);
                    }
                }
                case IP -> {
                    ListValues.IpRange r = ListValues.ipRange(e.value());
                    (r.v6() ? v6Ranges : v4Ranges).add(new IpTable.Range(r.hi(), r.lo(), r.prefix(), e));
                }
                case BIN -> {
                    ListValues.BinRange r = ListValues.binRange(e.value());
                    binRanges.add(new BinTable.Range(r.low(), r.high(), r.length(), e));
                }
                case DELIVERY_ADDRESS -> {
                    NormalizedAddress a = ListValues.deliveryAddress(e.value());
                    addr.computeIfAbsent(a.matchKey(), k -> new ArrayList<>()).add(new AddressEntry(a, e));
                }
                default -> throw new AssertionError(e.kind());
            }
        }
        this.fingerprints = freeze(fp);
        this.devices = freeze(dev);
        this.emails = freeze(mail);
        this.emailDomains = freeze(domains);
        this.v4 = new IpTable(v4Ranges, false);
        this.v6 = new IpTable(v6Ranges, true);
        this.bins = new BinTable(binRanges);
        Map<String, AddressEntry[]> a = new HashMap<>();
        addr.forEach((k, v) -> a.put(k, v.toArray(new AddressEntry[0])));
        this.addresses = a;
    }

    /** The index with no entries. */
    public static ListIndex empty() {
        return EMPTY;
    }

    /** An index of {@code entries}, comparing e-mail addresses {@link EmailMatching#EXACT exactly}. */
    public static ListIndex of(Collection<ListEntry> entries) {
        return of(entries, EmailMatching.EXACT);
    }

    public static ListIndex of(Collection<ListEntry> entries, EmailMatching emailMatching) {
        return new ListIndex(List.copyOf(entries), Objects.requireNonNull(emailMatching, "emailMatching"));
    }

    /** The number of entries, expired ones included. */
    public int size() {
        return size;
    }

    public EmailMatching emailMatching() {
        return emailMatching;
    }

    /**
     * The entries that match {@code query} and have not expired at {@code now}. Values the query
     * cannot mean (an IP that is no literal, an e-mail without '@') match nothing; they are not errors.
     */
    public ListHits match(ListQuery query, Instant now) {
        Objects.requireNonNull(now, "now");
        ListHits.Collector hits = null;
        String fp = query.cardFingerprint();
        if (fp != null && !fingerprints.isEmpty()) {
            hits = addAll(hits, fingerprints.get(fp.strip()), now);
        }
        String device = query.deviceId();
        if (device != null && !devices.isEmpty()) {
            hits = addAll(hits, devices.get(device.strip()), now);
        }
        String ip = query.ip();
        if (ip != null && (v4.isNotEmpty() || v6.isNotEmpty())) {
            hits = matchIp(hits, ip.strip(), now);
        }
        String email = query.email();
        if (email != null && (!emails.isEmpty() || !emailDomains.isEmpty())) {
            hits = matchEmail(hits, email, now);
        }
        String bin = query.binDigits();
        if (bin != null && bins.isNotEmpty()) {
            hits = bins.match(hits, bin, now);
        }
        if (!addresses.isEmpty() && (query.parsedAddress() != null || query.deliveryAddress() != null)) {
            NormalizedAddress observed = query.parsedAddress() != null ? query.parsedAddress()
                    : JapaneseAddressNormalizer.parse(query.deliveryAddress());
            hits = matchAddress(hits, observed, now);
        }
        return ListHits.Collector.build(hits);
    }

    private ListHits.Collector matchIp(ListHits.Collector hits, String ip, Instant now) {
        long a = IpLiteral.parseV4(ip, 0, ip.length());
        if (a >= 0) {
            return v4.match(hits, 0, a, now);
        }
        if (ip.indexOf(':') < 0) {
            return hits;
        }
        long[] v6Address = new long[2];
        if (!IpLiteral.parseV6(ip, 0, ip.length(), v6Address)) {
            return hits;
        }
        if (IpLiteral.isV4Mapped(v6Address[0], v6Address[1])) {
            return v4.match(hits, 0, v6Address[1] & 0xFFFFFFFFL, now);
        }
        return v6.match(hits, v6Address[0], v6Address[1], now);
    }

    private ListHits.Collector matchEmail(ListHits.Collector hits, String email, Instant now) {
        String canonical = ListValues.email(email, emailMatching == EmailMatching.IGNORE_PLUS_TAG, false, false);
        if (canonical == null) {
            return hits;
        }
        hits = addAll(hits, emails.get(canonical), now);
        if (!emailDomains.isEmpty()) {
            hits = addAll(hits, emailDomains.get(canonical.substring(canonical.indexOf('@') + 1)), now);
        }
        return hits;
    }

    private ListHits.Collector matchAddress(ListHits.Collector hits, NormalizedAddress observed, Instant now) {
        AddressEntry[] candidates = addresses.get(observed.matchKey());
        if (candidates == null) {
            return hits;
        }
        for (AddressEntry c : candidates) {
            if (c.entry.isActiveAt(now) && JapaneseAddressNormalizer.matches(c.address, observed)) {
                hits = ListHits.Collector.add(hits, c.entry);
            }
        }
        return hits;
    }

    private static ListHits.Collector addAll(ListHits.Collector hits, ListEntry[] entries, Instant now) {
        if (entries != null) {
            for (ListEntry e : entries) {
                if (e.isActiveAt(now)) {
                    hits = ListHits.Collector.add(hits, e);
                }
            }
        }
        return hits;
    }

    private static void add(Map<String, List<ListEntry>> map, String key, ListEntry e) {
        map.computeIfAbsent(key, k -> new ArrayList<>(1)).add(e);
    }

    private static Map<String, ListEntry[]> freeze(Map<String, List<ListEntry>> map) {
        Map<String, ListEntry[]> out = new HashMap<>(Math.max(4, map.size() * 2));
        map.forEach((k, v) -> out.put(k, v.toArray(new ListEntry[0])));
        return out;
    }

    private record AddressEntry(NormalizedAddress address, ListEntry entry) {
    }

    /**
     * IP ranges of one family. One open-addressing table per prefix length present, keyed by the
     * masked address as two longs, so a lookup is a handful of probes and no boxing.
     */
    static final class IpTable {
        record Range(long hi, long lo, int prefix, ListEntry entry) {
        }

        private final int[] lengths; // longest first
        private final long[] maskHi;
        private final long[] maskLo;
        private final long[][] keyHi;
        private final long[][] keyLo;
        private final ListEntry[][][] values;

        IpTable(List<Range> ranges, boolean v6) {
            TreeMap<Integer, Map<List<Long>, List<ListEntry>>> byLength = new TreeMap<>(Comparator.reverseOrder());
            for (Range r : ranges) {
                byLength.computeIfAbsent(r.prefix(), k -> new HashMap<>())
                        .computeIfAbsent(List.of(r.hi(), r.lo()), k -> new ArrayList<>(1)).add(r.entry());
            }
            int n = byLength.size();
            lengths = new int[n];
            maskHi = new long[n];
            maskLo = new long[n];
            keyHi = new long[n][];
            keyLo = new long[n][];
            values = new ListEntry[n][][];
            int t = 0;
            for (var level : byLength.entrySet()) {
                int prefix = level.getKey();
                lengths[t] = prefix;
                maskHi[t] = v6 ? IpLiteral.maskHi(prefix) : 0;
                maskLo[t] = v6 ? IpLiteral.maskLo(prefix) : IpLiteral.maskV4(prefix);
                int capacity = Integer.highestOneBit(Math.max(2, level.getValue().size()) * 2) * 2;
                keyHi[t] = new long[capacity];
                keyLo[t] = new long[capacity];
                values[t] = new ListEntry[capacity][];
                for (var e : level.getValue().entrySet()) {
                    long hi = e.getKey().get(0);
                    long lo = e.getKey().get(1);
                    int slot = slot(hi, lo, capacity - 1);
                    while (values[t][slot] != null) {
                        slot = (slot + 1) & (capacity - 1);
                    }
                    keyHi[t][slot] = hi;
                    keyLo[t][slot] = lo;
                    values[t][slot] = e.getValue().toArray(new ListEntry[0]);
                }
                t++;
            }
        }

        boolean isNotEmpty() {
            return lengths.length > 0;
        }

        ListHits.Collector match(ListHits.Collector hits, long hi, long lo, Instant now) {
            for (int t = 0; t < lengths.length; t++) {
                long h = hi & maskHi[t];
                long l = lo & maskLo[t];
                long[] kh = keyHi[t];
                long[] kl = keyLo[t];
                ListEntry[][] v = values[t];
                int mask = v.length - 1;
                for (int slot = slot(h, l, mask); v[slot] != null; slot = (slot + 1) & mask) {
                    if (kh[slot] == h && kl[slot] == l) {
                        hits = addAll(hits, v[slot], now);
                        break;
                    }
                }
            }
            return hits;
        }

        private static int slot(long hi, long lo, int mask) {
            long x = hi * 0x9E3779B97F4A7C15L ^ lo * 0xC2B2AE3D27D4EB4FL;
            return (int) (x ^ (x >>> 29) ^ (x >>> 43)) & mask;
        }
    }

    /**
     * BIN ranges by length. Within a length, ranges sorted by their low end with the running maximum
     * of high ends, so the ranges containing a number are found by a binary search and a short walk
     * back that stops once no earlier range can reach it.
     */
    static final class BinTable {
        record Range(long low, long high, int length, ListEntry entry) {
        }

        private final long[][] lows = new long[ListValues.MAX_BIN_LENGTH + 1][];
        private final long[][] highs = new long[ListValues.MAX_BIN_LENGTH + 1][];
        private final long[][] maxHighs = new long[ListValues.MAX_BIN_LENGTH + 1][];
        private final ListEntry[][] entries = new ListEntry[ListValues.MAX_BIN_LENGTH + 1][];
        private final boolean notEmpty;

        BinTable(List<Range> ranges) {
            for (int len = ListValues.MIN_BIN_LENGTH; len <= ListValues.MAX_BIN_LENGTH; len++) {
                final int length = len;
                Range[] r = ranges.stream().filter(x -> x.length() == length)
                        .sorted(Comparator.comparingLong(Range::low)).toArray(Range[]::new);
                if (r.length == 0) {
                    continue;
                }
                lows[len] = new long[r.length];
                highs[len] = new long[r.length];
                maxHighs[len] = new long[r.length];
                entries[len] = new ListEntry[r.length];
                long max = Long.MIN_VALUE;
                for (int i = 0; i < r.length; i++) {
                    lows[len][i] = r[i].low();
                    highs[len][i] = r[i].high();
                    max = Math.max(max, r[i].high());
                    maxHighs[len][i] = max;
                    entries[len][i] = r[i].entry();
                }
            }
            notEmpty = !ranges.isEmpty();
        }

        boolean isNotEmpty() {
            return notEmpty;
        }

        ListHits.Collector match(ListHits.Collector hits, String digits, Instant now) {
            long prefix = 0;
            int usable = Math.min(digits.length(), ListValues.MAX_BIN_LENGTH);
            for (int len = 1; len <= usable; len++) {
                char c = digits.charAt(len - 1);
                if (c < '0' || c > '9') {
                    return hits;
                }
                prefix = prefix * 10 + (c - '0');
                long[] low = lows[len];
                if (len < ListValues.MIN_BIN_LENGTH || low == null) {
                    continue;
                }
                int i = Arrays.binarySearch(low, prefix);
                if (i < 0) {
                    i = -i - 2; // last range starting below prefix
                } else {
                    while (i + 1 < low.length && low[i + 1] == prefix) {
                        i++;
                    }
                }
                long[] high = highs[len];
                long[] maxHigh = maxHighs[len];
                ListEntry[] e = entries[len];
                for (; i >= 0 && maxHigh[i] >= prefix; i--) {
                    if (high[i] >= prefix && e[i].isActiveAt(now)) {
                        hits = ListHits.Collector.add(hits, e[i]);
                    }
                }
            }
            return hits;
        }
    }
}
