package dev.mamori.phishing.internal;

import dev.mamori.phishing.posture.DkimKeyStatus;
import dev.mamori.phishing.posture.DkimKeyStatus.State;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

/**
 * Reads a DKIM key record (RFC 6376 section 3.6.1, RFC 8463) for the posture report: key type, length,
 * revocation and the testing flag. Unlike verification it keeps going on a weak key, to report it.
 */
public final class DkimKeys {
    private DkimKeys() {
    }

    public static DkimKeyStatus inspect(String selector, String record) {
        Map<String, String> tags = TagValues.parse(record);
        boolean testing = false;
        if (tags.containsKey("t")) {
            for (String flag : tags.get("t").replaceAll("\\s", "").split(":")) {
                testing |= flag.equals("y");
            }
        }
        if (tags.containsKey("v") && !"DKIM1".equals(tags.get("v"))) {
            return invalid(selector, testing, "the version is not DKIM1");
        }
        String keyType = tags.getOrDefault("k", "rsa").replaceAll("\\s", "");
        if (!keyType.equals("rsa") && !keyType.equals("ed25519")) {
            return invalid(selector, testing, "unknown key type k=" + (keyType.length() > 40 ? keyType.substring(0, 40) + "…" : keyType));
        }
        if (!tags.containsKey("p")) {
            return invalid(selector, testing, "the record has no p= (public key)");
        }
        String p = tags.get("p").replaceAll("\\s", "");
        if (p.isEmpty()) {
            return new DkimKeyStatus(selector, State.REVOKED, keyType, 0, testing, null);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(p);
        } catch (IllegalArgumentException e) {
            return invalid(selector, testing, "p= is not base64");
        }
        if (keyType.equals("ed25519")) {
            return key.length == 32 ? new DkimKeyStatus(selector, State.KEY, keyType, 256, testing, null)
                    : invalid(selector, testing, "an Ed25519 key is 32 bytes, not " + key.length);
        }
        BigInteger modulus = rsaModulus(key);
        return modulus == null ? invalid(selector, testing, "p= is not an RSA public key")
                : new DkimKeyStatus(selector, State.KEY, keyType, modulus.bitLength(), testing, null);
    }

    private static DkimKeyStatus invalid(String selector, boolean testing, String problem) {
        return new DkimKeyStatus(selector, State.INVALID, null, 0, testing, problem);
    }

    /** The modulus of a SubjectPublicKeyInfo or of a bare PKCS#1 RSAPublicKey (some domains publish that), or null. */
    static BigInteger rsaModulus(byte[] key) {
        try {
            return ((RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(key))).getModulus();
        } catch (GeneralSecurityException | ClassCastException notSpki) {
            return pkcs1Modulus(key);
        }
    }

    /** RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 appendix A.1.1). */
    private static BigInteger pkcs1Modulus(byte[] der) {
        int[] pos = {0};
        if (readHeader(der, pos, 0x30) < 0) {
            return null;
        }
        int length = readHeader(der, pos, 0x02);
        if (length <= 0 || pos[0] + length > der.length) {
            return null;
        }
        byte[] modulus = new byte[length];
        System.arraycopy(der, pos[0], modulus, 0, length);
        BigInteger n = new BigInteger(modulus);
        return n.signum() > 0 ? n : null;
    }

    /** Reads a DER tag and length at {@code pos}; the length, or -1 when the tag differs or the length is malformed. */
    private static int readHeader(byte[] der, int[] pos, int tag) {
        if (pos[0] + 2 > der.length || (der[pos[0]] & 0xff) != tag) {
            return -1;
        }
        int first = der[pos[0] + 1] & 0xff;
        pos[0] += 2;
        if (first < 0x80) {
            return first;
        }
        int octets = first & 0x7f;
        if (octets == 0 || octets > 3 || pos[0] + octets > der.length) {
            return -1;
        }
        int length = 0;
        for (int i = 0; i < octets; i++) {
            length = (length << 8) | (der[pos[0]++] & 0xff);
        }
        return length;
    }
}
