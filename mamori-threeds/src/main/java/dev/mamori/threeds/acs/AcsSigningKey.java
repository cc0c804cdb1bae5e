package dev.mamori.threeds.acs;

import dev.mamori.threeds.KeyStoreFiles;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * The key the ACS signs the app channel's {@code acsSignedContent} with (EC P-256 → ES256, RSA → PS256,
 * the two algorithms EMV 3DS allows) and its certificate chain, leaf first, sent in the JWS's {@code x5c}.
 * A real ACS uses a certificate issued by the DS's CA; without one, {@link #loadOrCreate} makes a
 * self-signed certificate once and keeps it in a PKCS#12 file, so SDKs that pin it keep working.
 */
public final class AcsSigningKey {
    static final String ALIAS = "acs-signing";

    private final PrivateKey privateKey;
    private final List<X509Certificate> chain;

    public AcsSigningKey(PrivateKey privateKey, List<X509Certificate> chain) {
        Objects.requireNonNull(privateKey, "privateKey");
        if (!(privateKey instanceof ECPrivateKey) && !(privateKey instanceof RSAPrivateKey)) {
            throw new IllegalArgumentException("the ACS signing key must be EC P-256 (ES256) or RSA (PS256)");
        }
        if (chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("the ACS signing key needs its certificate");
        }
        this.privateKey = privateKey;
        this.chain = List.copyOf(chain);
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** Leaf first. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** A fresh EC P-256 key with a self-signed certificate (tests, or when nothing may be written). */
    public static AcsSigningKey selfSigned() {
        return of(selfSignedEntry());
    }

    /**
     * The PKCS#12 key store's first key entry (alias {@code acs-signing} preferred); when the file does
     * not exist, a self-signed key is created and stored there (owner-only permissions where supported).
     */
    public static AcsSigningKey loadOrCreate(Path file, char[] password) {
        return of(KeyStoreFiles.loadOrCreate(file, password, ALIAS, AcsSigningKey::selfSignedEntry));
    }

    private static KeyStore.PrivateKeyEntry selfSignedEntry() {
        return KeyStoreFiles.selfSigned(KeyStoreFiles.Algorithm.EC_P256, "CN=Mamori ACS (self-signed),O=Mamori", KeyUsage.digitalSignature);
    }

    private static AcsSigningKey of(KeyStore.PrivateKeyEntry entry) {
        return new AcsSigningKey(entry.getPrivateKey(), KeyStoreFiles.chain(entry));
    }
}
