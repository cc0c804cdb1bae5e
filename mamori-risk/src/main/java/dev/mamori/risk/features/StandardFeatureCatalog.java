package dev.mamori.risk.features;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog of the standard velocity features and request facts (see the package documentation
 * for what each one means). Immutable and shared by every thread.
 *
 * <p>Windows are resolved by {@link Duration}, never by text: {@code card.count(60m)} and
 * {@code card.count(1h)} name the same slot. Canonical names print a window in the largest unit
 * that divides it exactly, except that one day prints as {@code 24h} (the way people write it in
 * rules): {@code 1m}, {@code 90s}, {@code 1h}, {@code 24h}, {@code 36h}, {@code 2d}, {@code 7d}.
 */
public final class StandardFeatureCatalog implements FeatureCatalog {

    /** The longest window tracked: memory per entity grows with it, and the log replay covers it. */
    public static final Duration MAX_WINDOW = Duration.ofDays(30);

    /** 1m, 1h, 24h, 7d. */
    public static final List<Duration> DEFAULT_WINDOWS =
            List.of(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofHours(24), Duration.ofDays(7));

    // Facts the feature engine computes from the request and its state.
    static final String AMOUNT = "amount";
    static final String CURRENCY = "currency";
    static final String CHANNEL = "channel";
    static final String MCC = "mcc";
    static final String MERCHANT_COUNTRY = "merchant.country";
    static final String CROSS_BORDER = "crossBorder";
    static final String MERCHANT_CATEGORY = "merchant.category";
    static final String MERCHANT_HIGH_RISK = "merchant.highRisk";
    static final String CARD_SINCE_LAST = "card.sinceLast";
    static final String CARD_NEW_DEVICE = "card.newDevice";
    static final String CARD_NEW_IP = "card.newIp";
    static final String CARD_NEW_ADDRESS = "card.newAddress";
    static final String CARD_NEW_MERCHANT = "card.newMerchant";
    static final String CARD_AMOUNT_RATIO = "card.amountRatio";
    static final String HOUR = "hour";

    private static final String[][] COMPUTED_FACTS = {
        {AMOUNT, "NUMBER"}, {CURRENCY, "TEXT"}, {CHANNEL, "TEXT"}, {MCC, "TEXT"},
        {MERCHANT_COUNTRY, "TEXT"}, {CROSS_BORDER, "BOOLEAN"}, {MERCHANT_CATEGORY, "TEXT"},
        {MERCHANT_HIGH_RISK, "BOOLEAN"}, {CARD_SINCE_LAST, "NUMBER"}, {CARD_NEW_DEVICE, "BOOLEAN"},
        {CARD_NEW_IP, "BOOLEAN"}, {CARD_NEW_ADDRESS, "BOOLEAN"}, {CARD_NEW_MERCHANT, "BOOLEAN"},
        {CARD_AMOUNT_RATIO, "NUMBER"}, {HOUR, "NUMBER"},
    };

    // Facts the authorization engine fills (lists, card checks, 3DS, model); declared here only.
    private static final String[][] SUPPLIED_FACTS = {
        {"list.blocked", "BOOLEAN"}, {"list.allowed", "BOOLEAN"}, {"cvc.present", "BOOLEAN"},
        {"cvc.matched", "BOOLEAN"}, {"expiry.matched", "BOOLEAN"}, {"threeDs.authenticated", "BOOLEAN"},
        {"eci", "TEXT"}, {"score", "NUMBER"}, {"cardTesting.suspected", "BOOLEAN"},
        {"card.openToBuy", "NUMBER"}, {"card.limit", "NUMBER"}, {"card.status", "TEXT"},
    };

    private final List<Duration> windows;
    private final long[] windowMillis;
    private final FeatureSlot[][][] aggregates; // [entity][function][window], null when not tracked
    private final FeatureSlot[][][] distincts; // [entity][of kind][window], null when not tracked
    private final Map<String, FeatureSlot> facts;
    private final Map<String, FeatureSlot> byName;
    private final List<FeatureSlot> slots;
    private final List<String> factNames;
    private final List<String> suppliedFactNames;
    private final int numberCount;
    private final int textCount;

    private StandardFeatureCatalog(List<Duration> windows) {
        this.windows = windows;
        this.windowMillis = windows.stream().mapToLong(Duration::toMillis).toArray();
        List<FeatureSlot> all = new ArrayList<>();
        int numbers = 0;
        aggregates = new FeatureSlot[EntityKind.COUNT][AggregateFunction.COUNT_ALL][];
        distincts = new FeatureSlot[EntityKind.COUNT][EntityKind.COUNT][];
        for (EntityKind entity : EntityKind.ALL) {
            for (AggregateFunction function : AggregateFunction.ALL) {
                if (!function.appliesTo(entity)) {
                    continue;
                }
                FeatureSlot[] perWindow = new FeatureSlot[windows.size()];
                for (int w = 0; w < perWindow.length; w++) {
                    String name = entity.id + "." + function.id + "(" + formatWindow(windows.get(w)) + ")";
                    perWindow[w] = new FeatureSlot(name, ValueType.NUMBER, numbers++);
                    all.add(perWindow[w]);
                }
                aggregates[entity.ordinal()][function.ordinal()] = perWindow;
            }
            for (EntityKind of : entity.distinctOf()) {
                FeatureSlot[] perWindow = new FeatureSlot[windows.size()];
                for (int w = 0; w < perWindow.length; w++) {
                    String name = entity.id + ".distinct(" + of.id + "," + formatWindow(windows.get(w)) + ")";
                    perWindow[w] = new FeatureSlot(name, ValueType.NUMBER, numbers++);
                    all.add(perWindow[w]);
                }
                distincts[entity.ordinal()][of.ordinal()] = perWindow;
            }
        }
        int texts = 0;
        Map<String, FeatureSlot> factMap = new LinkedHashMap<>();
        for (String[][] group : new String[][][] {COMPUTED_FACTS, SUPPLIED_FACTS}) {
            for (String[] fact : group) {
                ValueType type = ValueType.valueOf(fact[1]);
                FeatureSlot slot = new FeatureSlot(fact[0], type, type == ValueType.TEXT ? texts++ : numbers++);
                factMap.put(fact[0], slot);
                all.add(slot);
            }
        }
        this.facts = Collections.unmodifiableMap(factMap);
        this.factNames = List.copyOf(factMap.keySet());
        List<String> supplied = new ArrayList<>();
        for (String[] fact : SUPPLIED_FACTS) {
            supplied.add(fact[0]);
        }
        this.suppliedFactNames = List.copyOf(supplied);
        Map<String, FeatureSlot> names = new HashMap<>();
        for (FeatureSlot slot : all) {
            names.put(slot.name(), slot);
        }
        this.byName = Collections.unmodifiableMap(names);
        this.slots = List.copyOf(all);
        this.numberCount = numbers;
        this.textCount = texts;
    }

    /** The catalog with the default windows 1m, 1h, 24h and 7d. */
    public static StandardFeatureCatalog create() {
        return create(DEFAULT_WINDOWS);
    }

    /**
     * @param windows the windows to track, each a whole number of seconds, at most {@link #MAX_WINDOW}
     * @throws IllegalArgumentException when a window is empty, not whole seconds, too long or repeated
     */
    public static StandardFeatureCatalog create(List<Duration> windows) {
        if (windows == null || windows.isEmpty()) {
            throw new IllegalArgumentException("windows: at least one window is required");
        }
        List<Duration> sorted = new ArrayList<>(windows);
        sorted.sort(null);
        for (int i = 0; i < sorted.size(); i++) {
            Duration window = sorted.get(i);
            if (window.isNegative() || window.isZero() || window.getNano() != 0) {
                throw new IllegalArgumentException("windows: each window must be a positive whole number of seconds, got " + window);
            }
            if (window.compareTo(MAX_WINDOW) > 0) {
                throw new IllegalArgumentException("windows: at most " + formatWindow(MAX_WINDOW) + ", got " + formatWindow(window));
            }
            if (i > 0 && window.equals(sorted.get(i - 1))) {
                throw new IllegalArgumentException("windows: " + formatWindow(window) + " is listed twice");
            }
        }
        return new StandardFeatureCatalog(List.copyOf(sorted));
    }

    /**
     * The canonical text of a window: the largest of d, h, m, s that divides it exactly, except one
     * day, which reads {@code 24h}.
     */
    public static String formatWindow(Duration window) {
        long seconds = window.getSeconds();
        if (seconds % 86_400 == 0 && seconds > 86_400) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    /**
     * Reads a window as rules write it: digits and one of {@code s m h d} ({@code 90s}, {@code 1h},
     * {@code 24h}, {@code 1d}); null when the text is not one.
     */
    public static Duration parseWindow(String text) {
        if (text == null || text.length() < 2 || text.length() > 12) {
            return null;
        }
        long value = 0;
        for (int i = 0; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            value = value * 10 + (c - '0');
        }
        switch (text.charAt(text.length() - 1)) {
            case 's':
                return Duration.ofSeconds(value);
            case 'm':
                return Duration.ofMinutes(value);
            case 'h':
                return Duration.ofHours(value);
            case 'd':
                return Duration.ofDays(value);
            default:
                return null;
        }
    }

    @Override
    public FeatureSlot fact(String name) {
        return name == null ? null : facts.get(name);
    }

    @Override
    public FeatureSlot aggregate(String entity, String function, String distinctOf, Duration window) {
        EntityKind kind = EntityKind.byId(entity);
        int w = window == null ? -1 : windows.indexOf(window);
        if (kind == null || w < 0) {
            return null;
        }
        if (distinctOf != null) {
            if (function != null && !function.equals("distinct")) {
                return null;
            }
            EntityKind of = EntityKind.byId(distinctOf);
            FeatureSlot[] perWindow = of == null ? null : distincts[kind.ordinal()][of.ordinal()];
            return perWindow == null ? null : perWindow[w];
        }
        AggregateFunction aggregate = AggregateFunction.byId(function);
        FeatureSlot[] perWindow = aggregate == null ? null : aggregates[kind.ordinal()][aggregate.ordinal()];
        return perWindow == null ? null : perWindow[w];
    }

    /** Any slot by its canonical name ({@code card.count(1h)}, {@code device.distinct(card,24h)}, {@code amount}); null when none. */
    public FeatureSlot slot(String canonicalName) {
        return canonicalName == null ? null : byName.get(canonicalName);
    }

    /** Every slot: aggregates first, then facts. */
    public List<FeatureSlot> slots() {
        return slots;
    }

    @Override
    public List<String> factNames() {
        return factNames;
    }

    /** The facts {@link FeatureEngine#compute} leaves alone: the authorization engine fills them (lists, CVC, 3DS, score...). */
    public List<String> suppliedFactNames() {
        return suppliedFactNames;
    }

    @Override
    public List<String> entities() {
        List<String> ids = new ArrayList<>(EntityKind.COUNT);
        for (EntityKind kind : EntityKind.ALL) {
            ids.add(kind.id);
        }
        return List.copyOf(ids);
    }

    @Override
    public List<String> functions() {
        List<String> ids = new ArrayList<>(AggregateFunction.COUNT_ALL);
        for (AggregateFunction function : AggregateFunction.ALL) {
            ids.add(function.id);
        }
        return List.copyOf(ids);
    }

    /** The aggregate functions tracked for one entity ({@code sequential} only for device, ip, email, merchant); empty when unknown. */
    public List<String> functions(String entity) {
        EntityKind kind = EntityKind.byId(entity);
        List<String> ids = new ArrayList<>();
        if (kind != null) {
            for (AggregateFunction function : AggregateFunction.ALL) {
                if (function.appliesTo(kind)) {
                    ids.add(function.id);
                }
            }
        }
        return List.copyOf(ids);
    }

    @Override
    public List<Duration> windows() {
        return windows;
    }

    @Override
    public List<String> distinctOf(String entity) {
        EntityKind kind = EntityKind.byId(entity);
        if (kind == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (EntityKind of : kind.distinctOf()) {
            ids.add(of.id);
        }
        return List.copyOf(ids);
    }

    @Override
    public int numberCount() {
        return numberCount;
    }

    @Override
    public int textCount() {
        return textCount;
    }

    /** The longest tracked window. */
    public Duration maxWindow() {
        return windows.get(windows.size() - 1);
    }

    long windowMillis(int w) {
        return windowMillis[w];
    }

    int aggregateIndex(EntityKind entity, AggregateFunction function, int window) {
        FeatureSlot[] perWindow = aggregates[entity.ordinal()][function.ordinal()];
        return perWindow == null ? -1 : perWindow[window].index();
    }

    int distinctIndex(EntityKind entity, EntityKind of, int window) {
        FeatureSlot[] perWindow = distincts[entity.ordinal()][of.ordinal()];
        return perWindow == null ? -1 : perWindow[window].index();
    }

    @Override
    public String toString() {
        return "StandardFeatureCatalog" + windows.stream().map(StandardFeatureCatalog::formatWindow).toList();
    }
}
