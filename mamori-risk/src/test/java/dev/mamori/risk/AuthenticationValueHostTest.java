package dev.mamori.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.risk.HostTestSupport.Issuer;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The host counts 3-D Secure as done only for a value that verifies for this payment and was not used before. */
class AuthenticationValueHostTest {
    private Issuer issuer;
    private String pan;

    @BeforeEach
    void issuerWithAStepUpRule() {
        issuer = new Issuer();
        issuer.openNew(1_000_000);
        pan = issuer.pans.get(0);
        issuer.activeRules("rule \"step up\" when amount >= 30000 then challenge \"high-value\"");
    }

    @Test
    void aValidValueWithEci05MakesTheChallengeAnApprovalAndShiftsLiability() {
        String value = issuer.authenticationValue(pan, 30_000, "05");
        Decision d = issuer.decide(issuer.request(pan).amount(30_000).threeDs("05", value, "Y"));

        assertThat(d.action()).isEqualTo(Action.APPROVE);
        assertThat(d.reasons()).containsExactly("high-value", "step-up-done");
        LoggedDecision logged = issuer.logged(d);
        assertThat(logged.threeDsValueCheck()).isEqualTo("valid");
        assertThat(logged.liabilityShift()).isTrue();
        assertThat(usedValues()).isEqualTo(1);
    }

    @Test
    void aRepeatedMessageGetsItsFirstAnswerButAnotherAuthorizationWithTheSameValueIsAReplay() {
        String value = issuer.authenticationValue(pan, 30_000, "05");
        HostTestSupport.Req first = issuer.request(pan).amount(30_000).threeDs("05", value, "Y");
        Decision original = issuer.decide(first);
        Decision repeated = issuer.decide(first);

        assertThat(repeated.duplicate()).isTrue();
        assertThat(repeated.id()).isEqualTo(original.id());
        assertThat(repeated.action()).isEqualTo(Action.APPROVE);

        Decision replay = issuer.decide(issuer.request(pan).amount(30_000).threeDs("05", value, "Y"));
        assertThat(replay.action()).isEqualTo(Action.DECLINE);
        assertThat(replay.responseCode()).isEqualTo(ResponseCode.SUSPECTED_FRAUD);
        assertThat(replay.reasons()).first().isEqualTo("3ds-value-replayed");
        assertThat(replay.reasons()).doesNotContain("step-up-done");
        LoggedDecision logged = issuer.logged(replay);
        assertThat(logged.threeDsValueCheck()).isEqualTo("replayed");
        assertThat(logged.liabilityShift()).isFalse();
        assertThat(logged.heldMinor()).isZero();
    }

    @Test
    void aForgedValueDeclinesAsSuspectedFraud() {
        Decision d = issuer.decide(issuer.request(pan).amount(30_000).threeDs("05", "AAABBEg0VhI0VniQEjRWAAAAAAA=", "Y"));

        assertThat(d.action()).isEqualTo(Action.DECLINE);
        assertThat(d.responseCode()).isEqualTo(ResponseCode.SUSPECTED_FRAUD);
        assertThat(d.reasons()).first().isEqualTo("3ds-value-forged");
        assertThat(issuer.logged(d).threeDsValueCheck()).isEqualTo("forged");
        assertThat(issuer.logged(d).liabilityShift()).isFalse();
        assertThat(usedValues()).isZero();
    }

    @Test
    void aGenuineValueForAnotherAmountMerchantOrCardIsNotAuthentication() {
        String value = issuer.authenticationValue(pan, 30_000, "05");
        issuer.openNew(1_000_000);
        String otherPan = issuer.pans.get(issuer.pans.size() - 1);
        Decision[] decisions = {
            issuer.decide(issuer.request(pan).amount(30_001).threeDs("05", value, "Y")),
            issuer.decide(issuer.request(pan).amount(30_000).merchant("SHOP002").threeDs("05", value, "Y")),
            issuer.decide(issuer.request(otherPan).amount(30_000).threeDs("05", value, "Y")),
        };
        for (Decision d : decisions) {
            assertThat(d.action()).isEqualTo(Action.CHALLENGE);
            assertThat(d.reasons()).containsExactly("high-value", "3ds-value-mismatch");
            assertThat(issuer.logged(d).threeDsValueCheck()).isEqualTo("mismatched");
            assertThat(issuer.logged(d).liabilityShift()).isFalse();
        }
        // Not consumed by the mismatches: the payment it was issued for still goes through.
        assertThat(issuer.decide(issuer.request(pan).amount(30_000).threeDs("05", value, "Y")).action()).isEqualTo(Action.APPROVE);
    }

    @Test
    void whenTheKeyProviderIsDownTheValueIsUnverifiedAndDoesNotCount() {
        String value = issuer.authenticationValue(pan, 30_000, "05");
        issuer.values.unavailable = true;
        Decision d = issuer.decide(issuer.request(pan).amount(30_000).threeDs("05", value, "Y"));

        assertThat(d.action()).isEqualTo(Action.CHALLENGE);
        assertThat(d.reasons()).containsExactly("high-value", "3ds-value-unverified");
        assertThat(issuer.logged(d).threeDsValueCheck()).isEqualTo("unverified");
    }

    @Test
    void aHostWithoutAVerifierNeverCountsAValueAsAuthentication() {
        String value = issuer.authenticationValue(pan, 30_000, "05");
        RiskModule bare = new RiskModule(issuer.db, issuer.fingerprinter, issuer.codes, issuer.clock, RiskModule.Settings.defaults());
        AuthorizationRequest request = issuer.request(pan).amount(30_000).threeDs("05", value, "Y").build(issuer.tenant,
                issuer.clock.instant());
        Decision d = bare.host().decide(request, "json");

        assertThat(d.action()).isEqualTo(Action.CHALLENGE);
        assertThat(d.reasons()).contains("3ds-value-unverified").doesNotContain("step-up-done");
        assertThat(issuer.values.calls).hasValue(0);
    }

    @Test
    void aValidValueWithEci07IsNeitherAuthenticationNorLiabilityShift() {
        String value = issuer.authenticationValue(pan, 30_000, "07");
        Decision d = issuer.decide(issuer.request(pan).amount(30_000).threeDs("07", value, "N"));
        assertThat(d.action()).isEqualTo(Action.CHALLENGE);
        assertThat(issuer.logged(d).liabilityShift()).isFalse();
    }

    @Test
    void ofTwoConcurrentAuthorizationsWithOneValueOnlyOneIsAuthenticated() throws Exception {
        for (int round = 0; round < 5; round++) {
            String value = issuer.authenticationValue(pan, 30_000, "05");
            HostTestSupport.Req a = issuer.request(pan).amount(30_000).threeDs("05", value, "Y");
            HostTestSupport.Req b = issuer.request(pan).amount(30_000).threeDs("05", value, "Y");
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                var first = pool.submit(() -> {
                    start.await();
                    return issuer.decide(a);
                });
                var second = pool.submit(() -> {
                    start.await();
                    return issuer.decide(b);
                });
                start.countDown();
                java.util.List<Decision> both = java.util.List.of(first.get(), second.get());
                assertThat(both).filteredOn(d -> d.action() == Action.APPROVE).as("round %d", round).hasSize(1);
                assertThat(both).filteredOn(d -> d.reasons().contains("3ds-value-replayed")).as("round %d", round).hasSize(1);
                assertThat(both.stream().map(d -> issuer.logged(d).threeDsValueCheck()).toList())
                        .containsExactlyInAnyOrder("valid", "replayed");
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(usedValues()).isEqualTo(5);
    }

    private int usedValues() {
        DataSource db = issuer.db;
        try (var c = db.getConnection(); var rs = c.createStatement().executeQuery("select count(*) from risk.authentication_values_used")) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}
