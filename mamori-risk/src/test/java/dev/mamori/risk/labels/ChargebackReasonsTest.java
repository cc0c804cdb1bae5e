package dev.mamori.risk.labels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChargebackReasonsTest {

    private static boolean fraud(CardNetwork network, String code) {
        return ChargebackReasons.find(network, code).orElseThrow(() -> new AssertionError(network + " " + code)).fraud();
    }

    @Test
    void visaFraudCodesAreTenOneToTenFiveAndDisputesAreNotFraud() {
        for (String code : new String[] {"10.1", "10.2", "10.3", "10.4", "10.5"}) {
            assertThat(fraud(CardNetwork.VISA, code)).as(code).isTrue();
        }
        for (String code : new String[] {"11.3", "12.6", "13.1", "13.3"}) {
            assertThat(fraud(CardNetwork.VISA, code)).as(code).isFalse();
        }
        assertThat(ChargebackReasons.find(CardNetwork.VISA, "10.6")).isEmpty();
    }

    @Test
    void mastercardAmexJcbDinersAndUnionpayFraudCodes() {
        for (String code : new String[] {"4837", "4840", "4849", "4863", "4870", "4871"}) {
            assertThat(fraud(CardNetwork.MASTERCARD, code)).as(code).isTrue();
        }
        assertThat(fraud(CardNetwork.MASTERCARD, "4853")).isFalse();
        for (String code : new String[] {"F10", "F14", "F24", "F29"}) {
            assertThat(fraud(CardNetwork.AMEX, code)).as(code).isTrue();
        }
        assertThat(fraud(CardNetwork.AMEX, "C08")).isFalse();
        assertThat(fraud(CardNetwork.JCB, "546")).isTrue();
        assertThat(fraud(CardNetwork.JCB, "502")).isFalse();
        assertThat(fraud(CardNetwork.DINERS, "UA02")).isTrue();
        assertThat(fraud(CardNetwork.UNIONPAY, "UA02")).isTrue();
        assertThat(fraud(CardNetwork.UNIONPAY, "RG")).isFalse();
    }

    @Test
    void everyNetworkHasFraudAndNonFraudCodesAndCodesAreNotSharedAcrossNetworksByAccident() {
        for (CardNetwork network : CardNetwork.values()) {
            assertThat(ChargebackReasons.of(network)).anyMatch(ChargebackReasons.Reason::fraud).anyMatch(r -> !r.fraud())
                    .allMatch(r -> r.network() == network);
        }
        assertThat(ChargebackReasons.find(CardNetwork.MASTERCARD, "10.4")).isEmpty();
        assertThat(ChargebackReasons.find(CardNetwork.AMEX, "f29")).isPresent();
        assertThat(ChargebackReasons.find(CardNetwork.AMEX, null)).isEmpty();
    }
}
