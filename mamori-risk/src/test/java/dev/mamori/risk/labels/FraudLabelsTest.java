package dev.mamori.risk.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.common.TenantId;
import dev.mamori.risk.Channel;
import dev.mamori.risk.labels.LabelsFixture.Card;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Labels from every source, and {@link FraudLabels#known}: what someone at a cut-off could know, never more. */
class FraudLabelsTest {
    private static final Duration DAY = Duration.ofDays(1);

    private final LabelsFixture fx = new LabelsFixture();
    private final TenantId tenant = TenantId.random();
    private final Instant from = LabelsFixture.START.minus(DAY);
    private final Instant to = LabelsFixture.START.plus(Duration.ofDays(365));

    private Map<UUID, Boolean> knownAt(Instant asOf) {
        return fx.labels().known(tenant, from, to, asOf);
    }

    private static void assertInvalid(ThrowingCallable call, String field, String rule) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidLabelException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.rule()).isEqualTo(rule);
        });
    }

    @Test
    void aChargebackKnownAfterTheCutOffDoesNotCountAtTheCutOff() {
        Card card = fx.card(tenant);
        UUID auth = fx.authorize(card);
        Instant cutOff = LabelsFixture.START.plus(Duration.ofDays(10));
        fx.clock.advance(Duration.ofDays(40));
        FraudLabel label = fx.labels().chargeback(tenant, auth, "visa", "10.4", LabelsFixture.START.plus(Duration.ofDays(30)), "ops", null);

        assertThat(label.fraud()).isTrue();
        assertThat(label.source()).isEqualTo(LabelSource.CHARGEBACK);
        assertThat(knownAt(cutOff)).doesNotContainKey(auth);
        assertThat(knownAt(LabelsFixture.START.plus(Duration.ofDays(30)))).containsEntry(auth, true);
    }

    @Test
    void aRetractionAfterTheCutOffDoesNotUndoTheLabelAtTheCutOff() {
        Card card = fx.card(tenant);
        UUID auth = fx.authorize(card);
        fx.clock.advance(DAY);
        FraudLabel label = fx.labels().confirm(tenant, List.of(auth), true, null, "analyst-1", "confirmed by phone").get(0);
        fx.clock.advance(Duration.ofDays(5));
        Instant beforeRetraction = fx.clock.instant();
        fx.clock.advance(DAY);
        FraudLabel retracted = fx.labels().retract(tenant, label.id(), "analyst-2").orElseThrow();

        assertThat(retracted.retractedAt()).isEqualTo(fx.clock.instant());
        assertThat(retracted.retractedBy()).isEqualTo("analyst-2");
        assertThat(knownAt(beforeRetraction)).containsEntry(auth, true);
        assertThat(knownAt(fx.clock.instant())).doesNotContainKey(auth);
        assertThat(fx.labels().ofDecision(tenant, auth)).singleElement().satisfies(l -> assertThat(l.retractedAt()).isNotNull());
    }

    @Test
    void aLaterLegitimateOverridesAnEarlierFraud() {
        Card card = fx.card(tenant);
        UUID auth = fx.authorize(card);
        fx.clock.advance(DAY);
        fx.labels().notMe(tenant, card.id(), List.of(auth), null, "call-centre", null);
        Instant afterReport = fx.clock.instant();
        fx.clock.advance(Duration.ofDays(3));
        fx.labels().confirm(tenant, List.of(auth), false, null, "analyst-1", "family member's purchase");

        assertThat(knownAt(afterReport)).containsEntry(auth, true);
        assertThat(knownAt(fx.clock.instant())).containsEntry(auth, false);
    }

    @Test
    void theLabelKnownLastStandsWhicheverWasRecordedLast() {
        Card card = fx.card(tenant);
        UUID auth = fx.authorize(card);
        fx.clock.advance(Duration.ofDays(20));
        // Recorded in this order, but the chargeback (legitimate: consumer dispute) was known later than the report.
        fx.labels().chargeback(tenant, auth, "mastercard", "4853", LabelsFixture.START.plus(Duration.ofDays(15)), "ops", null);
        fx.labels().notMe(tenant, card.id(), List.of(auth), LabelsFixture.START.plus(Duration.ofDays(2)), "call-centre", null);

        assertThat(knownAt(LabelsFixture.START.plus(Duration.ofDays(10)))).containsEntry(auth, true);
        assertThat(knownAt(fx.clock.instant())).containsEntry(auth, false);
    }

    @Test
    void knownForCardIsKnownRestrictedToThatCardsDecisions() {
        Card card = fx.card(tenant);
        Card other = fx.card(tenant);
        UUID fraud = fx.authorize(card);
        UUID cleared = fx.authorize(card);
        UUID othersFraud = fx.authorize(other);
        fx.clock.advance(DAY);
        fx.labels().confirm(tenant, List.of(fraud, othersFraud), true, null, "a", null);
        fx.labels().confirm(tenant, List.of(cleared), true, null, "a", null);
        fx.clock.advance(DAY);
        fx.labels().confirm(tenant, List.of(cleared), false, null, "a", null);

        Instant now = fx.clock.instant();
        Map<UUID, Boolean> forCard = fx.labels().knownForCard(tenant, card.id(), from, to, now);
        assertThat(forCard).containsOnlyKeys(fraud, cleared).containsEntry(fraud, true).containsEntry(cleared, false);
        Map<UUID, Boolean> all = knownAt(now);
        assertThat(forCard).allSatisfy((id, isFraud) -> assertThat(all).containsEntry(id, isFraud));
        assertThat(fx.labels().knownForCard(TenantId.random(), card.id(), from, to, now)).as("another tenant").isEmpty();
    }

    @Test
    void knownReadsOnlyThePeriodsDecisionsOfTheTenant() {
        Card card = fx.card(tenant);
        UUID early = fx.authorize(card);
        fx.clock.advance(Duration.ofDays(10));
        UUID late = fx.authorize(card);
        TenantId other = TenantId.random();
        Card othersCard = fx.card(other);
        UUID othersAuth = fx.authorize(othersCard);
        fx.clock.advance(DAY);
        fx.labels().confirm(tenant, List.of(early, late), true, null, "a", null);
        fx.labels().confirm(other, List.of(othersAuth), true, null, "b", null);

        Map<UUID, Boolean> firstWeek = fx.labels().known(tenant, LabelsFixture.START, LabelsFixture.START.plus(Duration.ofDays(7)),
                fx.clock.instant());
        assertThat(firstWeek).containsOnlyKeys(early);
        assertThat(knownAt(fx.clock.instant())).containsOnlyKeys(early, late);
        assertThat(fx.labels().known(other, from, to, fx.clock.instant())).containsOnlyKeys(othersAuth);
    }

    @Test
    void notMeNamesTheAuthorizationOfAnotherCardAndWritesNothing() {
        Card card = fx.card(tenant);
        Card otherCard = fx.card(tenant);
        UUID mine = fx.authorize(card);
        UUID notThisCard = fx.authorize(otherCard);
        fx.clock.advance(DAY);

        assertInvalid(() -> fx.labels().notMe(tenant, card.id(), List.of(mine, notThisCard), null, "cc", null),
                "authorizationIds[1]", "same-card");
        assertThat(fx.labels().search(tenant, FraudLabels.Query.ALL, 100)).isEmpty();
    }

    @Test
    void anotherTenantsAuthorizationIsUnknownAndFailsTheBatch() {
        Card card = fx.card(tenant);
        UUID mine = fx.authorize(card);
        TenantId other = TenantId.random();
        UUID theirs = fx.authorize(fx.card(other));
        fx.clock.advance(DAY);

        assertInvalid(() -> fx.labels().confirm(tenant, List.of(mine, theirs), true, null, "a", null), "authorizationIds[1]", "exists");
        assertInvalid(() -> fx.labels().confirm(tenant, List.of(UUID.randomUUID()), true, null, "a", null), "authorizationIds[0]",
                "exists");
        assertInvalid(() -> fx.labels().chargeback(tenant, theirs, "visa", "10.4", null, "a", null), "authorizationId", "exists");
        assertInvalid(() -> fx.labels().notMe(tenant, fx.card(other).id(), List.of(theirs), null, "a", null), "cardId", "exists");
        assertThat(fx.labels().search(tenant, FraudLabels.Query.ALL, 100)).isEmpty();
        assertThat(fx.labels().search(other, FraudLabels.Query.ALL, 100)).isEmpty();
    }

    @Test
    void batchesAreCheckedForRepeatsSizeAndEmptiness() {
        Card card = fx.card(tenant);
        UUID auth = fx.authorize(card);
        assertInvalid(() -> fx.labels().confirm(tenant, List.of(auth, auth), true, null, "a", null), "authorizationIds[1]", "unique");
        assertInvalid(() -> fx.labels().confirm(tenant, List.of(), true, null, "a", null), "authorizationIds", "required");
        assertInvalid(() -> fx.labels().confirm(tenant, java.util.Collections.nCopies(FraudLabels.MAX_BATCH + 1, auth), true, null, "a",
                null), "authorizationIds", "max-size");
        assertInvalid(() -> fx.labels().confirm(tenant, List.of(auth), true, null, "a", "x".repeat(FraudLabels.MAX_NOTE + 1)), "note",
                "max-length");
    }

    @Test
    void knownAtIsNeitherInTheFutureNorBeforeTheAuthorization() {
        Card card = fx.card(tenant);
        UUID auth = fx.authorize(card);
        assertInvalid(() -> fx.labels().confirm(tenant, List.of(auth), true, fx.clock.instant().plus(DAY), "a", null), "knownAt",
                "not-future");
        assertInvalid(() -> fx.labels().confirm(tenant, List.of(auth), true, fx.clock.instant().minusSeconds(60), "a", null), "knownAt",
                "after-authorization");
    }

    @Test
    void chargebackReasonCodesDecideFraudOrNotAndAreCheckedPerNetwork() {
        Card card = fx.card(tenant);
        UUID a = fx.authorize(card);
        UUID b = fx.authorize(card);
        UUID c = fx.authorize(card);
        fx.clock.advance(DAY);

        FraudLabel amexFraud = fx.labels().chargeback(tenant, a, "AMEX", " f29 ", null, "ops", null);
        FraudLabel visaConsumer = fx.labels().chargeback(tenant, b, "visa", "13.1", null, "ops", "goods not received");
        FraudLabel jcbFraud = fx.labels().chargeback(tenant, c, "jcb", "546", null, "ops", null);

        assertThat(amexFraud.fraud()).isTrue();
        assertThat(amexFraud.reasonCode()).isEqualTo("F29");
        assertThat(amexFraud.network()).isEqualTo(CardNetwork.AMEX);
        assertThat(visaConsumer.fraud()).isFalse();
        assertThat(jcbFraud.fraud()).isTrue();
        assertThat(knownAt(fx.clock.instant())).containsEntry(a, true).containsEntry(b, false).containsEntry(c, true);

        assertInvalid(() -> fx.labels().chargeback(tenant, a, "visa", "4837", null, "ops", null), "reasonCode", "network-code");
        assertInvalid(() -> fx.labels().chargeback(tenant, a, "discover-ish", "10.4", null, "ops", null), "network", "one-of");
        assertInvalid(() -> fx.labels().chargeback(tenant, a, null, "10.4", null, "ops", null), "network", "one-of");
    }

    @Test
    void aCompromisedCardLabelsItsCardNotPresentUseSinceExposure() {
        Card card = fx.card(tenant);
        UUID beforeExposure = fx.authorize(card);
        fx.clock.advance(Duration.ofDays(2));
        Instant exposed = fx.clock.instant();
        UUID ec = fx.authorize(card, Channel.ECOMMERCE);
        UUID moto = fx.authorize(card, Channel.MAIL_TELEPHONE);
        UUID atTheShop = fx.authorize(card, Channel.FACE_TO_FACE);
        UUID alreadyLegit = fx.authorize(card);
        Card otherCard = fx.card(tenant);
        UUID otherCards = fx.authorize(otherCard);
        fx.clock.advance(DAY);
        fx.labels().confirm(tenant, List.of(alreadyLegit), false, null, "analyst", null);
        fx.clock.advance(DAY);

        List<FraudLabel> made = fx.labels().compromised(tenant, card.id(), exposed, null, "ops", "brand compromised-account alert");

        assertThat(made).extracting(FraudLabel::decisionId).containsExactlyInAnyOrder(ec, moto);
        assertThat(made).allSatisfy(l -> {
            assertThat(l.source()).isEqualTo(LabelSource.COMPROMISED);
            assertThat(l.fraud()).isTrue();
            assertThat(l.knownAt()).isEqualTo(fx.clock.instant());
        });
        Map<UUID, Boolean> now = knownAt(fx.clock.instant());
        assertThat(now).containsEntry(ec, true).containsEntry(moto, true).containsEntry(alreadyLegit, false)
                .doesNotContainKeys(beforeExposure, atTheShop, otherCards);

        fx.clock.advance(DAY);
        fx.labels().confirm(tenant, List.of(ec), false, null, "analyst", "cardholder's own order");
        assertThat(knownAt(fx.clock.instant())).containsEntry(ec, false).containsEntry(moto, true);
    }

    @Test
    void compromisedNeedsAnExposureNotAfterItWasKnown() {
        Card card = fx.card(tenant);
        assertInvalid(() -> fx.labels().compromised(tenant, card.id(), null, null, "ops", null), "exposedSince", "required");
        assertInvalid(() -> fx.labels().compromised(tenant, card.id(), fx.clock.instant().plus(DAY), fx.clock.instant(), "ops", null),
                "exposedSince", "not-after-known");
        assertInvalid(() -> fx.labels().compromised(tenant, UUID.randomUUID(), fx.clock.instant(), null, "ops", null), "cardId", "exists");
    }

    @Test
    void aLabelIsRetractedOnceAndOnlyByItsTenant() {
        Card card = fx.card(tenant);
        UUID auth = fx.authorize(card);
        FraudLabel label = fx.labels().confirm(tenant, List.of(auth), true, null, "a", null).get(0);

        assertThat(fx.labels().retract(TenantId.random(), label.id(), "intruder")).isEmpty();
        assertThat(fx.labels().get(tenant, label.id()).orElseThrow().retractedAt()).isNull();
        assertThat(fx.labels().retract(tenant, UUID.randomUUID(), "a")).isEmpty();
        assertThat(fx.labels().retract(tenant, label.id(), "a")).isPresent();
        assertInvalid(() -> fx.labels().retract(tenant, label.id(), "a"), "id", "not-retracted");
    }

    @Test
    void liabilityShiftedNamesOnlyTheTenantsAuthorizationsLoggedWithTheShift() throws Exception {
        Card card = fx.card(tenant);
        UUID shifted = fx.authorize(card);
        UUID plain = fx.authorize(card);
        TenantId other = TenantId.random();
        UUID theirs = fx.authorize(fx.card(other));
        try (var c = fx.db.getConnection();
             var ps = c.prepareStatement("update risk.decisions set liability_shift = true where id in (?, ?)")) {
            ps.setObject(1, shifted);
            ps.setObject(2, theirs);
            ps.executeUpdate();
        }

        assertThat(fx.labels().liabilityShifted(tenant, List.of(shifted, plain, theirs, shifted))).containsExactly(shifted);
        assertThat(fx.labels().liabilityShifted(tenant, List.of())).isEmpty();
    }

    @Test
    void searchFiltersBySourceCardAndAuthorization() {
        Card card = fx.card(tenant);
        Card other = fx.card(tenant);
        UUID a = fx.authorize(card);
        UUID b = fx.authorize(other);
        fx.clock.advance(DAY);
        fx.labels().notMe(tenant, card.id(), List.of(a), null, "cc", null);
        fx.clock.advance(DAY);
        fx.labels().chargeback(tenant, b, "diners", "UA02", null, "ops", null);

        assertThat(fx.labels().search(tenant, FraudLabels.Query.ALL, 10)).extracting(FraudLabel::decisionId).containsExactly(b, a);
        assertThat(fx.labels().search(tenant, new FraudLabels.Query(null, card.id(), null, null, null), 10)).extracting(
                FraudLabel::decisionId).containsExactly(a);
        assertThat(fx.labels().search(tenant, new FraudLabels.Query(null, null, LabelSource.CHARGEBACK, null, null), 10)).extracting(
                FraudLabel::decisionId).containsExactly(b);
        assertThat(fx.labels().search(tenant, new FraudLabels.Query(b, null, null, null, null), 10)).hasSize(1);
        assertThat(fx.labels().search(tenant, new FraudLabels.Query(null, null, null, null, fx.clock.instant()), 10)).extracting(
                FraudLabel::decisionId).containsExactly(a);
        assertThat(fx.labels().search(tenant, FraudLabels.Query.ALL, 1)).hasSize(1);
    }

    @Test
    void aLabelCountsFromTheInstantItIsKnownAndStopsAtTheInstantItIsRetracted() {
        Card card = fx.card(tenant);
        UUID auth = fx.authorize(card);
        fx.clock.advance(DAY);
        Instant known = fx.clock.instant();
        FraudLabel label = fx.labels().confirm(tenant, List.of(auth), true, known, "a", null).get(0);
        fx.clock.advance(DAY);
        Instant retractedAt = fx.clock.instant();
        fx.labels().retract(tenant, label.id(), "b");

        assertThat(knownAt(known.minusMillis(1))).doesNotContainKey(auth);
        assertThat(knownAt(known)).containsEntry(auth, true);
        assertThat(knownAt(retractedAt.minusMillis(1))).containsEntry(auth, true);
        assertThat(knownAt(retractedAt)).doesNotContainKey(auth);
    }

    @Test
    void aRetractedLaterLabelLetsTheEarlierOneStandAgain() {
        Card card = fx.card(tenant);
        UUID auth = fx.authorize(card);
        fx.clock.advance(DAY);
        fx.labels().notMe(tenant, card.id(), List.of(auth), null, "cc", null);
        fx.clock.advance(DAY);
        FraudLabel legit = fx.labels().confirm(tenant, List.of(auth), false, null, "a", null).get(0);
        Instant whileLegit = fx.clock.instant();
        fx.clock.advance(DAY);
        fx.labels().retract(tenant, legit.id(), "a");

        assertThat(knownAt(whileLegit)).containsEntry(auth, false);
        assertThat(knownAt(fx.clock.instant())).containsEntry(auth, true);
    }
}
