package dev.mamori.risk.features;

import java.util.Arrays;
import java.util.Set;

/**
 * Maps a merchant category code (ISO 18245 MCC) to a goods category, and says which categories are
 * high-risk. Immutable; lookups allocate nothing (an array indexed by the four digits).
 *
 * <p>The standard table follows the high-risk goods Japan's Credit Card Security Guidelines name
 * for EC merchants (digital content including online games, home electronics, e-money, tickets,
 * hotel booking), mapped to MCCs:
 *
 * <table>
 * <caption>Standard MCC table</caption>
 * <tr><th>Category</th><th>MCCs</th><th>High-risk</th></tr>
 * <tr><td>{@code digital-content}</td><td>5815 digital media (books, movies, music), 5817 digital applications, 5818 large digital goods merchants</td><td>yes</td></tr>
 * <tr><td>{@code online-games}</td><td>5816 digital games</td><td>yes</td></tr>
 * <tr><td>{@code electronics}</td><td>5722 household appliances, 5732 electronics stores, 5734 computer software stores,
 *     5045 computers and peripherals, 4812 telephone equipment (smartphones), 5946 camera and photo supply</td><td>yes</td></tr>
 * <tr><td>{@code e-money}</td><td>6540 stored-value card purchase and load, 6051 quasi-cash and money orders (incl. crypto),
 *     4829 money transfer</td><td>yes</td></tr>
 * <tr><td>{@code tickets}</td><td>7922 theatrical producers and ticket agencies, 7941 sports clubs and promoters,
 *     7991 tourist attractions and exhibits, 7996 amusement parks</td><td>yes</td></tr>
 * <tr><td>{@code hotel}</td><td>7011 lodging, 3501&ndash;3999 hotel chains</td><td>yes</td></tr>
 * <tr><td>{@code travel}</td><td>4511 and 3000&ndash;3299 airlines, 4722 travel agencies, 4112 passenger railways</td><td>no (airline tickets are a
 *     common resale target: add {@code travel} to the high-risk set where the issuer sees that)</td></tr>
 * </table>
 *
 * <p>Every other MCC has the empty category and is not high-risk.
 */
public final class MerchantCategories {
    public static final String DIGITAL_CONTENT = "digital-content";
    public static final String ONLINE_GAMES = "online-games";
    public static final String ELECTRONICS = "electronics";
    public static final String E_MONEY = "e-money";
    public static final String TICKETS = "tickets";
    public static final String HOTEL = "hotel";
    public static final String TRAVEL = "travel";

    private static final MerchantCategories STANDARD = standardBuilder().build();

    private final String[] categoryByMcc;
    private final boolean[] highRiskByMcc;

    private MerchantCategories(String[] categoryByMcc, Set<String> highRisk) {
        this.categoryByMcc = categoryByMcc;
        this.highRiskByMcc = new boolean[categoryByMcc.length];
        for (int mcc = 0; mcc < categoryByMcc.length; mcc++) {
            highRiskByMcc[mcc] = highRisk.contains(categoryByMcc[mcc]);
        }
    }

    /** The table described above. */
    public static MerchantCategories standard() {
        return STANDARD;
    }

    /** A builder holding the standard table, to change. */
    public static Builder standardBuilder() {
        return new Builder()
                .range(5815, 5815, DIGITAL_CONTENT).range(5817, 5818, DIGITAL_CONTENT)
                .range(5816, 5816, ONLINE_GAMES)
                .range(5722, 5722, ELECTRONICS).range(5732, 5732, ELECTRONICS).range(5734, 5734, ELECTRONICS)
                .range(5045, 5045, ELECTRONICS).range(4812, 4812, ELECTRONICS).range(5946, 5946, ELECTRONICS)
                .range(6540, 6540, E_MONEY).range(6051, 6051, E_MONEY).range(4829, 4829, E_MONEY)
                .range(7922, 7922, TICKETS).range(7941, 7941, TICKETS).range(7991, 7991, TICKETS)
                .range(7996, 7996, TICKETS)
                .range(7011, 7011, HOTEL).range(3501, 3999, HOTEL)
                .range(4511, 4511, TRAVEL).range(3000, 3299, TRAVEL).range(4722, 4722, TRAVEL)
                .range(4112, 4112, TRAVEL)
                .highRisk(Set.of(DIGITAL_CONTENT, ONLINE_GAMES, ELECTRONICS, E_MONEY, TICKETS, HOTEL));
    }

    /** The category of a four-digit MCC; the empty string when it has none or the text is not four digits. */
    public String category(CharSequence mcc) {
        int code = parse(mcc);
        return code < 0 ? "" : categoryByMcc[code];
    }

    /** Whether a four-digit MCC is in a high-risk category; false when the text is not four digits. */
    public boolean highRisk(CharSequence mcc) {
        int code = parse(mcc);
        return code >= 0 && highRiskByMcc[code];
    }

    private static int parse(CharSequence mcc) {
        if (mcc == null || mcc.length() != 4) {
            return -1;
        }
        int code = 0;
        for (int i = 0; i < 4; i++) {
            char c = mcc.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            code = code * 10 + (c - '0');
        }
        return code;
    }

    /** Changes a table: later calls override earlier ones for the same MCCs. */
    public static final class Builder {
        private final String[] categories = new String[10_000];
        private Set<String> highRisk = Set.of();

        private Builder() {
            Arrays.fill(categories, "");
        }

        /** Puts MCCs {@code from..to} (inclusive) in a category; the empty string removes them from any. */
        public Builder range(int from, int to, String category) {
            if (from < 0 || to > 9999 || from > to) {
                throw new IllegalArgumentException("mcc range: must lie within 0000-9999, from <= to");
            }
            if (category == null) {
                throw new IllegalArgumentException("category: must not be null (use \"\" for none)");
            }
            Arrays.fill(categories, from, to + 1, category);
            return this;
        }

        /** The categories {@code merchant.highRisk} is true for; replaces the previous set. */
        public Builder highRisk(Set<String> categories) {
            this.highRisk = Set.copyOf(categories);
            return this;
        }

        public MerchantCategories build() {
            return new MerchantCategories(categories.clone(), highRisk);
        }
    }
}
