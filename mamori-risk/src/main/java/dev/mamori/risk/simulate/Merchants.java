package dev.mamori.risk.simulate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The simulated merchants: a fixed catalog (the same for every seed) of shops in the categories
 * Japanese cardholders use most, each with its MCC, channel, country, and a log-normal amount
 * distribution in yen and a time-of-day profile (Asia/Tokyo) for its category.
 */
final class Merchants {
    /** Hour-of-day weights, 0 to 23 JST. */
    private static final int[] DAYTIME_SHOPPING = {0, 0, 0, 0, 0, 0, 0, 1, 2, 4, 6, 7, 7, 6, 6, 7, 8, 9, 9, 7, 4, 2, 1, 0};
    private static final int[] ROUND_THE_CLOCK = {2, 1, 1, 1, 1, 2, 4, 7, 8, 6, 5, 6, 8, 6, 5, 5, 5, 6, 7, 7, 6, 5, 4, 3};
    private static final int[] MEALS = {0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 8, 10, 6, 2, 1, 1, 3, 8, 10, 7, 4, 2, 1};
    private static final int[] EVENING_ONLINE = {3, 2, 1, 1, 0, 0, 1, 2, 3, 3, 4, 4, 5, 4, 4, 4, 4, 5, 6, 8, 9, 9, 8, 5};

    /**
     * A category of legitimate spending: share of all legitimate transactions (per mille), MCC,
     * channel, median amount and spread (sigma of the log), whether goods are shipped, hours.
     */
    enum Category {
        SUPERMARKET("5411", false, 150, 2_800, 0.6, false, DAYTIME_SHOPPING),
        CONVENIENCE("5499", false, 130, 700, 0.5, false, ROUND_THE_CLOCK),
        RESTAURANT("5812", false, 100, 1_800, 0.7, false, MEALS),
        ELECTRONICS_STORE("5732", false, 20, 12_000, 1.0, false, DAYTIME_SHOPPING),
        MARKETPLACE("5999", true, 230, 3_500, 0.8, true, EVENING_ONLINE),
        DEPARTMENT_ONLINE("5310", true, 110, 4_500, 0.7, true, EVENING_ONLINE),
        FOOD_DELIVERY("5812", true, 60, 2_400, 0.4, true, MEALS),
        DIGITAL_GAMES("5816", true, 70, 1_500, 0.9, false, EVENING_ONLINE),
        ELECTRONICS_ONLINE("5732", true, 50, 9_000, 1.0, true, EVENING_ONLINE),
        HOTEL("7011", true, 45, 16_000, 0.5, false, EVENING_ONLINE),
        TRAVEL("4722", true, 35, 28_000, 0.6, false, EVENING_ONLINE);

        final String mcc;
        final boolean ec;
        final int perMille;
        final double median;
        final double sigma;
        final boolean shipped;
        private final int[] hours;

        Category(String mcc, boolean ec, int perMille, double median, double sigma, boolean shipped, int[] hours) {
            this.mcc = mcc;
            this.ec = ec;
            this.perMille = perMille;
            this.median = median;
            this.sigma = sigma;
            this.shipped = shipped;
            this.hours = hours;
        }

        /** An hour of the day (JST) drawn from this category's profile. */
        int hour(SplittableRandom random) {
            return Weighted.pick(hours, random);
        }

        /** A log-normal amount in yen around the median; at least 100 yen, rounded to 10 yen above 1,000. */
        long amount(SplittableRandom random) {
            return amount(random, median, sigma);
        }

        static long amount(SplittableRandom random, double median, double sigma) {
            double value = median * Math.exp(sigma * gaussian(random));
            long yen = Math.max(100, Math.round(value));
            return yen > 1_000 ? yen / 10 * 10 : yen;
        }
    }

    /** One merchant; ASCII ids of exactly 15 (merchant) and 8 (terminal) characters and names, as ISO 8583 fields 42, 41 and 43 carry them. */
    record Merchant(String id, String terminalId, String name, String city, String country, Category category) {
        String mcc() {
            return category.mcc;
        }

        boolean ec() {
            return category.ec;
        }

        /** Field 43: name (25), city (13), country (2). */
        String nameLocation() {
            return pad(name, 25) + pad(city, 13) + country;
        }

        private static String pad(String s, int n) {
            String cut = s.length() > n ? s.substring(0, n) : s;
            return cut + " ".repeat(n - cut.length());
        }
    }

    private static final Object[][] CATALOG = {
        {Category.SUPERMARKET, new String[] {"SAKURA SUPERMARKET", "MIDORI FOODS", "HINODE MARKET", "YAMABUKI STORE"}},
        {Category.CONVENIENCE, new String[] {"KOMICHI MART", "ASAHI CONVENIENCE", "HOSHI 24"}},
        {Category.RESTAURANT, new String[] {"SOBA KURA", "RAMEN TSUKI", "KISSA KOHAKU", "IZAKAYA NAGI"}},
        {Category.ELECTRONICS_STORE, new String[] {"DENKI PLAZA", "HIKARI CAMERA"}},
        {Category.MARKETPLACE, new String[] {"ICHIBA ONLINE", "NOMI MARKET", "KAERU SHOP"}},
        {Category.DEPARTMENT_ONLINE, new String[] {"TSUBAKI DEPT ONLINE", "MATSU DEPT ONLINE"}},
        {Category.FOOD_DELIVERY, new String[] {"DEMAE EXPRESS", "HASHI DELIVERY"}},
        {Category.DIGITAL_GAMES, new String[] {"TENKU GAMES", "KITSUNE PLAY STORE"}},
        {Category.ELECTRONICS_ONLINE, new String[] {"DENKI PLAZA ONLINE", "KOSOKU PC DIRECT"}},
        {Category.HOTEL, new String[] {"YADO BOOKING", "ONSEN STAY", "HAN RIVER HOTEL"}},
        {Category.TRAVEL, new String[] {"TABI TRAVEL", "SORA TOURS"}},
    };

    private static final String[] CITIES = {"TOKYO", "YOKOHAMA", "OSAKA", "NAGOYA", "SAPPORO", "FUKUOKA"};

    private final Map<Category, List<Merchant>> byCategory = new EnumMap<>(Category.class);
    private final List<Merchant> all = new ArrayList<>();
    /** Where card testers probe: a small web shop legitimate customers of this issuer do not use. */
    final Merchant testingGround;
    /** Games and electronics shops abroad, where phished cards are spent. */
    final List<Merchant> foreignHighRisk;

    Merchants() {
        int serial = 0;
        for (Object[] row : CATALOG) {
            Category category = (Category) row[0];
            List<Merchant> list = new ArrayList<>();
            for (String name : (String[]) row[1]) {
                serial++;
                // One hotel site is abroad: the legitimate cross-border share.
                String country = name.startsWith("HAN RIVER") ? "KR" : "JP";
                String city = "KR".equals(country) ? "SEOUL" : CITIES[serial % CITIES.length];
                list.add(new Merchant(String.format("SIM%s%08d", category.mcc, serial), String.format("T%07d", serial), name, city,
                        country, category));
            }
            byCategory.put(category, Collections.unmodifiableList(list));
            all.addAll(list);
        }
        testingGround = new Merchant("SIM599900000900", "T0000900", "SMALL GIFT SHOP", "TOKYO", "JP", Category.MARKETPLACE);
        foreignHighRisk = List.of(
                new Merchant("SIM581600000901", "T0000901", "GLOBAL GAME CREDITS", "SINGAPORE", "SG", Category.DIGITAL_GAMES),
                new Merchant("SIM573200000902", "T0000902", "GADGET WORLD DIRECT", "HONG KONG", "HK", Category.ELECTRONICS_ONLINE));
    }

    List<Merchant> in(Category category) {
        return byCategory.get(category);
    }

    List<Merchant> all() {
        return Collections.unmodifiableList(all);
    }

    /** A legitimate category drawn from the overall mix (about 60% EC by count). */
    static Category category(SplittableRandom random) {
        Category[] values = Category.values();
        int[] weights = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            weights[i] = values[i].perMille;
        }
        return values[Weighted.pick(weights, random)];
    }

    /** A standard normal draw (Box-Muller), from the given random so runs repeat with the seed. */
    static double gaussian(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Weighted choice by integer weights. */
    static final class Weighted {
        private Weighted() {
        }

        static int pick(int[] weights, SplittableRandom random) {
            int total = 0;
            for (int w : weights) {
                total += w;
            }
            int r = random.nextInt(total);
            for (int i = 0; i < weights.length; i++) {
                r -= weights[i];
                if (r < 0) {
                    return i;
                }
            }
            return weights.length - 1;
        }
    }
}
