package dev.mamori.risk.simulate;

import dev.mamori.common.SecurityCode;
import dev.mamori.common.TenantId;
import dev.mamori.risk.AuthorizationRequest;
import dev.mamori.risk.Channel;
import dev.mamori.risk.MessageKind;
import dev.mamori.risk.RiskModule;
import dev.mamori.risk.ScoringFallback;
import dev.mamori.risk.TenantRiskPolicy;
import dev.mamori.risk.lists.ListKind;
import dev.mamori.risk.lists.ListType;
import dev.mamori.risk.rules.RuleErrors;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulator's traffic for use inside one process (the model-quality benchmark): the same
 * cardholders, merchants, fraud scenarios and labels as {@code ./mamori simulate} makes for a seed,
 * set up directly on a {@link RiskModule} the way {@code --setup} does through the API, and turned
 * into {@link AuthorizationRequest}s received at their simulated time rather than compressed into
 * the run. Labels stay here: the host only ever sees the payment.
 */
public final class InProcessTraffic {
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final Currency JPY = Currency.getInstance("JPY");

    private final Population population;
    private final List<Payment> payments;
    private final long seed;
    private final int days;
    private final Instant start;

    private InProcessTraffic(Population population, List<Payment> payments, long seed, int days, Instant start) {
        this.population = population;
        this.payments = payments;
        this.seed = seed;
        this.days = days;
        this.start = start;
    }

    /**
     * @param seed the simulator's seed (same seed, same cards and traffic as {@code simulate --seed})
     * @param cards cardholders
     * @param transactions payments over the whole period, fraud included
     * @param days simulated days
     * @param startDay the first simulated day (Asia/Tokyo midnight is offset 0); its year is the
     *     cards' base year, so every card is still valid at the end
     */
    public static InProcessTraffic generate(long seed, int cards, int transactions, int days, LocalDate startDay) {
        if (days < 1 || days > 365) {
            throw new IllegalArgumentException("days: between 1 and 365");
        }
        if (transactions < 1 || cards < 1) {
            throw new IllegalArgumentException("cards and transactions: at least 1");
        }
        Merchants merchants = new Merchants();
        Population population = Population.generate(seed, binPrefix(seed), cards, startDay.getYear(), merchants);
        TrafficGenerator.Traffic traffic = new TrafficGenerator(population, merchants, seed, days).generate(transactions);
        Instant start = startDay.atStartOfDay(TOKYO).toInstant();
        List<Payment> list = new ArrayList<>(traffic.events.size());
        for (SimEvent e : traffic.events) {
            list.add(new Payment(e, start));
        }
        return new InProcessTraffic(population, Collections.unmodifiableList(list), seed, days, start);
    }

    /** The first BIN prefix {@code --setup} tries for this seed (the benchmark's database has no other tenant). */
    static String binPrefix(long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x6d616d6f72692d62L); // "mamori-b", as Setup
        return "4" + String.format("%08d", random.nextInt(100_000_000));
    }

    /** The payments in time order. */
    public List<Payment> payments() {
        return payments;
    }

    /** When simulated offset 0 is (Asia/Tokyo midnight of the first day). */
    public Instant start() {
        return start;
    }

    public String binPrefix() {
        return population.prefix;
    }

    /** The starter rules {@code --setup} saves and activates. */
    public static String starterRules() {
        return Setup.STARTER_RULES;
    }

    /**
     * What {@code --setup} does, directly on the module: the BIN route, one card account per
     * cardholder, the starter rules saved and activated, and the same spelling of a drop address
     * on the block list. Two differences, both so that the benchmark measures fraud decisions only:
     * the simulator has no statement cycle, so each card's limit is multiplied by the months the
     * traffic covers (otherwise ordinary spending would run into "over limit" declines), and the
     * tenant's scoring budget is the largest allowed (1 s), so a busy machine never turns a
     * decision into the time-out fallback.
     *
     * @return the active rule set's version
     */
    public int setUp(RiskModule module, TenantId tenant) {
        module.binRoutes().add(tenant, population.prefix);
        long months = Math.max(1, (days + 29) / 30);
        for (Cardholder c : population.cardholders) {
            module.cardAccounts().open(tenant, c.pan, c.expiry, "201", JPY, c.creditLimit * months, null);
        }
        module.policies().save(tenant, new TenantRiskPolicy(ScoringFallback.RULES_ONLY, 1_000_000, "JP"));
        int version;
        try {
            version = module.rules().save(tenant, Setup.STARTER_RULES, "starter rules (quality benchmark)", "benchmark");
            module.rules().activate(tenant, version, "benchmark");
        } catch (RuleErrors e) {
            throw new IllegalStateException("the starter rules no longer compile: " + e.getMessage(), e);
        }
        String spelling = TrafficGenerator.dropAddresses(seed).get(0).spellings().get(1);
        module.lists().add(tenant, ListKind.DELIVERY_ADDRESS, ListType.BLOCK, spelling, "simulate",
                "reshipping drop address (simulated)", null, "benchmark");
        return version;
    }

    /**
     * One simulated payment and its ground truth. Not a record: it holds a card number (masked by
     * {@link #toString()}) and a made-up security code, neither of which leaves this class except in
     * the request handed to the host.
     */
    public static final class Payment {
        private final SimEvent event;
        private final Instant start;

        private Payment(SimEvent event, Instant start) {
            this.event = event;
            this.start = start;
        }

        /** 1, 2, ... in time order, as the simulator numbers its traffic. */
        public int sequence() {
            return event.sequence;
        }

        /** When it happens, in simulated time. */
        public Instant time() {
            return start.plusSeconds(event.offsetSeconds);
        }

        /** The ground truth: legitimate, or which fraud scenario. */
        public Scenario scenario() {
            return event.scenario;
        }

        public long amountMinor() {
            return event.amount;
        }

        public Channel channel() {
            return event.channel == SimEvent.Channel.EC ? Channel.ECOMMERCE : Channel.FACE_TO_FACE;
        }

        /** The request as the JSON interface builds it, received at {@link #time()}. */
        public AuthorizationRequest request(TenantId tenant) {
            SimEvent e = event;
            String stan = String.format("%06d", e.sequence % 1_000_000);
            String rrn = String.format("%012d", e.sequence);
            AuthorizationRequest.EcData ec = AuthorizationRequest.EcData.NONE;
            if (e.channel == SimEvent.Channel.EC) {
                AuthorizationRequest.ThreeDsResult threeDs = e.eci == null ? null
                        : new AuthorizationRequest.ThreeDsResult(e.eci, e.authenticationValue, "Y");
                ec = new AuthorizationRequest.EcData(e.deviceId, e.ip, e.email, e.deliveryAddress, threeDs);
            }
            return new AuthorizationRequest(tenant, MessageKind.AUTHORIZATION,
                    new AuthorizationRequest.PresentedCard(e.pan, e.expiry, e.securityCode == null ? null : SecurityCode.of(e.securityCode),
                            null, null),
                    e.amount, JPY, "000000", channel(),
                    new AuthorizationRequest.Merchant(e.merchant.id(), e.merchant.terminalId(), e.merchant.nameLocation(), e.merchant.mcc(),
                            e.merchant.country()),
                    new AuthorizationRequest.Trace(stan, rrn, null, null, null, null, null), ec, time());
        }

        @Override
        public String toString() {
            // Pan.toString shows the BIN and last four only.
            return "Payment[" + event.sequence + ", " + event.scenario.id() + ", " + event.pan + ", " + event.amount + " JPY]";
        }
    }
}
