package dev.mamori.risk.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.InsecurePanAccess;
import dev.mamori.common.Luhn;
import dev.mamori.risk.features.MerchantCategories;
import dev.mamori.risk.lists.JapaneseAddressNormalizer;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {
    private final Merchants merchants = new Merchants();
    private final Population population = Population.generate(42, "412345678", 40, 2026, merchants);

    private TrafficGenerator.Traffic traffic(long seed, int transactions) {
        return new TrafficGenerator(population, merchants, seed, 7).generate(transactions);
    }

    private static String fingerprint(SimEvent e) {
        return e.sequence + "|" + e.offsetSeconds + "|" + e.scenario + "|" + e.actor + "|" + e.pan.reveal(InsecurePanAccess.get()) + "|"
                + e.amount + "|" + e.merchant.id() + "|" + e.deviceId + "|" + e.ip + "|" + e.email + "|" + e.deliveryAddress + "|" + e.eci;
    }

    @Test
    void theSameSeedGivesTheSameTrafficAndAnotherSeedOther() {
        List<String> a = traffic(5, 800).events.stream().map(TrafficGeneratorTest::fingerprint).toList();
        List<String> b = traffic(5, 800).events.stream().map(TrafficGeneratorTest::fingerprint).toList();
        assertThat(a).hasSize(800).isEqualTo(b);
        assertThat(traffic(6, 800).events.stream().map(TrafficGeneratorTest::fingerprint).toList()).isNotEqualTo(a);
    }

    @Test
    void everyEventIsLabelledAndTheSharesAreAsPlanned() {
        TrafficGenerator.Traffic t = traffic(1, 1000);
        assertThat(t.events).allSatisfy(e -> assertThat(e.scenario).isNotNull());
        assertThat(t.count(Scenario.CREDIT_MASTER)).isEqualTo(40);
        assertThat(t.count(Scenario.PHISHED_HIGH_RISK)).isEqualTo(60);
        assertThat(t.count(Scenario.ACCOUNT_TAKEOVER)).isEqualTo(40);
        assertThat(t.count(Scenario.RESHIPPING)).isEqualTo(40);
        assertThat(t.count(Scenario.LEGIT)).isEqualTo(820);
        assertThat(t.events).isSortedAccordingTo((x, y) -> Long.compare(x.offsetSeconds, y.offsetSeconds));
        assertThat(t.events.get(0).sequence).isEqualTo(1);
        // Fraud comes after the first third of the period, when the cards have a history.
        assertThat(t.events.stream().filter(e -> e.scenario.fraud())).allSatisfy(e -> assertThat(e.offsetSeconds).isGreaterThanOrEqualTo(7 * 86_400 * 35 / 100));
    }

    @Test
    void legitimateTrafficIsMostlyEcAtUsualMerchantsFromTheCardholdersOwnDevices() {
        List<SimEvent> legit = traffic(2, 2000).events.stream().filter(e -> e.scenario == Scenario.LEGIT).toList();
        double ec = legit.stream().filter(e -> e.channel == SimEvent.Channel.EC).count() / (double) legit.size();
        assertThat(ec).isBetween(0.5, 0.7);
        for (SimEvent e : legit) {
            Cardholder c = population.cardholders.get(e.cardholder);
            assertThat(e.pan).isSameAs(c.pan);
            assertThat(e.expiry).isEqualTo(c.expiry);
            if (e.channel == SimEvent.Channel.EC) {
                assertThat(c.devices).contains(e.deviceId);
                assertThat(e.ip).isIn(c.homeIp, c.mobileIp);
                assertThat(e.email).isEqualTo(c.email);
                assertThat(e.securityCode).isEqualTo(c.securityCode);
                if (e.deliveryAddress != null) {
                    assertThat(e.deliveryAddress).isIn(c.home.standard(), c.giftAddress == null ? null : c.giftAddress.standard());
                }
                if (e.eci != null) {
                    assertThat(e.eci).isEqualTo("05");
                    assertThat(e.authenticationValue).as("no issuer key, so no value it cannot compute").isNull();
                }
            } else {
                assertThat(e.deviceId).isNull();
                assertThat(e.securityCode).isNull();
            }
        }
        assertThat(legit.stream().filter(e -> e.eci != null).count()).isPositive();
        assertThat(legit.stream().map(e -> e.merchant.mcc()).collect(Collectors.toSet()))
                .contains("5411", "5499", "5812", "5999", "5310", "5816", "5732", "7011", "4722");
        // Supermarkets at night are rare: the time-of-day profile is Tokyo's.
        long lateSupermarket = legit.stream().filter(e -> e.merchant.mcc().equals("5411") && (e.offsetSeconds % 86_400) / 3600 < 6).count();
        assertThat(lateSupermarket).isZero();
    }

    @Test
    void theCreditMasterBurstIsOneDeviceWalkingNeighbouringLuhnValidNumbersOfTheBinWithSmallAmounts() {
        List<SimEvent> probes = traffic(3, 600).events.stream().filter(e -> e.scenario == Scenario.CREDIT_MASTER).toList();
        assertThat(probes).hasSize(36);
        assertThat(probes.stream().map(e -> e.deviceId).distinct()).hasSize(1);
        assertThat(probes.stream().map(e -> e.ip).distinct()).hasSize(1);
        assertThat(probes).allSatisfy(e -> {
            String pan = e.pan.reveal(InsecurePanAccess.get());
            assertThat(pan).startsWith("412345678");
            assertThat(Luhn.isValid(pan)).isTrue();
            assertThat(e.amount).isBetween(100L, 500L);
            assertThat(e.expiry).isNull();
            assertThat(e.merchant).isEqualTo(merchants.testingGround);
        });
        long first = Long.parseLong(probes.get(0).pan.reveal(InsecurePanAccess.get()).substring(9, 15));
        for (int i = 0; i < probes.size(); i++) {
            assertThat(Long.parseLong(probes.get(i).pan.reveal(InsecurePanAccess.get()).substring(9, 15))).isEqualTo(first + i);
        }
        // Many guesses are nobody's card, some are real ones.
        assertThat(probes.stream().filter(e -> e.cardholder < 0).count()).isGreaterThan(probes.size() / 4);
        assertThat(probes.stream().filter(e -> e.cardholder >= 0).count()).isPositive();
    }

    @Test
    void fraudScenariosUseTheirOwnDevicesHighRiskGoodsAndDropAddresses() {
        TrafficGenerator.Traffic t = traffic(4, 1000);
        MerchantCategories categories = MerchantCategories.standard();
        for (SimEvent e : t.events) {
            if (!e.scenario.fraud() || e.scenario == Scenario.CREDIT_MASTER) {
                continue;
            }
            Cardholder c = population.cardholders.get(e.cardholder);
            assertThat(c.devices).as("a new device").doesNotContain(e.deviceId);
            assertThat(e.eci).as("no 3-D Secure").isNull();
            switch (e.scenario) {
                case PHISHED_HIGH_RISK -> {
                    assertThat(categories.highRisk(e.merchant.mcc())).isTrue();
                    assertThat(e.email).isNotEqualTo(c.email);
                    assertThat(e.ip).doesNotStartWith("126.");
                }
                case ACCOUNT_TAKEOVER -> {
                    assertThat(e.email).isEqualTo(c.email);
                    assertThat(JapaneseAddressNormalizer.normalize(e.deliveryAddress))
                            .isNotEqualTo(JapaneseAddressNormalizer.normalize(c.home.standard()));
                }
                default -> assertThat(e.email).isNotEqualTo(c.email);
            }
        }
        List<SimEvent> reshipped = t.events.stream().filter(e -> e.scenario == Scenario.RESHIPPING).toList();
        Set<String> spellings = reshipped.stream().map(e -> e.deliveryAddress).collect(Collectors.toSet());
        Set<String> keys = reshipped.stream().map(e -> JapaneseAddressNormalizer.normalize(e.deliveryAddress)).collect(Collectors.toSet());
        assertThat(keys).hasSizeBetween(2, 3);
        assertThat(spellings.size()).isGreaterThan(keys.size() * 2);
        assertThat(reshipped.stream().map(e -> e.cardholder).distinct().count()).isGreaterThanOrEqualTo(3);
        // The victims of different scenarios are different cards.
        Set<Integer> phished = t.events.stream().filter(e -> e.scenario == Scenario.PHISHED_HIGH_RISK).map(e -> e.cardholder)
                .collect(Collectors.toSet());
        assertThat(reshipped.stream().map(e -> e.cardholder)).doesNotContainAnyElementsOf(phished);
    }

    @Test
    void noFieldTheServerScreensForCardNumbersLooksLikeOne() {
        // The API refuses device ids, e-mails and addresses that contain a card number (422).
        for (SimEvent e : traffic(8, 3000).events) {
            for (String value : new String[] {e.deviceId, e.email, e.deliveryAddress, e.ip, e.merchant.id(), e.merchant.name()}) {
                if (value != null) {
                    assertThat(dev.mamori.common.CardNumberDetector.containsCardNumber(value)).as(value).isFalse();
                }
            }
        }
    }

    @Test
    void tinyRunsLeaveOutWhatTheyCannotHold() {
        Population few = Population.generate(1, "412345678", 3, 2026, merchants);
        TrafficGenerator.Traffic t = new TrafficGenerator(few, merchants, 1, 1).generate(50);
        assertThat(t.events).hasSize(50);
        assertThat(t.count(Scenario.CREDIT_MASTER)).isZero();
        assertThat(t.count(Scenario.RESHIPPING)).isZero();
        assertThat(t.count(Scenario.LEGIT)).isEqualTo(50);
    }
}
