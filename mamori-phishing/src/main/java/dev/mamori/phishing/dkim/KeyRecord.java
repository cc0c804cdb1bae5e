package dev.mamori.phishing.dkim;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** A DKIM key record (RFC 6376 section 3.6.1, RFC 8463 section 4). */
final class KeyRecord {
    /** RFC 8301 section 3.2: verifiers must not accept shorter RSA keys. */
    static final int MIN_RSA_BITS = 1024;

    /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410), followed by the 32 raw key bytes. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    /** DER of AlgorithmIdentifier { rsaEncryption, NULL }. */
    private static final byte[] RSA_ALGORITHM_ID = HexFormat.of().parseHex("300d06092a864886f70d0101010500");

    enum KeyType { RSA, ED25519 }

    final KeyType keyType;
    final String keyTypeName;
    /** {@code h=} entries, or {@code null} when absent (all algorithms allowed). */
    final List<String> hashAlgorithms;
    final byte[] keyData;
    final boolean testing;
    final boolean strict;

    private KeyRecord(TagList tags) throws DkimSyntaxException {
        if (tags.has("v")) {
            if (!"v".equals(tags.firstName())) {
                throw new DkimSyntaxException("v= is not the first tag of the key record");
            }
            if (!"DKIM1".equals(tags.get("v"))) {
                throw new DkimSyntaxException("key record version is not DKIM1");
            }
        }
        keyTypeName = tags.has("k") ? TagList.stripFws(tags.get("k")) : "rsa";
        keyType = switch (keyTypeName) {
            case "rsa" -> KeyType.RSA;
            case "ed25519" -> KeyType.ED25519;
            default -> throw new DkimSyntaxException("unknown key type k=" + keyTypeName);
        };
        hashAlgorithms = tags.has("h") ? List.of(TagList.stripFws(tags.get("h")).split(":", -1)) : null;
        if (!tags.has("p")) {
            throw new DkimSyntaxException("key record lacks p=");
        }
        try {
            keyData = Base64.getDecoder().decode(TagList.stripFws(tags.get("p")));
        } catch (IllegalArgumentException e) {
            throw new DkimSyntaxException("invalid base64 in key record p=");
        }
        if (tags.has("s")) {
            boolean email = false;
            for (String service : TagList.stripFws(tags.get("s")).split(":", -1)) {
                email |= service.equals("*") || service.equals("email");
            }
            if (!email) {
                throw new DkimSyntaxException("key record s= does not allow email");
            }
        }
        boolean y = false;
        boolean s = false;
        if (tags.has("t")) {
            for (String flag : TagList.stripFws(tags.get("t")).split(":", -1)) {
                y |= flag.equals("y");
                s |= flag.equals("s");
            }
        }
        testing = y;
        strict = s;
    }

    static KeyRecord parse(String txt) throws DkimSyntaxException {
        return new KeyRecord(TagList.parse(txt));
    }

    /** An empty {@code p=} means the key was revoked (section 3.6.1). */
    boolean revoked() {
        return keyData.length == 0;
    }

    PublicKey publicKey() throws DkimSyntaxException {
        try {
            if (keyType == KeyType.ED25519) {
                if (keyData.length != 32) {
                    throw new DkimSyntaxException("Ed25519 key is not 32 bytes");
                }
                byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
                System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
                System.arraycopy(keyData, 0, spki, ED25519_SPKI_PREFIX.length, 32);
                return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
            }
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PublicKey key;
            try {
                key = rsa.generatePublic(new X509EncodedKeySpec(keyData));
            } catch (GeneralSecurityException notSpki) {
                // Some domains publish the bare PKCS#1 RSAPublicKey instead of SubjectPublicKeyInfo.
                key = rsa.generatePublic(new X509EncodedKeySpec(wrapPkcs1(keyData)));
            }
            BigInteger modulus = ((RSAPublicKey) key).getModulus();
            if (modulus.bitLength() < MIN_RSA_BITS) {
                throw new DkimSyntaxException("RSA key of " + modulus.bitLength()
                        + " bits is shorter than " + MIN_RSA_BITS + " bits (RFC 8301)");
            }
            return key;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new DkimSyntaxException("key record p= is not a valid " + keyTypeName + " public key");
        }
    }

    /** SubjectPublicKeyInfo { rsaEncryption, BIT STRING { pkcs1 } }. */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream bitString = new ByteArrayOutputStream();
        bitString.write(0x03);
        writeLength(bitString, pkcs1.length + 1);
        bitString.write(0x00);
        bitString.writeBytes(pkcs1);
        byte[] content = concat(RSA_ALGORITHM_ID, bitString.toByteArray());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        writeLength(out, content.length);
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xff);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write((length >> 8) & 0xff);
            out.write(length & 0xff);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
