package dev.mamori.threeds.authvalue;

import dev.mamori.common.InsecurePanAccess;
import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import dev.mamori.threeds.AuthenticatedPayment;
import dev.mamori.threeds.AuthenticationValueIssuer;
import dev.mamori.threeds.ChallengeMethod;
import dev.mamori.threeds.authvalue.internal.ValueLayout;
import dev.mamori.vault.keys.CardVerificationKeyExistsException;
import dev.mamori.vault.keys.MasterKeyProvider;
import dev.mamori.vault.keys.NoSuchCardVerificationKeyException;
import dev.mamori.vault.keys.VaultKeyException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Currency;
import java.util.Objects;

/**
 * Computes and verifies authentication values (CAVV/AAV-style, 20 bytes, base64) under the issuer
 * tenant's key {@code 3ds-av-<index>} in the vault's key provider; the key is created there on
 * first use. The byte layout is in {@link ValueLayout}.
 *
 * <p>Why the CVV operation and not a new HMAC operation on the provider: Visa computes the CAVV
 * with the CVV algorithm under a key pair of its own, and {@link MasterKeyProvider#cardVerificationDigest}
 * already runs that algorithm's DES chain (ISO/IEC 9797-1 MAC algorithm 3 over two 8-byte blocks)
 * inside both providers, with the key non-extractable in an HSM and tested on SoftHSM2. An HMAC
 * operation would mean new key types and code paths in both providers and the vault's contract.
 * The bound fields are hashed with SHA-256 first, and the 32-byte hash is MACed as two
 * two-block inputs, so the MAC covers all of it.
 *
 * <p>Security guarantees: without the tenant's key a value that verifies cannot be made (a random
 * value passes the origin MAC with probability 2^-32, and the binding MAC with 2^-64); a value
 * verifies only for the card, amount (exactly: the value does not carry it, so no tolerance is
 * possible), currency, merchant and ECI it was issued for. Replays are not caught here: the
 * authorization host keeps the values it has accepted.
 */
public final class AuthenticationValues implements AuthenticationValueIssuer {
    /** The key name prefix; the key index in the value completes it. */
    public static final String KEY_PREFIX = "3ds-av-";
    private static final byte[] DOMAIN = "mamori-3ds-av-1".getBytes(StandardCharsets.US_ASCII);

    /** The outcome of {@link #verify}. */
    public enum Verification {
        /** Made under the tenant's key for exactly this payment and ECI. */
        VALID,
        /** Not made under the tenant's key: malformed, altered, or another tenant's (or no) key. */
        FORGED,
        /** Made under the tenant's key, but for another card, amount, currency, merchant or ECI. */
        MISMATCHED
    }

    private final MasterKeyProvider keys;
    private final int keyIndex;

    /** Issues under key index 1. */
    public AuthenticationValues(MasterKeyProvider keys) {
        this(keys, 1);
    }

    /** @param keyIndex the key new values are issued under (1-99); values under older indexes still verify while their key exists */
    public AuthenticationValues(MasterKeyProvider keys, int keyIndex) {
        if (keyIndex < 1 || keyIndex > 99) {
            throw new IllegalArgumentException("key index must be 1 to 99");
        }
        this.keys = Objects.requireNonNull(keys, "keys");
        this.keyIndex = keyIndex;
    }

    /**
     * @throws IllegalArgumentException when the ECI is not one that carries a value (05, 06, 02, 01)
     * @throws AuthenticationValueUnavailableException when the key provider fails
     */
    @Override
    public String issue(AuthenticatedPayment payment) {
        String eci = payment.eci();
        if (!Eci.shiftsLiability(eci)) {
            throw new IllegalArgumentException("eci: an authentication value is issued for 05, 06, 02 or 01 only");
        }
        String tenant = payment.tenant().toString();
        String keyName = KEY_PREFIX + keyIndex;
        byte[] header = ValueLayout.header(Integer.parseInt(eci), methodCode(payment.method()), keyIndex,
                unpredictable(payment.acsTransId()));
        byte[] hash = bindingHash(header, payment.pan(), payment.amountMinor(), payment.currency(), payment.merchantId());
        try {
            Macs macs;
            try {
                macs = macs(tenant, keyName, header, hash, null);
            } catch (NoSuchCardVerificationKeyException e) {
                createKey(tenant, keyName);
                macs = macs(tenant, keyName, header, hash, null);
            }
            return Base64.getEncoder().encodeToString(ValueLayout.assemble(header, macs.origin, macs.binding));
        } catch (VaultKeyException e) {
            throw new AuthenticationValueUnavailableException("the key provider could not compute the authentication value", e);
        }
    }

    /**
     * Checks {@code value} for this payment. Never throws for a bad value (null, not base64, wrong
     * length: forged).
     *
     * @throws AuthenticationValueUnavailableException when the key provider fails
     */
    public Verification verify(TenantId tenant, String value, Pan pan, long amountMinor, Currency currency, String merchantId,
                               String eci) {
        byte[] bytes = decode(value);
        if (bytes == null || ValueLayout.version(bytes) != ValueLayout.VERSION) {
            return Verification.FORGED;
        }
        int index = ValueLayout.keyIndex(bytes);
        if (index < 1 || index > 99) {
            return Verification.FORGED;
        }
        byte[] header = ValueLayout.headerOf(bytes);
        byte[] hash = bindingHash(header, pan, amountMinor, currency, merchantId);
        Macs macs;
        try {
            macs = macs(tenant.toString(), KEY_PREFIX + index, header, hash, ValueLayout.bindingMac(bytes));
        } catch (NoSuchCardVerificationKeyException e) {
            return Verification.FORGED; // the tenant never issued under that key
        } catch (VaultKeyException e) {
            throw new AuthenticationValueUnavailableException("the key provider could not check the authentication value", e);
        }
        if (!MessageDigest.isEqual(macs.origin, ValueLayout.originMac(bytes))) {
            return Verification.FORGED;
        }
        boolean eciMatches = eci != null && eci.length() == 2 && Character.isDigit(eci.charAt(0)) && Character.isDigit(eci.charAt(1))
                && Integer.parseInt(eci) == ValueLayout.eci(bytes);
        boolean bindingMatches = MessageDigest.isEqual(macs.binding, ValueLayout.bindingMac(bytes));
        return eciMatches && bindingMatches ? Verification.VALID : Verification.MISMATCHED;
    }

    private record Macs(byte[] origin, byte[] binding) {
    }

    /**
     * The binding MAC over the payment's hash, then the origin MAC over the header and that binding
     * MAC. @param presentedBinding the binding MAC the value carries (verify), or null (issue: the
     *     freshly computed one)
     */
    private Macs macs(String tenant, String keyName, byte[] header, byte[] hash, byte[] presentedBinding) throws VaultKeyException {
        byte[] first = keys.cardVerificationDigest(tenant, keyName, Arrays.copyOfRange(hash, 0, 8), Arrays.copyOfRange(hash, 8, 16));
        byte[] second = keys.cardVerificationDigest(tenant, keyName, Arrays.copyOfRange(hash, 16, 24), Arrays.copyOfRange(hash, 24, 32));
        byte[] binding = new byte[ValueLayout.BINDING_MAC_LENGTH];
        System.arraycopy(first, 0, binding, 0, 4);
        System.arraycopy(second, 0, binding, 4, 4);
        Arrays.fill(first, (byte) 0);
        Arrays.fill(second, (byte) 0);
        byte[] origin = keys.cardVerificationDigest(tenant, keyName, header, presentedBinding == null ? binding : presentedBinding);
        byte[] originMac = Arrays.copyOf(origin, ValueLayout.ORIGIN_MAC_LENGTH);
        Arrays.fill(origin, (byte) 0);
        return new Macs(originMac, binding);
    }

    private void createKey(String tenant, String keyName) throws VaultKeyException {
        try {
            keys.createCardVerificationKey(tenant, keyName);
        } catch (CardVerificationKeyExistsException e) {
            // Another thread or instance created it first: use that one.
        }
    }

    /** SHA-256 over a domain tag, the header and the payment's fields, each length-prefixed so no two payments share an input. */
    private static byte[] bindingHash(byte[] header, Pan pan, long amountMinor, Currency currency, String merchantId) {
        MessageDigest sha = sha256();
        sha.update(DOMAIN);
        sha.update(header);
        byte[] digits = pan.reveal(InsecurePanAccess.get()).getBytes(StandardCharsets.US_ASCII);
        field(sha, digits);
        Arrays.fill(digits, (byte) 0);
        sha.update(ByteBuffer.allocate(8).putLong(amountMinor).array());
        field(sha, currency.getCurrencyCode().getBytes(StandardCharsets.US_ASCII));
        field(sha, normalizedMerchant(merchantId).getBytes(StandardCharsets.UTF_8));
        return sha.digest();
    }

    /** Field 42 is space-padded to 15 characters in ISO 8583 and not in JSON: both mean the same merchant. */
    private static String normalizedMerchant(String merchantId) {
        return merchantId == null ? "" : merchantId.strip();
    }

    private static void field(MessageDigest sha, byte[] bytes) {
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }

    private static byte[] unpredictable(String acsTransId) {
        return Arrays.copyOf(sha256().digest(Objects.requireNonNull(acsTransId, "acsTransId").getBytes(StandardCharsets.UTF_8)), 4);
    }

    private static int methodCode(ChallengeMethod method) {
        if (method == null) {
            return 0;
        }
        return switch (method) {
            case SMS_OTP -> 1;
            case EMAIL_OTP -> 2;
            case TOTP -> 3;
            case OUT_OF_BAND -> 4;
        };
    }

    private static byte[] decode(String value) {
        if (value == null || value.length() != 28) {
            return null;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(value);
            // Only the canonical text: the decoder ignores the unused low bits of the last character,
            // so four spellings of one value would otherwise each pass a replay check keyed by text.
            return bytes.length == ValueLayout.LENGTH && Base64.getEncoder().encodeToString(bytes).equals(value) ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
