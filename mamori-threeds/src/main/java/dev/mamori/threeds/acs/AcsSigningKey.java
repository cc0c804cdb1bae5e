package dev.mamori.threeds.acs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

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
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=Mamori ACS (self-signed),O=Mamori");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic());
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new AcsSigningKey(pair.getPrivate(), List.of(certificate));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot create the ACS's self-signed signing key", e);
        }
    }

    /**
     * The PKCS#12 key store's first key entry (alias {@code acs-signing} preferred); when the file does
     * not exist, a self-signed key is created and stored there (owner-only permissions where supported).
     */
    public static AcsSigningKey loadOrCreate(Path file, char[] password) {
        try {
            if (Files.exists(file)) {
                return load(file, password);
            }
            AcsSigningKey created = selfSigned();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, created.privateKey, password, created.chain.toArray(new Certificate[0]));
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "acs-signing", ".tmp");
            try {
                try {
                    Files.setPosixFilePermissions(temporary, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // Not a POSIX file system: the directory's permissions protect it.
                }
                try (OutputStream out = Files.newOutputStream(temporary)) {
                    store.store(out, password);
                }
                Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
            return created;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read or create the ACS signing key store " + file, e);
        }
    }

    private static AcsSigningKey load(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        List<String> aliases = new ArrayList<>(Collections.list(store.aliases()));
        aliases.sort((a, b) -> Boolean.compare(!ALIAS.equals(a), !ALIAS.equals(b)));
        for (String alias : aliases) {
            if (store.isKeyEntry(alias) && store.getKey(alias, password) instanceof PrivateKey key) {
                List<X509Certificate> chain = new ArrayList<>();
                for (Certificate c : store.getCertificateChain(alias)) {
                    chain.add((X509Certificate) c);
                }
                return new AcsSigningKey(key, chain);
            }
        }
        throw new IllegalStateException("the ACS signing key store " + file + " holds no private key");
    }
}
