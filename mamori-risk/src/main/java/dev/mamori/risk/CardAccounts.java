package dev.mamori.risk;

import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.risk.internal.CardAccountStore;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The issuer's card accounts: opened from a card number (kept only as the vault fingerprint), read, updated. */
public final class CardAccounts {
    public static final long MAX_LIMIT_MINOR = 1_000_000_000_000L;

    private final CardAccountStore store;
    private final CardFingerprinter fingerprinter;
    private final Clock clock;

    CardAccounts(CardAccountStore store, CardFingerprinter fingerprinter, Clock clock) {
        this.store = store;
        this.fingerprinter = fingerprinter;
        this.clock = clock;
    }

    /** Thrown when a tenant opens an account for a card it already has. */
    public static final class DuplicateCardException extends RuntimeException {
        private final UUID existing;

        DuplicateCardException(UUID existing) {
            super("the card already has an account");
            this.existing = existing;
        }

        public UUID existing() {
            return existing;
        }
    }

    /**
     * Opens an account.
     *
     * @throws DuplicateCardException when the tenant already has the card
     * @throws IllegalArgumentException naming the field when a value is out of range
     */
    public CardAccount open(TenantId tenant, Pan pan, YearMonth expiry, String serviceCode, Currency currency, long creditLimitMinor,
                            String cvkName) {
        if (creditLimitMinor < 0 || creditLimitMinor > MAX_LIMIT_MINOR) {
            throw new IllegalArgumentException("creditLimit must be between 0 and " + MAX_LIMIT_MINOR);
        }
        if (serviceCode == null || !serviceCode.matches("[0-9]{3}")) {
            throw new IllegalArgumentException("serviceCode must be three digits");
        }
        String fingerprint = fingerprinter.fingerprint(tenant, pan);
        Optional<CardAccount> existing = store.byFingerprint(tenant, fingerprint);
        if (existing.isPresent()) {
            throw new DuplicateCardException(existing.get().id());
        }
        Instant now = clock.instant();
        CardAccount account = new CardAccount(UUID.randomUUID(), tenant, fingerprint, pan.brand(), pan.bin(), pan.last4(), expiry,
                serviceCode, CardStatus.ACTIVE, currency, creditLimitMinor, 0, cvkName, null, null, now, now);
        try {
            store.insert(account);
        } catch (RuntimeException e) {
            if (Jdbc.isUniqueViolation(e)) {
                throw new DuplicateCardException(store.byFingerprint(tenant, fingerprint).map(CardAccount::id).orElse(null));
            }
            throw e;
        }
        return account;
    }

    public Optional<CardAccount> get(TenantId tenant, UUID id) {
        return store.byId(tenant, id);
    }

    /** The tenant's account for a card, by the vault's keyed fingerprint of its number (one indexed lookup). */
    public Optional<CardAccount> byFingerprint(TenantId tenant, String fingerprint) {
        return store.byFingerprint(tenant, fingerprint);
    }

    public List<CardAccount> list(TenantId tenant, String last4, boolean atRiskOnly, int limit) {
        return store.list(tenant, last4, atRiskOnly, Math.max(1, Math.min(limit, 500)));
    }

    /** Changes status, limit or verification key (null leaves a value as it is). @return the updated account, empty when not found */
    public Optional<CardAccount> update(TenantId tenant, UUID id, CardStatus status, Long creditLimitMinor, String cvkName) {
        if (creditLimitMinor != null && (creditLimitMinor < 0 || creditLimitMinor > MAX_LIMIT_MINOR)) {
            throw new IllegalArgumentException("creditLimit must be between 0 and " + MAX_LIMIT_MINOR);
        }
        if (!store.update(tenant, id, status, creditLimitMinor, cvkName, clock.instant())) {
            return Optional.empty();
        }
        return store.byId(tenant, id);
    }
}
