package dev.mamori.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.risk.HostTestSupport.Issuer;
import dev.mamori.risk.HostTestSupport.Req;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Holds against the credit limit and their release by reversals, through the host and the database. */
class OpenToBuyTest {

    @Test
    void concurrentApprovalsNeverOverdrawTheLimit() throws Exception {
        Issuer issuer = new Issuer();
        CardAccount card = issuer.openNew(100_000);
        String pan = issuer.pans.get(0);
        int threads = 12;
        int perThread = 8;
        List<Req> requests = new ArrayList<>();
        for (int i = 0; i < threads * perThread; i++) {
            requests.add(issuer.request(pan).amount(7_000));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Decision>>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                List<Req> mine = requests.subList(t * perThread, (t + 1) * perThread);
                Callable<List<Decision>> work = () -> {
                    go.await();
                    List<Decision> out = new ArrayList<>();
                    for (Req req : mine) {
                        out.add(issuer.decide(req));
                    }
                    return out;
                };
                futures.add(pool.submit(work));
            }
            go.countDown();
            List<Decision> all = new ArrayList<>();
            for (Future<List<Decision>> f : futures) {
                all.addAll(f.get());
            }
            List<Decision> approved = all.stream().filter(Decision::approved).toList();
            // 14 × 7,000 = 98,000 fits in 100,000; a 15th would not.
            assertThat(approved).hasSize(14);
            assertThat(all).filteredOn(d -> !d.approved()).extracting(Decision::responseCode)
                    .containsOnly(ResponseCode.INSUFFICIENT_FUNDS);
            assertThat(all).filteredOn(d -> !d.approved()).allSatisfy(d -> assertThat(d.reasons()).containsExactly("over-limit"));
            long heldByLog = approved.stream().mapToLong(d -> issuer.logged(d).heldMinor()).sum();
            assertThat(heldByLog).isEqualTo(98_000);
            assertThat(issuer.account(card).heldMinor()).isEqualTo(98_000);
            assertThat(issuer.module.decisionLog().timeline(issuer.tenant, card.id(), 1000)).hasSize(threads * perThread);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReversalReleasesOnceAndASecondOneIsAlreadyReversed() {
        Issuer issuer = new Issuer();
        CardAccount card = issuer.openNew(100_000);
        String pan = issuer.pans.get(0);
        Req first = issuer.request(pan).amount(30_000);
        Decision original = issuer.decide(first);
        issuer.decide(issuer.request(pan).amount(20_000));
        assertThat(issuer.account(card).heldMinor()).isEqualTo(50_000);

        Decision reversal = issuer.decide(issuer.request(pan).amount(30_000).reversalOf(first.stan, first.rrn));
        assertThat(reversal.responseCode()).isEqualTo(ResponseCode.APPROVED);
        assertThat(reversal.kind()).isEqualTo(MessageKind.REVERSAL);
        assertThat(reversal.reasons()).containsExactly("released");
        assertThat(issuer.account(card).heldMinor()).isEqualTo(20_000);
        assertThat(issuer.logged(original).reversedAt()).isEqualTo(HostTestSupport.START);
        assertThat(issuer.logged(reversal).originalId()).isEqualTo(original.id());

        // Another 0400 for the same original (its own STAN, so not a repeated message).
        Decision again = issuer.decide(issuer.request(pan).amount(30_000).reversalOf(first.stan, first.rrn));
        assertThat(again.duplicate()).isFalse();
        assertThat(again.responseCode()).isEqualTo(ResponseCode.APPROVED);
        assertThat(again.reasons()).containsExactly("already-reversed");
        assertThat(issuer.account(card).heldMinor()).as("the other hold stays").isEqualTo(20_000);

        // The JSON interface, by id: the original is already reversed.
        Decision byId = issuer.host().reverse(issuer.logged(original), issuer.clock.instant(), "json");
        assertThat(byId.reasons()).containsExactly("already-reversed");
        assertThat(issuer.account(card).heldMinor()).isEqualTo(20_000);
    }

    @Test
    void reversingByIdTwiceAnswersTheFirstReversal() {
        Issuer issuer = new Issuer();
        CardAccount card = issuer.openNew(100_000);
        String pan = issuer.pans.get(0);
        Decision original = issuer.decide(issuer.request(pan).amount(30_000));
        issuer.decide(issuer.request(pan).amount(20_000));
        LoggedDecision row = issuer.logged(original);
        Decision first = issuer.host().reverse(row, issuer.clock.instant(), "json");
        Decision second = issuer.host().reverse(row, issuer.clock.instant(), "json");
        assertThat(first.reasons()).containsExactly("released");
        assertThat(second.duplicate()).isTrue();
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(issuer.account(card).heldMinor()).isEqualTo(20_000);
    }

    @Test
    void aReversalOfAnUnknownOriginalIsApprovedAndReleasesNothing() {
        Issuer issuer = new Issuer();
        CardAccount card = issuer.openNew(100_000);
        String pan = issuer.pans.get(0);
        issuer.decide(issuer.request(pan).amount(30_000));
        Decision reversal = issuer.decide(issuer.request(pan).amount(30_000).reversalOf("999999", "R99999999999"));
        assertThat(reversal.responseCode()).isEqualTo(ResponseCode.APPROVED);
        assertThat(reversal.reasons()).containsExactly("original-not-found");
        assertThat(issuer.logged(reversal).originalId()).isNull();
        assertThat(issuer.account(card).heldMinor()).isEqualTo(30_000);
    }

    @Test
    void aReversalVoidsTheWholeAuthorizationWhateverAmountItCarries() {
        Issuer issuer = new Issuer();
        CardAccount card = issuer.openNew(100_000);
        String pan = issuer.pans.get(0);
        Req first = issuer.request(pan).amount(30_000);
        issuer.decide(first);
        Req second = issuer.request(pan).amount(20_000);
        issuer.decide(second);
        issuer.decide(issuer.request(pan).amount(10_000));
        assertThat(issuer.account(card).heldMinor()).isEqualTo(60_000);

        // Partial reversals (field 95) are not supported: a 0400 releases what the original held, once.
        issuer.decide(issuer.request(pan).amount(12_000).reversalOf(first.stan, first.rrn));
        assertThat(issuer.account(card).heldMinor()).as("all 30,000 released").isEqualTo(30_000);

        Decision tooMuch = issuer.decide(issuer.request(pan).amount(90_000).reversalOf(second.stan, second.rrn));
        assertThat(tooMuch.reasons()).containsExactly("released");
        assertThat(issuer.account(card).heldMinor()).as("only the 20,000 it held, not 90,000").isEqualTo(10_000);
    }

    @Test
    void aReversalThatArrivesBeforeItsOriginalVoidsTheLateOriginal() {
        Issuer issuer = new Issuer();
        CardAccount card = issuer.openNew(100_000);
        String pan = issuer.pans.get(0);
        Req late = issuer.request(pan).amount(30_000);
        Decision reversal = issuer.decide(issuer.request(pan).amount(30_000).reversalOf(late.stan, late.rrn));
        assertThat(reversal.reasons()).containsExactly("original-not-found");
        Decision original = issuer.decide(late);
        assertThat(original.responseCode()).isEqualTo(ResponseCode.DO_NOT_HONOUR);
        assertThat(original.reasons()).containsExactly("reversed-before-arrival");
        assertThat(issuer.account(card).heldMinor()).isZero();
    }

    @Test
    void traceNumbersReusedForAnotherCardOrAmountAreNotARepeat() {
        Issuer issuer = new Issuer();
        issuer.openNew(100_000);
        issuer.openNew(100_000);
        Req first = issuer.request(issuer.pans.get(0)).amount(1_000);
        assertThat(issuer.decide(first).responseCode()).isEqualTo(ResponseCode.APPROVED);
        Decision otherAmount = issuer.decide(issuer.request(issuer.pans.get(0)).amount(2_000).stan(first.stan).rrn(first.rrn));
        assertThat(otherAmount.responseCode()).isEqualTo(ResponseCode.DUPLICATE_TRANSMISSION);
        assertThat(otherAmount.duplicate()).isFalse();
        Decision otherCard = issuer.decide(issuer.request(issuer.pans.get(1)).amount(1_000).stan(first.stan).rrn(first.rrn));
        assertThat(otherCard.responseCode()).isEqualTo(ResponseCode.DUPLICATE_TRANSMISSION);
        assertThat(issuer.decide(first).duplicate()).isTrue();
    }

    @Test
    void aDeclinedOriginalHasNothingToRelease() {
        Issuer issuer = new Issuer();
        CardAccount card = issuer.openNew(10_000);
        String pan = issuer.pans.get(0);
        issuer.decide(issuer.request(pan).amount(8_000));
        Req declined = issuer.request(pan).amount(5_000);
        assertThat(issuer.decide(declined).responseCode()).isEqualTo(ResponseCode.INSUFFICIENT_FUNDS);
        Decision reversal = issuer.decide(issuer.request(pan).amount(5_000).reversalOf(declined.stan, declined.rrn));
        assertThat(reversal.reasons()).containsExactly("nothing-held");
        assertThat(issuer.account(card).heldMinor()).isEqualTo(8_000);
    }

    @Test
    void aZeroAmountVerificationApprovesWithoutHoldingEvenWhenTheLimitIsUsedUp() {
        Issuer issuer = new Issuer();
        CardAccount card = issuer.openNew(10_000);
        String pan = issuer.pans.get(0);
        assertThat(issuer.decide(issuer.request(pan).amount(10_000)).approved()).isTrue();
        Decision verification = issuer.decide(issuer.request(pan).amount(0).code(HostTestSupport.RIGHT_CODE));
        assertThat(verification.responseCode()).isEqualTo(ResponseCode.APPROVED);
        assertThat(verification.approvalCode()).hasSize(6);
        assertThat(issuer.logged(verification).heldMinor()).isZero();
        assertThat(issuer.account(card).heldMinor()).isEqualTo(10_000);
        assertThat(issuer.decide(issuer.request(pan).amount(1)).responseCode()).isEqualTo(ResponseCode.INSUFFICIENT_FUNDS);
    }

    @Test
    void aCurrencyOtherThanTheCardsIsAnInvalidTransaction() {
        Issuer issuer = new Issuer();
        CardAccount card = issuer.openNew(100_000);
        Decision usd = issuer.decide(issuer.request(issuer.pans.get(0)).amount(1_000).currency("USD"));
        assertThat(usd.responseCode()).isEqualTo(ResponseCode.INVALID_TRANSACTION);
        assertThat(usd.reasons()).containsExactly("currency-not-supported");
        assertThat(usd.approvalCode()).isNull();
        assertThat(issuer.account(card).heldMinor()).isZero();
    }
}
