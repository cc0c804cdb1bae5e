package dev.mamori.vault.keys;

import dev.mamori.common.InsecurePanAccess;
import dev.mamori.common.Pan;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The card verification value of the card schemes: Visa's CVV (on the magnetic stripe), CVV2 (printed
 * on the card) and iCVV (in the chip's track 2 equivalent), and Mastercard's CVC1, CVC2 and chip CVC,
 * which are all computed the same way under the issuer's card verification key (CVK), a
 * double-length DES key A, B held by a {@link MasterKeyProvider}:
 *
 * <ol>
 *   <li>the data is the PAN, the expiry date (YYMM, as on the stripe) and the service code
 *       (3 digits; {@value #CVV2_SERVICE_CODE} for CVV2/CVC2 in Visa's convention, 999 for iCVV),
 *       one after the other, right-padded with zeros to 32 digits;</li>
 *   <li>block 1 is the first 16 digits, block 2 the last 16, each packed two digits per byte;</li>
 *   <li>{@code r = DES_A(block1)}, {@code r = r XOR block2}, {@code r = DES_A(DES⁻¹_B(DES_A(r)))}
 *       (TDEA with A, B, A): {@link MasterKeyProvider#cardVerificationDigest}, inside the provider;</li>
 *   <li>decimalization: the decimal digits 0–9 of the 16 hex digits of {@code r} from left to right,
 *       then its hex letters A–F from left to right, each minus 10; the value is the first 3 (or N)
 *       of those digits.</li>
 * </ol>
 *
 * <p>Known-answer vectors, with CVK A = 0123456789ABCDEF, B = FEDCBA9876543210 unless noted:
 * PAN 4123456789012345, expiry 8701, service code 101 gives 561, and 4999988887777000 / 9105 / 111
 * gives 245 (and six more in the tests), from the "CVV test data" table of a Chinese bank-card
 * specification excerpt (http://fsou.com/html/text/chl/848/84828_4.html); 4123456789012345 / 8701 /
 * 111 gives 856, with every intermediate block published
 * (http://topic.alibabacloud.com/a/algorithm-generation-7-cvn_8_8_31672247.html); 1234567890123456 /
 * 9912 / 220 gives 170, and under CVK 9999999999999999 8888888888888888, 2222222222222222 / 3333 /
 * 111 gives 361 (knovichikhin/psec, {@code psec/cvv.py} and {@code tests/test_cvv.py}). IBM's CCA
 * documents the same method (CVV Generate, CSNBCSG).
 *
 * <p>Security guarantees: the PAN is taken as a {@link Pan} and revealed only here (the revealed
 * String cannot be wiped; every array derived from it, the blocks, the provider's result and the
 * expected digits, is); neither the PAN nor a value appears in an exception message.
 * {@link #verify} compares in constant time and returns false rather than throwing on a presented
 * value of the wrong form. A value returned by {@link #compute} is sensitive authentication data
 * (PCI DSS 3.3.1.2): print or encode it, never store or log it.
 */
public final class CardVerificationValues {

    /** The service code of CVV2/CVC2, the value printed on the card, in Visa's convention. */
    public static final String CVV2_SERVICE_CODE = "000";

    /** The fewest digits {@link #compute} gives; three is what the schemes use. */
    public static final int MIN_DIGITS = 3;
    /** The most digits {@link #compute} gives, as IBM CCA's CVV Generate. */
    public static final int MAX_DIGITS = 5;

    private static final int DATA_DIGITS = 32;
    private static final int BLOCK_BYTES = 8;

    private CardVerificationValues() {
    }

    /**
     * The card verification value of {@code pan} under the tenant's CVK {@code keyName}.
     *
     * @param expiryYymm the expiry date as 4 digits, year then month as on track 2
     * @param serviceCode 3 digits: the card's service code for CVV/CVC1, {@value #CVV2_SERVICE_CODE}
     *     for CVV2/CVC2, 999 for iCVV
     * @param digits how many digits, 3 to 5 (3 for every scheme value)
     * @throws NoSuchCardVerificationKeyException when the tenant has no CVK of that name
     * @throws IllegalArgumentException when the expiry, the service code or the number of digits is
     *     malformed (the message names the rule, never the input)
     */
    public static String compute(MasterKeyProvider provider, String tenantId, String keyName, Pan pan,
            String expiryYymm, String serviceCode, int digits) throws VaultKeyException {
        char[] value = computeDigits(provider, tenantId, keyName, reveal(pan), expiryYymm, serviceCode, digits);
        try {
            return new String(value);
        } finally {
            Arrays.fill(value, '\0');
        }
    }

    /**
     * Whether {@code presented} is the card verification value of {@code pan}, of {@code digits}
     * digits, under the tenant's CVK {@code keyName}. Compares in constant time; a presented value
     * of another length or with other characters than digits is simply false. The caller wipes
     * {@code presented}.
     *
     * @throws NoSuchCardVerificationKeyException when the tenant has no CVK of that name
     * @throws IllegalArgumentException as {@link #compute}
     */
    public static boolean verify(MasterKeyProvider provider, String tenantId, String keyName, Pan pan,
            String expiryYymm, String serviceCode, int digits, char[] presented) throws VaultKeyException {
        return verifyDigits(provider, tenantId, keyName, reveal(pan), expiryYymm, serviceCode, digits, presented);
    }

    // The two below take the PAN as plain digits without the Luhn check of Pan, for the published
    // test vectors (4123456789012345 fails Luhn); production code goes through Pan.

    static char[] computeDigits(MasterKeyProvider provider, String tenantId, String keyName, CharSequence panDigits,
            String expiryYymm, String serviceCode, int digits) throws VaultKeyException {
        if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
            throw new IllegalArgumentException("a card verification value has " + MIN_DIGITS + " to "
                    + MAX_DIGITS + " digits, not " + digits);
        }
        byte[] data = packData(panDigits, expiryYymm, serviceCode);
        byte[] block1 = Arrays.copyOfRange(data, 0, BLOCK_BYTES);
        byte[] block2 = Arrays.copyOfRange(data, BLOCK_BYTES, 2 * BLOCK_BYTES);
        byte[] result = null;
        try {
            result = provider.cardVerificationDigest(tenantId, keyName, block1, block2);
            return decimalize(result, digits);
        } finally {
            Arrays.fill(data, (byte) 0);
            Arrays.fill(block1, (byte) 0);
            Arrays.fill(block2, (byte) 0);
            if (result != null) {
                Arrays.fill(result, (byte) 0);
            }
        }
    }

    static boolean verifyDigits(MasterKeyProvider provider, String tenantId, String keyName, CharSequence panDigits,
            String expiryYymm, String serviceCode, int digits, char[] presented) throws VaultKeyException {
        char[] expected = computeDigits(provider, tenantId, keyName, panDigits, expiryYymm, serviceCode, digits);
        byte[] expectedBytes = new byte[expected.length];
        byte[] presentedBytes = new byte[presented == null ? 0 : presented.length];
        try {
            int wellFormed = presented != null && presented.length == expected.length ? 1 : 0;
            for (int i = 0; i < expected.length; i++) {
                expectedBytes[i] = (byte) expected[i];
            }
            for (int i = 0; i < presentedBytes.length; i++) {
                char c = presented[i];
                wellFormed &= (c >= '0' && c <= '9') ? 1 : 0;
                presentedBytes[i] = (byte) c;
            }
            // MessageDigest.isEqual takes the same time for equal-length arrays whatever they hold.
            boolean same = MessageDigest.isEqual(expectedBytes, presentedBytes);
            return same & (wellFormed == 1); // no short circuit
        } finally {
            Arrays.fill(expected, '\0');
            Arrays.fill(expectedBytes, (byte) 0);
            Arrays.fill(presentedBytes, (byte) 0);
        }
    }

    /** PAN, expiry and service code as 32 digits, zero-padded on the right, two digits per byte. */
    static byte[] packData(CharSequence panDigits, String expiryYymm, String serviceCode) {
        if (panDigits == null || panDigits.length() < 1 || panDigits.length() > Pan.MAX_LENGTH || !allDigits(panDigits)) {
            throw new IllegalArgumentException("the card number must be 1 to 19 digits");
        }
        if (expiryYymm == null || expiryYymm.length() != 4 || !allDigits(expiryYymm)) {
            throw new IllegalArgumentException("the expiry date must be 4 digits, YYMM");
        }
        if (serviceCode == null || serviceCode.length() != 3 || !allDigits(serviceCode)) {
            throw new IllegalArgumentException("the service code must be 3 digits");
        }
        byte[] data = new byte[DATA_DIGITS / 2];
        int position = put(data, 0, panDigits);
        position = put(data, position, expiryYymm);
        put(data, position, serviceCode); // at most 19 + 4 + 3 = 26 digits; the rest stays 0
        return data;
    }

    /** Decimal digits of the 16 hex digits of {@code result} first, then its letters minus 10. */
    static char[] decimalize(byte[] result, int digits) {
        char[] value = new char[digits];
        int count = 0;
        for (int pass = 0; pass < 2 && count < digits; pass++) {
            for (int i = 0; i < 2 * BLOCK_BYTES && count < digits; i++) {
                int nibble = (result[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0x0F;
                if ((pass == 0) == (nibble < 10)) {
                    value[count++] = (char) ('0' + (nibble < 10 ? nibble : nibble - 10));
                }
            }
        }
        return value; // 16 hex digits always give 16 decimal ones, so count == digits here
    }

    private static String reveal(Pan pan) {
        if (pan == null) {
            throw new IllegalArgumentException("the card number is required");
        }
        return pan.reveal(InsecurePanAccess.get());
    }

    private static int put(byte[] data, int position, CharSequence digits) {
        for (int i = 0; i < digits.length(); i++, position++) {
            int digit = digits.charAt(i) - '0';
            data[position / 2] |= (byte) (position % 2 == 0 ? digit << 4 : digit);
        }
        return position;
    }

    private static boolean allDigits(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
