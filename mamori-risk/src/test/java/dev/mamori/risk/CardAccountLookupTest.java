package dev.mamori.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import org.junit.jupiter.api.Test;

/** {@link CardAccounts#byFingerprint}: the one lookup the 3-D Secure risk decision uses for its card. */
class CardAccountLookupTest {
    private final HostTestSupport.Issuer issuer = new HostTestSupport.Issuer();

    @Test
    void findsTheTenantsAccountByTheFingerprintOfItsNumberAndNothingElse() {
        // Same last four digits: the lookup must not pick a sibling.
        String pan = HostTestSupport.Issuer.pan("411111", 123_451_234L);
        String sibling = pan;
        for (long account = 987_650_234L; sibling.equals(pan) || !sibling.endsWith(pan.substring(12)); account += 1_000) {
            sibling = HostTestSupport.Issuer.pan("411111", account);
        }
        CardAccount account = issuer.open(pan, 100_000);
        CardAccount other = issuer.open(sibling, 100_000);
        assertThat(account.last4()).isEqualTo(other.last4());

        String fingerprint = issuer.fingerprinter.fingerprint(issuer.tenant, Pan.of(pan));
        assertThat(issuer.module.cardAccounts().byFingerprint(issuer.tenant, fingerprint)).map(CardAccount::id).contains(account.id());
        assertThat(issuer.module.cardAccounts().byFingerprint(TenantId.random(), fingerprint)).isEmpty();
        assertThat(issuer.module.cardAccounts().byFingerprint(issuer.tenant, "0".repeat(64))).isEmpty();
    }
}
