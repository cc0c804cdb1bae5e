package dev.mamori.vault;

import dev.mamori.common.CardBrand;
import dev.mamori.common.InsecurePanAccess;
import dev.mamori.common.InvalidPanException;
import dev.mamori.common.Pan;
import dev.mamori.common.Role;
import dev.mamori.common.SecurityCode;
import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.DataStoreException;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.vault.internal.Aes256Gcm;
import dev.mamori.vault.internal.CardRow;
import dev.mamori.vault.internal.KeyRing;
import dev.mamori.vault.internal.TenantKeys;
import dev.mamori.vault.internal.TokenGenerator;
import dev.mamori.vault.internal.VaultRepository;
import dev.mamori.vault.keys.MasterKeyProvider;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.sql.DataSource;

/**
 * The card vault: turns card numbers into tokens and back, for one tenant at a time.
 *
 * <p>Security guarantees: a card number is stored only as AES-256-GCM ciphertext under the
 * tenant's current data key, with the tenant and the token as associated data (a ciphertext
 * copied to another row or tenant does not decrypt). Tokens are bound to their tenant: another
 * tenant's token is simply not found. The fingerprint is an HMAC-SHA256 of the whole card number
 * under a per-tenant key (PCI DSS 3.5.1.1), so it cannot be reversed or compared across tenants.
 * Security codes never reach the database: they go to the {@link SecurityCodeStore}.
 *
 * <p>Role checks and audit records are the caller's job (the server does both before calling
 * {@link #detokenize}); the vault enforces what is true for every caller.
 */
public final class Vault {
    public static final int MAX_BATCH = 100;
    public static final int MAX_HOLDER_NAME = 100;
    private static final String DEFAULT_DETOKENIZE_ROLES = "psp,acquirer,issuer";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final byte PLAINTEXT_VERSION = 1;

    private final VaultRepository repository;
    private final KeyRing keyRing;
    private final Clock clock;
    private final SecurityCodeStore securityCodes;
    private final KeyManagement keys;

    /**
     * @param dataSource the database holding schema {@code vault}; a transaction-aware one lets vault calls join the caller's transaction
     * @param keyCacheTtl how long unwrapped tenant keys are cached (and how long a rotation waits before destroying retired keys)
     * @param securityCodeWindow how long a security code is held for the authorization
     */
    public Vault(DataSource dataSource, MasterKeyProvider master, Clock clock, Duration keyCacheTtl, Duration securityCodeWindow) {
        this.repository = new VaultRepository(new Jdbc(dataSource));
        this.keyRing = new KeyRing(repository, master, clock, keyCacheTtl);
        this.clock = clock;
        this.securityCodes = new SecurityCodeStore(clock, securityCodeWindow, 100_000);
        this.keys = new KeyManagement(repository, keyRing, clock, keyCacheTtl, securityCodes);
    }

    public KeyManagement keys() {
        return keys;
    }

    public SecurityCodeStore securityCodes() {
        return securityCodes;
    }

    // --- tokenize ----------------------------------------------------------------------------

    /** Stores the card and returns its token and metadata. @throws InvalidCardException naming the field and rule */
    public CardMetadata tokenize(TenantId tenant, CardInput card, TokenizeOptions options) {
        CardBrand brand = validate(card);
        Duration ttl = effectiveTtl(tenant, options);
        return store(tenant, card, brand, options, ttl);
    }

    /**
     * Tokenizes up to {@link #MAX_BATCH} cards, all or none: every card is checked before the
     * first is stored, and all are stored in one transaction.
     *
     * @throws InvalidCardException for the first bad card, its field prefixed with {@code cards[i]}
     */
    public List<CardMetadata> tokenizeAll(TenantId tenant, List<CardInput> cards, TokenizeOptions options) {
        if (cards.isEmpty() || cards.size() > MAX_BATCH) {
            throw new InvalidCardException("cards", "size", "a batch holds 1 to " + MAX_BATCH + " cards");
        }
        CardBrand[] brands = new CardBrand[cards.size()];
        for (int i = 0; i < cards.size(); i++) {
            try {
                brands[i] = validate(cards.get(i));
            } catch (InvalidCardException e) {
                throw e.at("cards[" + i + "]");
            }
        }
        Duration ttl = effectiveTtl(tenant, options);
        return repository.jdbc().inTransaction(c -> {
            List<CardMetadata> out = new ArrayList<>(cards.size());
            for (int i = 0; i < cards.size(); i++) {
                out.add(store(tenant, cards.get(i), brands[i], options, ttl));
            }
            return out;
        });
    }

    /** Checks what the vault requires of every card; returns its brand. */
    public CardBrand validate(CardInput card) {
        CardBrand brand = card.pan().brand();
        if (brand == null) {
            throw new InvalidCardException("pan", "brand", "card number is not in the range of a supported brand "
                    + "(Visa, Mastercard, American Express, JCB, Diners Club, Discover, UnionPay)");
        }
        if (!brand.issuesLength(card.pan().length())) {
            throw new InvalidCardException("pan", "brand-length", brand.displayName() + " does not issue card numbers of "
                    + card.pan().length() + " digits");
        }
        if (card.expiry().isExpiredIn(YearMonth.now(clock.withZone(ZoneOffset.UTC)))) {
            throw new InvalidCardException("expiry", "expired", "the card has expired");
        }
        if (card.expiry().year() > YearMonth.now(clock.withZone(ZoneOffset.UTC)).getYear() + 20) {
            throw new InvalidCardException("expiryYear", "range", "expiry year is more than 20 years ahead");
        }
        SecurityCode cvc = card.securityCode();
        if (cvc != null && cvc.length() != brand.securityCodeLength()) {
            throw new InvalidCardException("cvc", "length", brand.displayName() + " security codes have "
                    + brand.securityCodeLength() + " digits");
        }
        String name = card.holderName();
        if (name != null && (name.length() > MAX_HOLDER_NAME || name.chars().anyMatch(Character::isISOControl))) {
            throw new InvalidCardException("holderName", "format", "holder name must be at most 100 printable characters");
        }
        return brand;
    }

    /** Parses a card number, turning its errors into field {@code pan} errors. */
    public static Pan parsePan(String text) {
        try {
            return Pan.of(text);
        } catch (InvalidPanException e) {
            throw new InvalidCardException("pan", e.rule(), e.getMessage());
        }
    }

    private Duration effectiveTtl(TenantId tenant, TokenizeOptions options) {
        return options.ttl() != null ? options.ttl() : policy(tenant).defaultTtl();
    }

    private CardMetadata store(TenantId tenant, CardInput card, CardBrand brand, TokenizeOptions options, Duration ttl) {
        if (card.securityCode() != null && !securityCodes.hasRoom()) {
            // Refuse before storing anything: a token whose security code was silently dropped would
            // fail its authorization later for no visible reason.
            throw new VaultBusyException("too many security codes are held for authorizations right now; retry shortly");
        }
        TenantKeys tenantKeys = keyRing.forTenant(tenant);
        String digits = card.pan().reveal(InsecurePanAccess.get());
        String fingerprint = fingerprint(tenantKeys, digits);
        Instant now = clock.instant();
        if (options.deduplicate()) {
            Optional<CardRow> existing = repository.findLiveByFingerprint(tenant.value(), fingerprint, options.format().id(), now);
            if (existing.isPresent()) {
                CardRow row = existing.get();
                if (row.expiryMonth() != card.expiry().month() || row.expiryYear() != card.expiry().year()) {
                    // A reissued card keeps its number and gets a new expiry: the token follows it.
                    repository.updateExpiry(tenant.value(), row.token(), card.expiry().month(), card.expiry().year());
                    row = new CardRow(row.tenantId(), row.token(), row.format(), row.ciphertext(), row.dataKeyVersion(), row.fingerprint(),
                            row.brand(), row.bin(), row.last4(), row.panLength(), card.expiry().month(), card.expiry().year(),
                            row.createdAt(), row.expiresAt());
                }
                return metadata(row).withTokenizeOutcome(true, holdSecurityCode(tenant, row.token(), card));
            }
        }
        byte[] plaintext = plaintext(digits, card.holderName());
        try {
            for (int attempt = 0, retired = 0; ; attempt++) {
                String token = options.format() == TokenFormat.OPAQUE
                        ? TokenGenerator.opaque() : TokenGenerator.formatPreserving(card.pan().last4());
                CardRow row = new CardRow(tenant.value(), token, options.format().id(),
                        Aes256Gcm.encrypt(tenantKeys.activeDataKey(), plaintext, cardAad(tenant, token)),
                        tenantKeys.activeDataVersion(), fingerprint(tenantKeys, digits), brand.id(), card.pan().bin(), card.pan().last4(),
                        card.pan().length(), card.expiry().month(), card.expiry().year(), now, ttl == null ? null : now.plus(ttl));
                try {
                    if (repository.insertCard(row)) {
                        return metadata(row).withTokenizeOutcome(false, holdSecurityCode(tenant, token, card));
                    }
                    // The data key was destroyed by a rotation since the keys were cached: encrypt again.
                    if (++retired == 3) {
                        throw new VaultBusyException("the tenant's data key is being rotated; retry shortly");
                    }
                    tenantKeys = keyRing.reload(tenant);
                } catch (DataStoreException e) {
                    // 16 random digits can clash with a live token of the tenant: draw again.
                    if (!Jdbc.isUniqueViolation(e) || attempt == 4) {
                        throw e;
                    }
                }
            }
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private Instant holdSecurityCode(TenantId tenant, String token, CardInput card) {
        return card.securityCode() == null ? null : securityCodes.hold(tenant, token, card.securityCode());
    }

    // --- read, detokenize, delete -------------------------------------------------------------

    /** The card's metadata, if the token is live in this tenant. */
    public Optional<CardMetadata> metadata(TenantId tenant, String token) {
        requireTokenFormat(token);
        return repository.findCard(tenant.value(), token, clock.instant()).map(Vault::metadata);
    }

    /**
     * The card in clear. The caller has checked the role against {@link #policy} and audited the
     * purpose.
     *
     * @throws CardUnrecoverableException when the tenant's keys were crypto-shredded
     */
    public Optional<RevealedCard> detokenize(TenantId tenant, String token) {
        requireTokenFormat(token);
        for (int attempt = 0; ; attempt++) {
            Optional<CardRow> found = repository.findCard(tenant.value(), token, clock.instant());
            if (found.isEmpty()) {
                return Optional.empty();
            }
            CardRow row = found.get();
            byte[] plaintext;
            try {
                plaintext = Aes256Gcm.decrypt(keyRing.dataKey(tenant, row.dataKeyVersion()), row.ciphertext(), cardAad(tenant, token));
            } catch (CardUnrecoverableException | GeneralSecurityException e) {
                // The row may have been re-encrypted and its old key retired since we read it: read it again once.
                if (attempt == 0) {
                    continue;
                }
                throw new CardUnrecoverableException();
            }
            try {
                return Optional.of(reveal(row, plaintext));
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
    }

    /** Deletes the token and its card; false when there is no live token of this tenant. */
    public boolean delete(TenantId tenant, String token) {
        requireTokenFormat(token);
        securityCodes.discard(tenant, token);
        return repository.deleteCard(tenant.value(), token, clock.instant());
    }

    /** Deletes expired tokens; the server runs this periodically. */
    public int purgeExpired() {
        return repository.deleteExpiredCards(clock.instant());
    }

    /** The security code held for this token, removed from the store; the caller wipes it after the check. */
    public Optional<SecurityCode> takeSecurityCode(TenantId tenant, String token) {
        return securityCodes.take(tenant, token);
    }

    // --- policy ------------------------------------------------------------------------------

    public VaultPolicy policy(TenantId tenant) {
        return repository.policy(tenant.value())
                .map(row -> new VaultPolicy(parseRoles(row.detokenizeRoles()),
                        row.defaultTtlSeconds() == null ? null : Duration.ofSeconds(row.defaultTtlSeconds())))
                .orElse(VaultPolicy.DEFAULT);
    }

    public void updatePolicy(TenantId tenant, VaultPolicy policy) {
        StringBuilder roles = new StringBuilder();
        for (Role role : policy.detokenizeRoles()) {
            roles.append(roles.isEmpty() ? "" : ",").append(role.id());
        }
        repository.savePolicy(tenant.value(), new VaultRepository.PolicyRow(roles.toString(),
                policy.defaultTtl() == null ? null : policy.defaultTtl().toSeconds()), clock.instant());
    }

    private static Set<Role> parseRoles(String ids) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String id : (ids == null ? DEFAULT_DETOKENIZE_ROLES : ids).split(",")) {
            Role.fromId(id).ifPresent(roles::add);
        }
        return roles;
    }

    // --- encoding ----------------------------------------------------------------------------

    private static void requireTokenFormat(String token) {
        if (!TokenGenerator.looksLikeToken(token)) {
            throw new InvalidCardException("token", "format", "a token is tok_ and 22 base64url characters, or 16 digits");
        }
    }

    /**
     * The card's fingerprint in this tenant, the same one tokenization records: lets the
     * authorization host find an issuer's card account without holding the number. Creates the
     * tenant's keys on first use, as tokenization does.
     */
    public String fingerprint(TenantId tenant, Pan pan) {
        return fingerprint(keyRing.forTenant(tenant), pan.reveal(InsecurePanAccess.get()));
    }

    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    });

    private static String fingerprint(TenantKeys keys, String digits) {
        try {
            // One Mac per thread: fingerprinting runs on every authorization.
            Mac mac = HMAC.get();
            mac.init(keys.fingerprintKey());
            return BASE64URL.encodeToString(mac.doFinal(digits.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static byte[] cardAad(TenantId tenant, String token) {
        return ("mamori/vault/card/" + tenant + "/" + token).getBytes(StandardCharsets.US_ASCII);
    }

    /** Version byte, PAN length, PAN digits, holder name in UTF-8 (possibly empty). */
    private static byte[] plaintext(String digits, String holderName) {
        byte[] name = holderName == null ? new byte[0] : holderName.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[2 + digits.length() + name.length];
        out[0] = PLAINTEXT_VERSION;
        out[1] = (byte) digits.length();
        for (int i = 0; i < digits.length(); i++) {
            out[2 + i] = (byte) digits.charAt(i);
        }
        System.arraycopy(name, 0, out, 2 + digits.length(), name.length);
        return out;
    }

    private static RevealedCard reveal(CardRow row, byte[] plaintext) {
        if (plaintext.length < 2 || plaintext[0] != PLAINTEXT_VERSION || plaintext[1] + 2 > plaintext.length) {
            throw new IllegalStateException("unknown card plaintext layout");
        }
        int panLength = plaintext[1];
        char[] digits = new char[panLength];
        for (int i = 0; i < panLength; i++) {
            digits[i] = (char) plaintext[2 + i];
        }
        Pan pan = Pan.of(java.nio.CharBuffer.wrap(digits));
        Arrays.fill(digits, '\0');
        String name = plaintext.length == 2 + panLength ? null
                : new String(plaintext, 2 + panLength, plaintext.length - 2 - panLength, StandardCharsets.UTF_8);
        return new RevealedCard(metadata(row), pan, name);
    }

    static CardMetadata metadata(CardRow row) {
        return new CardMetadata(row.token(), TokenFormat.fromId(row.format()), CardBrand.fromId(row.brand()), row.bin(), row.last4(),
                row.panLength(), new CardExpiry(row.expiryMonth(), row.expiryYear()), row.fingerprint(), row.createdAt(),
                row.expiresAt(), false, null);
    }
}
