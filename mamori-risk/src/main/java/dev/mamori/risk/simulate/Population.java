package dev.mamori.risk.simulate;

import dev.mamori.common.Luhn;
import dev.mamori.common.Pan;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The issuer's simulated cardholders, regenerated from the seed, the BIN prefix and the count
 * alone, so that card numbers never need to be written down: a later run re-creates exactly the
 * cards {@code --setup} opened. Its own random stream, so that changing the traffic options does
 * not change the cards.
 *
 * <p>Card numbers are 16 digits: the prefix, an account number, the Luhn check digit. Account
 * numbers are issued densely (one in about three numbers of a range is a card), as real issuers
 * do, which is what makes credit-master enumeration pay off.
 */
final class Population {
    static final int PAN_LENGTH = 16;
    private static final long[] LIMITS = {300_000, 500_000, 500_000, 800_000, 1_000_000, 1_500_000};
    private static final String[] GIVEN = {"haruto", "yui", "sota", "hina", "ren", "mei", "yuto", "sakura", "riku", "aoi", "kaito",
        "yuna", "takumi", "rin", "hiroshi", "keiko", "akira", "yoko", "kenji", "naoko"};
    private static final String[] FAMILY = {"sato", "suzuki", "takahashi", "tanaka", "watanabe", "ito", "yamamoto", "nakamura",
        "kobayashi", "kato", "yoshida", "yamada", "sasaki", "matsumoto", "inoue"};
    private static final String[] DOMAINS = {"docomo.ne.jp", "ezweb.ne.jp", "softbank.ne.jp", "gmail.com", "yahoo.co.jp",
        "icloud.com", "outlook.jp"};
    /** First octets of consumer address space of Japanese ISPs and mobile carriers (synthetic hosts). */
    private static final int[] JP_NETWORKS = {60, 106, 118, 126, 133, 153, 180, 202, 219, 220};

    final String prefix;
    final List<Cardholder> cardholders;
    /** The account number (digits between prefix and check digit) of the first and last card. */
    final long firstAccount;
    final long lastAccount;

    /** Account numbers of the cards, ascending (index = cardholder index). */
    private final long[] accounts;

    private Population(String prefix, List<Cardholder> cardholders, long[] accounts) {
        this.prefix = prefix;
        this.accounts = accounts;
        long firstAccount = accounts[0];
        long lastAccount = accounts[accounts.length - 1];
        this.cardholders = cardholders;
        this.firstAccount = firstAccount;
        this.lastAccount = lastAccount;
    }

    /**
     * @param prefix the issuer's BIN route, 6 to 11 digits
     * @param baseYear the year expiry dates count from (kept in the state file, so cards opened in
     *     December are the same cards in January)
     */
    static Population generate(long seed, String prefix, int count, int baseYear, Merchants merchants) {
        if (prefix == null || !prefix.matches("[0-9]{6,11}")) {
            throw new IllegalArgumentException("prefix: must be 6 to 11 digits");
        }
        int accountDigits = PAN_LENGTH - 1 - prefix.length();
        long space = pow10(accountDigits);
        if (count < 1 || 3L * count + 10 > space / 2) {
            throw new IllegalArgumentException("cards: " + count + " cards do not fit under a " + prefix.length() + "-digit prefix");
        }
        SplittableRandom random = new SplittableRandom(seed ^ 0x6d616d6f72692d63L); // "mamori-c": the cards' own stream
        long account = space / 10 + random.nextLong(space / 2 - 3L * count - space / 10);
        List<Cardholder> list = new ArrayList<>(count);
        long[] accounts = new long[count];
        for (int i = 0; i < count; i++) {
            account += 1 + random.nextInt(3);
            accounts[i] = account;
            String body = prefix + pad(account, accountDigits);
            Pan pan = Pan.of(body + Luhn.checkDigit(body));
            YearMonth expiry = YearMonth.of(baseYear + 1 + random.nextInt(4), 1 + random.nextInt(12));
            String code = String.format("%03d", random.nextInt(1000));
            long limit = LIMITS[random.nextInt(LIMITS.length)];
            JapaneseAddresses.Address home = JapaneseAddresses.home(random);
            JapaneseAddresses.Address gift = random.nextInt(10) < 3 ? JapaneseAddresses.elsewhere(random, home) : null;
            // The index keeps addresses unique: two customers sharing one e-mail would look like a card tester.
            String email = GIVEN[random.nextInt(GIVEN.length)] + "." + FAMILY[random.nextInt(FAMILY.length)] + (100 + i)
                    + "@" + DOMAINS[random.nextInt(DOMAINS.length)];
            List<String> devices = new ArrayList<>();
            devices.add(deviceId(random));
            if (random.nextInt(10) == 0) {
                devices.add(deviceId(random)); // a second device (tablet, work PC) for one in ten
            }
            String homeIp = jpIp(random);
            String mobileIp = jpIp(random);
            double activity = Math.exp(0.6 * Merchants.gaussian(random));
            double threeDs = 0.2 + 0.4 * random.nextDouble();
            Map<Merchants.Category, List<Merchants.Merchant>> usual = new EnumMap<>(Merchants.Category.class);
            for (Merchants.Category category : Merchants.Category.values()) {
                List<Merchants.Merchant> shops = new ArrayList<>(merchants.in(category));
                shuffle(shops, random);
                usual.put(category, List.copyOf(shops.subList(0, Math.min(shops.size(), 1 + random.nextInt(2)))));
            }
            list.add(new Cardholder(i, pan, expiry, code, limit, home, gift, email.toLowerCase(java.util.Locale.ROOT),
                    List.copyOf(devices), homeIp, mobileIp, activity, threeDs, usual));
        }
        return new Population(prefix, Collections.unmodifiableList(list), accounts);
    }

    /** The index of the cardholder with this account number, or -1. */
    int ownerOf(long account) {
        int i = java.util.Arrays.binarySearch(accounts, account);
        return i >= 0 ? i : -1;
    }

    /** A card number under the prefix for an account number, with its check digit. */
    static Pan panFor(String prefix, long account) {
        String body = prefix + pad(account, PAN_LENGTH - 1 - prefix.length());
        return Pan.of(body + Luhn.checkDigit(body));
    }

    static String deviceId(SplittableRandom random) {
        return randomId("dev-", 16, random);
    }

    private static final String LETTERS = "abcdefghjkmnpqrstuvwxyz";
    private static final String LETTERS_AND_DIGITS = LETTERS + "23456789";

    /**
     * A random identifier in which every fourth character is a letter, so no run of digits in it
     * can look like a card number: the server refuses such values in device ids and e-mails.
     */
    static String randomId(String prefix, int length, SplittableRandom random) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < length; i++) {
            String alphabet = i % 4 == 0 ? LETTERS : LETTERS_AND_DIGITS;
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    static String jpIp(SplittableRandom random) {
        return JP_NETWORKS[random.nextInt(JP_NETWORKS.length)] + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                + (1 + random.nextInt(254));
    }

    static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, random.nextInt(i + 1));
        }
    }

    private static String pad(long value, int digits) {
        String s = Long.toString(value);
        return "0".repeat(Math.max(0, digits - s.length())) + s;
    }

    private static long pow10(int n) {
        long v = 1;
        for (int i = 0; i < n; i++) {
            v *= 10;
        }
        return v;
    }
}
