package dev.mamori.risk.simulate;

import dev.mamori.common.Pan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds one run's traffic: legitimate payments of the population over {@code days} simulated
 * days, and the four labelled fraud scenarios placed after the first third of the period (so the
 * cards they use have a history on the server). The same seed, population and options give the
 * same events in the same order.
 *
 * <p>Shares of the transactions: credit master 6% (8 to 40 probes, from 100 transactions), phished
 * cards 6%, account takeover 4%, reshipping 4%, the rest legitimate. A scenario that needs more
 * cards than the population can spare is left out (and the report says 0 for it).
 */
final class TrafficGenerator {
    /** First octets of foreign hosting and VPN address space (synthetic hosts). */
    private static final int[] FOREIGN_NETWORKS = {45, 91, 103, 185, 194};
    private static final String[] DISPOSABLE_DOMAINS = {"gmail.com", "outlook.com", "proton.me", "mail.com"};

    /** What one run sends, in order, and what the generator decided about it. */
    static final class Traffic {
        final List<SimEvent> events;
        final int stolenCards;
        final int takenOverCards;
        final int reshippingCards;
        final List<JapaneseAddresses.Address> dropAddresses;

        Traffic(List<SimEvent> events, int stolenCards, int takenOverCards, int reshippingCards,
                List<JapaneseAddresses.Address> dropAddresses) {
            this.events = events;
            this.stolenCards = stolenCards;
            this.takenOverCards = takenOverCards;
            this.reshippingCards = reshippingCards;
            this.dropAddresses = dropAddresses;
        }

        long count(Scenario scenario) {
            return events.stream().filter(e -> e.scenario == scenario).count();
        }
    }

    private final Population population;
    private final Merchants merchants;
    private final SplittableRandom random;
    private final long period;
    private final List<JapaneseAddresses.Address> drops;

    TrafficGenerator(Population population, Merchants merchants, long seed, int days) {
        this.population = population;
        this.merchants = merchants;
        this.random = new SplittableRandom(seed ^ 0x6d616d6f72692d74L); // "mamori-t": the traffic's own stream
        this.period = days * 86_400L;
        this.drops = dropAddresses(seed);
    }

    /**
     * The reshippers' drop addresses for a seed: their own stream, so {@code --setup} can put one
     * spelling on the block list before any traffic exists.
     */
    static List<JapaneseAddresses.Address> dropAddresses(long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x6d616d6f72692d64L); // "mamori-d"
        List<JapaneseAddresses.Address> list = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            list.add(JapaneseAddresses.drop(random));
        }
        return List.copyOf(list);
    }

    Traffic generate(int transactions) {
        List<Cardholder> all = population.cardholders;
        int creditMaster = transactions >= 100 ? clamp(transactions * 6 / 100, 8, 40) : 0;
        int phished = transactions * 6 / 100;
        int takeover = transactions * 4 / 100;
        int reshipping = transactions * 4 / 100;

        // Disjoint sets of victims, drawn from the more active half so they have a history.
        List<Cardholder> victims = new ArrayList<>(all);
        victims.sort(Comparator.comparingDouble((Cardholder c) -> -c.activity).thenComparingInt(c -> c.index));
        victims = new ArrayList<>(victims.subList(0, Math.max(1, (victims.size() + 1) / 2)));
        Population.shuffle(victims, random);
        int stolenCount = all.size() >= 4 ? Math.max(1, all.size() / 10) : 0;
        int takeoverCount = all.size() >= 6 ? Math.max(1, all.size() / 20) : 0;
        int reshipCount = all.size() >= 10 ? Math.max(3, all.size() * 15 / 100) : 0;
        if (stolenCount + takeoverCount + reshipCount > victims.size()) {
            reshipCount = 0;
        }
        if (stolenCount + takeoverCount > victims.size()) {
            takeoverCount = 0;
        }
        List<Cardholder> stolen = victims.subList(0, stolenCount);
        List<Cardholder> takenOver = victims.subList(stolenCount, stolenCount + takeoverCount);
        List<Cardholder> reshipped = victims.subList(stolenCount + takeoverCount, stolenCount + takeoverCount + reshipCount);
        if (stolen.isEmpty()) {
            phished = 0;
        }
        if (takenOver.isEmpty()) {
            takeover = 0;
        }
        if (reshipped.isEmpty()) {
            reshipping = 0;
        }
        int legit = transactions - creditMaster - phished - takeover - reshipping;

        List<SimEvent> events = new ArrayList<>(transactions);
        legit(events, legit);
        creditMaster(events, creditMaster);
        phished(events, phished, stolen);
        takeover(events, takeover, takenOver);
        reshipping(events, reshipping, reshipped);
        // Stable: events at the same second keep the order they were made in.
        events.sort(Comparator.comparingLong(e -> e.offsetSeconds));
        for (int i = 0; i < events.size(); i++) {
            events.get(i).sequence = i + 1;
        }
        return new Traffic(List.copyOf(events), stolen.size(), takenOver.size(), reshipped.size(), drops);
    }

    private void legit(List<SimEvent> out, int count) {
        List<Cardholder> all = population.cardholders;
        double[] cumulative = new double[all.size()];
        double total = 0;
        for (int i = 0; i < all.size(); i++) {
            total += all.get(i).activity;
            cumulative[i] = total;
        }
        for (int n = 0; n < count; n++) {
            double r = random.nextDouble() * total;
            int i = 0;
            while (i < cumulative.length - 1 && cumulative[i] <= r) {
                i++;
            }
            Cardholder c = all.get(i);
            Merchants.Category category = Merchants.category(random);
            long offset = random.nextLong(Math.max(1, period / 86_400)) * 86_400 + category.hour(random) * 3_600L + random.nextInt(3_600);
            List<Merchants.Merchant> usual = c.usualMerchants.get(category);
            Merchants.Merchant merchant = random.nextInt(100) < 85 ? usual.get(random.nextInt(usual.size()))
                    : merchants.in(category).get(random.nextInt(merchants.in(category).size()));
            SimEvent.Builder event = SimEvent.at(offset, Scenario.LEGIT, "cardholder-" + c.index).card(c)
                    .pay(category.amount(random), merchant);
            if (category.ec) {
                String device = c.devices.size() > 1 && random.nextInt(10) < 3 ? c.devices.get(1) : c.devices.get(0);
                String ip = random.nextInt(4) == 0 ? c.mobileIp : c.homeIp;
                String address = null;
                if (category.shipped) {
                    address = (c.giftAddress != null && random.nextInt(100) < 5 ? c.giftAddress : c.home).standard();
                }
                event.online(device, ip, c.email, address).securityCode(c.securityCode);
                if (random.nextDouble() < c.threeDsShare) {
                    event.threeDs("05", authenticationValue());
                }
            }
            out.add(event.build());
        }
    }

    /** One device and IP walking neighbouring card numbers of the BIN with small amounts, no expiry. */
    private void creditMaster(List<SimEvent> out, int count) {
        if (count == 0) {
            return;
        }
        String device = Population.randomId("cm-", 16, random);
        String ip = foreignIp();
        long start = population.firstAccount + random.nextLong(Math.max(1, (population.lastAccount - population.firstAccount) / 2)) - 2;
        long t = fraudTime();
        for (int i = 0; i < count; i++) {
            Pan pan = Population.panFor(population.prefix, start + i);
            int owner = population.ownerOf(start + i); // the tester guessed a real card, or not
            SimEvent.Builder probe = SimEvent.at(t, Scenario.CREDIT_MASTER, "card-tester " + device)
                    .probe(pan).pay(100 + 50L * random.nextInt(9), merchants.testingGround)
                    .online(device, ip, null, null).securityCode(String.format("%03d", random.nextInt(1000)));
            out.add(probe.owner(owner).build());
            t += 2 + random.nextInt(10);
        }
    }

    /** Stolen numbers (with expiry and code, as phishing sites collect them) on games and electronics, from abroad. */
    private void phished(List<SimEvent> out, int count, List<Cardholder> stolen) {
        if (count == 0) {
            return;
        }
        String[] devices = new String[(stolen.size() + 1) / 2];
        String[] ips = new String[devices.length];
        for (int d = 0; d < devices.length; d++) {
            devices[d] = Population.deviceId(random);
            ips[d] = foreignIp();
        }
        long[] times = new long[stolen.size()];
        String[] emails = new String[stolen.size()];
        for (int s = 0; s < stolen.size(); s++) {
            times[s] = fraudTime();
            emails[s] = Population.randomId("u", 8, random) + "@" + DISPOSABLE_DOMAINS[random.nextInt(DISPOSABLE_DOMAINS.length)];
        }
        for (int n = 0; n < count; n++) {
            int s = n % stolen.size();
            Cardholder c = stolen.get(s);
            boolean electronics = random.nextInt(2) == 0;
            Merchants.Merchant merchant = random.nextInt(2) == 0 ? merchants.foreignHighRisk.get(electronics ? 1 : 0)
                    : pick(merchants.in(electronics ? Merchants.Category.ELECTRONICS_ONLINE : Merchants.Category.DIGITAL_GAMES));
            long amount = Merchants.Category.amount(random, electronics ? 60_000 : 20_000, 0.5);
            String address = electronics ? JapaneseAddresses.drop(random).standard() : null;
            out.add(SimEvent.at(times[s], Scenario.PHISHED_HIGH_RISK, "phished card " + c.index).card(c).securityCode(c.securityCode)
                    .pay(amount, merchant).online(devices[s / 2], ips[s / 2], emails[s], address).build());
            times[s] += 120 + random.nextInt(480);
        }
    }

    /** A shop account taken over: a new device and a new delivery address, then several purchases. */
    private void takeover(List<SimEvent> out, int count, List<Cardholder> victims) {
        if (count == 0) {
            return;
        }
        long[] times = new long[victims.size()];
        String[] devices = new String[victims.size()];
        String[] ips = new String[victims.size()];
        String[] addresses = new String[victims.size()];
        for (int v = 0; v < victims.size(); v++) {
            times[v] = fraudTime();
            devices[v] = Population.deviceId(random);
            ips[v] = Population.jpIp(random);
            addresses[v] = JapaneseAddresses.elsewhere(random, victims.get(v).home).standard();
        }
        Merchants.Category[] categories = {Merchants.Category.MARKETPLACE, Merchants.Category.ELECTRONICS_ONLINE,
            Merchants.Category.DEPARTMENT_ONLINE};
        for (int n = 0; n < count; n++) {
            int v = n % victims.size();
            Cardholder c = victims.get(v);
            Merchants.Category category = categories[random.nextInt(categories.length)];
            out.add(SimEvent.at(times[v], Scenario.ACCOUNT_TAKEOVER, "taken-over card " + c.index).card(c).securityCode(c.securityCode)
                    .pay(Merchants.Category.amount(random, 25_000, 0.6), pick(merchants.in(category)))
                    .online(devices[v], ips[v], c.email, addresses[v]).build());
            times[v] += 300 + random.nextInt(1_500);
        }
    }

    /** Several cards, each from its own new device and e-mail, shipping to a few drop addresses spelled many ways. */
    private void reshipping(List<SimEvent> out, int count, List<Cardholder> cards) {
        if (count == 0) {
            return;
        }
        int dropCount = count >= 12 ? 3 : 2;
        String[] devices = new String[cards.size()];
        String[] ips = new String[cards.size()];
        String[] emails = new String[cards.size()];
        for (int k = 0; k < cards.size(); k++) {
            devices[k] = Population.deviceId(random);
            ips[k] = Population.jpIp(random);
            emails[k] = Population.randomId("r", 8, random) + "@" + DISPOSABLE_DOMAINS[random.nextInt(DISPOSABLE_DOMAINS.length)];
        }
        Merchants.Category[] categories = {Merchants.Category.MARKETPLACE, Merchants.Category.ELECTRONICS_ONLINE,
            Merchants.Category.DEPARTMENT_ONLINE};
        for (int n = 0; n < count; n++) {
            int k = n % cards.size();
            Cardholder c = cards.get(k);
            List<String> spellings = drops.get(random.nextInt(dropCount)).spellings();
            Merchants.Category category = categories[random.nextInt(categories.length)];
            out.add(SimEvent.at(fraudTime(), Scenario.RESHIPPING, "reshipped card " + c.index).card(c).securityCode(c.securityCode)
                    .pay(Merchants.Category.amount(random, 30_000, 0.5), pick(merchants.in(category)))
                    .online(devices[k], ips[k], emails[k], spellings.get(random.nextInt(spellings.size()))).build());
        }
    }

    /** Fraud happens in the last two thirds of the period, after the cards have a history. */
    private long fraudTime() {
        return period * 35 / 100 + random.nextLong(Math.max(1, period * 60 / 100));
    }

    private String foreignIp() {
        return FOREIGN_NETWORKS[random.nextInt(FOREIGN_NETWORKS.length)] + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                + (1 + random.nextInt(254));
    }

    /**
     * The simulator holds no issuer key, so it cannot compute an authentication value: a 3-D Secure
     * payment carries ECI 05 and no value, which the host never counts as authenticated. Real
     * values come from a real 3-D Secure run. The 20 draws keep every seed's traffic as it was
     * when this method returned random bytes.
     */
    private String authenticationValue() {
        for (int i = 0; i < 20; i++) {
            random.nextInt(256);
        }
        return null;
    }

    private Merchants.Merchant pick(List<Merchants.Merchant> list) {
        return list.get(random.nextInt(list.size()));
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }
}
