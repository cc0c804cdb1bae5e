package dev.mamori.bench;

import dev.mamori.risk.Channel;
import dev.mamori.risk.features.FeatureInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A synthetic issuer population for the authorization benchmarks: cards, each with a home device,
 * IP address, e-mail and delivery address (shared by a few cards, as in households), merchants with
 * MCCs and countries, and a request mix drawn from them. Deterministic for a seed.
 *
 * <p>Per request: 90 % of requests come from the card's home device and IP, 10 % from its second
 * device and mobile IP (one household in twenty shares a device and e-mail with another card; home IPs
 * are drawn at random, so a few are shared as behind a NAT);
 * amounts are log-uniform between 100 and 300 000 yen; 5 % of merchants are abroad; channels are
 * 80 % e-commerce, 15 % face to face, 5 % mail or telephone. Card numbers exist here only as the
 * digits the load generators send; the feature engine sees fingerprints (HMAC-SHA256, as the
 * vault computes them).
 */
final class IssuerTraffic {
    static final String RULES_RESOURCE = "/dev/mamori/bench/issuer-rules-100.txt";
    private static final String[] MCCS = {"5411", "5812", "5814", "5999", "5311", "4111", "5541", "5732", "5816", "5817", "7011",
        "4722", "5945", "5691", "5912", "5399", "7832", "4814", "5995", "7995"};
    private static final String[] FOREIGN = {"US", "KR", "TW", "SG", "FR", "GB", "TH", "NG"};
    private static final Channel[] CHANNELS = {Channel.ECOMMERCE, Channel.FACE_TO_FACE, Channel.MAIL_TELEPHONE};

    final String[] pans;
    final String[] bins;
    final String[] fingerprints;
    final long[] accountBodies;
    final String[] devices;
    final String[] ips;
    final String[] emails;
    final String[] addresses;
    final String[] merchantIds;
    final String[] merchantMccs;
    final String[] merchantCountries;
    final int[] homeDevice;
    final int[] otherDevice;
    final int[] homeIp;
    final int[] otherIp;
    final int[] homeEmail;
    final int[] homeAddress;

    IssuerTraffic(String[] pans, int devices, int ips, int emails, int addresses, int merchants, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        this.pans = pans;
        int cards = pans.length;
        this.bins = new String[cards];
        this.fingerprints = new String[cards];
        this.accountBodies = new long[cards];
        Mac mac = hmac("mamori-bench-fingerprint-key".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < cards; i++) {
            fingerprints[i] = HexFormat.of().formatHex(mac.doFinal(pans[i].getBytes(StandardCharsets.US_ASCII)));
            accountBodies[i] = FeatureInput.accountBody(pans[i]);
            bins[i] = pans[i].substring(0, 6);
        }
        this.devices = names("dev-", devices);
        this.ips = new String[ips];
        for (int i = 0; i < ips; i++) {
            this.ips[i] = (100 + i % 100) + "." + (i / 100 % 256) + "." + (i / 25_600 % 256) + "." + (1 + random.nextInt(254));
        }
        this.emails = new String[emails];
        for (int i = 0; i < emails; i++) {
            this.emails[i] = "user" + i + "@example.jp";
        }
        this.addresses = new String[addresses];
        for (int i = 0; i < addresses; i++) {
            // Delivery addresses as a Japanese shop sends them; the host normalizes them for lists and features.
            this.addresses[i] = "東京都千代田区霞が関" + (1 + i % 3) + "-" + (1 + i / 3 % 20) + "-" + (1 + i / 60);
        }
        this.merchantIds = new String[merchants];
        this.merchantMccs = new String[merchants];
        this.merchantCountries = new String[merchants];
        for (int i = 0; i < merchants; i++) {
            merchantIds[i] = String.format("SHOP%05d-TKY", i); // digits short of a card number: field 42 and merchant.id refuse those
            merchantMccs[i] = MCCS[random.nextInt(MCCS.length)];
            merchantCountries[i] = random.nextInt(20) == 0 ? FOREIGN[random.nextInt(FOREIGN.length)] : "JP";
        }
        this.homeDevice = new int[cards];
        this.otherDevice = new int[cards];
        this.homeIp = new int[cards];
        this.otherIp = new int[cards];
        this.homeEmail = new int[cards];
        this.homeAddress = new int[cards];
        for (int i = 0; i < cards; i++) {
            // Each card has its own two devices; one household in twenty shares the previous card's.
            boolean shared = i > 0 && i % 20 == 0;
            homeDevice[i] = (shared ? 2 * (i - 1) : 2 * i) % devices;
            otherDevice[i] = (2 * i + 1) % devices;
            // Home IPs at random (a few are shared, like a NAT); the second one is the card's own mobile address.
            homeIp[i] = random.nextInt(ips);
            otherIp[i] = (int) ((i * 7L + 3) % ips);
            homeEmail[i] = shared ? (i - 1) % emails : i % emails;
            homeAddress[i] = random.nextInt(addresses);
        }
    }

    /**
     * {@code cards} cards under the issuer's twenty BINs, twice as many devices, as many IPs and
     * e-mails, 60 % as many delivery addresses, and 2 000 merchants (100k cards: 200k devices, 100k
     * IPs, 100k e-mails, 60k addresses).
     */
    static IssuerTraffic of(int cards, long seed) {
        return of(pans(issuerBins(seed), cards, seed), seed);
    }

    static IssuerTraffic of(String[] pans, long seed) {
        int cards = pans.length;
        return new IssuerTraffic(pans, 2 * cards, cards, cards, Math.max(1, cards * 3 / 5), 2000, seed + 1);
    }

    /** Twenty six-digit Visa BINs: an issuer has a handful of BINs, not one per card. */
    static String[] issuerBins(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] bins = new String[20];
        for (int i = 0; i < bins.length; i++) {
            bins[i] = "4" + String.format("%05d", random.nextInt(100_000));
        }
        return bins;
    }

    /** Distinct Luhn-valid 16-digit numbers spread over {@code prefixes} (up to 15 digits each). */
    static String[] pans(String[] prefixes, int count, long seed) {
        String[] out = new String[count];
        long offset = new SplittableRandom(seed).nextLong(1_000_000L);
        for (int i = 0; i < count; i++) {
            String prefix = prefixes[i % prefixes.length];
            int free = 15 - prefix.length();
            long space = 1;
            for (int k = 0; k < free; k++) {
                space *= 10;
            }
            // A stride coprime to the space keeps the numbers distinct and scattered.
            long serial = Math.floorMod((i / prefixes.length) * 7_919L + offset, space);
            String body = prefix + String.format("%0" + free + "d", serial);
            out[i] = body + dev.mamori.common.Luhn.checkDigit(body);
        }
        return out;
    }

    /** One request drawn from the population, written into reusable fields (no allocation). */
    static final class Draw {
        int card;
        int device;
        int ip;
        int email;
        int address;
        int merchant;
        long amount;
        Channel channel;
    }

    void draw(SplittableRandom random, Draw d) {
        int card = random.nextInt(pans.length);
        d.card = card;
        boolean home = random.nextInt(10) != 0;
        d.device = home ? homeDevice[card] : otherDevice[card];
        d.ip = home ? homeIp[card] : otherIp[card];
        d.email = homeEmail[card];
        d.address = random.nextInt(20) == 0 ? random.nextInt(addresses.length) : homeAddress[card];
        // Popular merchants get most of the traffic: the square of a uniform favours low indices.
        double u = random.nextDouble();
        d.merchant = (int) (u * u * merchantIds.length);
        d.amount = Math.round(Math.exp(Math.log(100) + random.nextDouble() * (Math.log(300_000) - Math.log(100))));
        int c = random.nextInt(20);
        d.channel = c < 16 ? CHANNELS[0] : c < 19 ? CHANNELS[1] : CHANNELS[2];
    }

    /** The feature engine's view of a draw (the address key is the raw address here; the host normalizes it). */
    void fill(FeatureInput in, dev.mamori.common.TenantId tenant, Draw d, long eventTime) {
        in.reset();
        in.tenant(tenant);
        in.card(fingerprints[d.card]);
        in.bin(bins[d.card]);
        in.accountBody(accountBodies[d.card]);
        if (d.channel == Channel.ECOMMERCE) {
            in.device(devices[d.device]);
            in.ip(ips[d.ip]);
            in.email(emails[d.email]);
            in.address(addresses[d.address]);
        }
        in.merchant(merchantIds[d.merchant]);
        in.amount(d.amount, 0);
        in.currency("JPY");
        in.mcc(merchantMccs[d.merchant]);
        in.merchantCountry(merchantCountries[d.merchant]);
        in.channel(d.channel);
        in.eventTime(eventTime);
    }

    static String rules() {
        try (InputStream in = IssuerTraffic.class.getResourceAsStream(RULES_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RULES_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String[] names(String prefix, int count) {
        String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            out[i] = prefix + i;
        }
        return out;
    }
}
