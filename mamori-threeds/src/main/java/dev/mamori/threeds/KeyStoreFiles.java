package dev.mamori.threeds;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.function.Supplier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The 3-D Secure parts' own key pairs (the ACS's signing key, the DS's device-data key) kept in PKCS#12
 * files: a real deployment puts the key and the certificate its scheme's CA issued there; without one,
 * a self-signed pair is made once and kept, so that SDKs which pinned it keep working after a restart.
 */
public final class KeyStoreFiles {
    private KeyStoreFiles() {
    }

    /** The key algorithms EMV 3DS allows for these keys. */
    public enum Algorithm { EC_P256, RSA_2048 }

    /** A fresh key pair with a self-signed certificate valid for ten years, for the given {@link KeyUsage} bits. */
    public static KeyStore.PrivateKeyEntry selfSigned(Algorithm algorithm, String subject, int keyUsage) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm == Algorithm.EC_P256 ? "EC" : "RSA");
            if (algorithm == Algorithm.EC_P256) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator.initialize(2048);
            }
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name(subject);
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic());
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            String signature = algorithm == Algorithm.EC_P256 ? "SHA256withECDSA" : "SHA256withRSA";
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(signature).build(pair.getPrivate())));
            return new KeyStore.PrivateKeyEntry(pair.getPrivate(), new Certificate[] {certificate});
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot create a self-signed key (" + subject + ")", e);
        }
    }

    /**
     * The PKCS#12 file's first key entry ({@code alias} preferred); when the file does not exist, the
     * entry {@code create} makes is stored there under {@code alias} (owner-only where the file system
     * has POSIX permissions, written whole or not at all) and returned.
     */
    public static KeyStore.PrivateKeyEntry loadOrCreate(Path file, char[] password, String alias, Supplier<KeyStore.PrivateKeyEntry> create) {
        try {
            if (Files.exists(file)) {
                return load(file, password, alias);
            }
            KeyStore.PrivateKeyEntry created = create.get();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, created.getPrivateKey(), password, created.getCertificateChain());
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, alias, ".tmp");
            try {
                try {
                    Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // Not a POSIX file system: the directory's permissions protect it.
                }
                try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                    store.store(Channels.newOutputStream(channel), password);
                    // On the disk before the rename, so a crash cannot leave an empty store under the real name.
                    channel.force(true);
                }
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
            return created;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read or create the key store " + file, e);
        }
    }

    /** The certificates of an entry, leaf first. */
    public static List<X509Certificate> chain(KeyStore.PrivateKeyEntry entry) {
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate c : entry.getCertificateChain()) {
            chain.add((X509Certificate) c);
        }
        return chain;
    }

    private static KeyStore.PrivateKeyEntry load(Path file, char[] password, String alias) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        List<String> aliases = new ArrayList<>(Collections.list(store.aliases()));
        aliases.sort((a, b) -> Boolean.compare(!alias.equals(a), !alias.equals(b)));
        for (String candidate : aliases) {
            if (store.isKeyEntry(candidate) && store.getKey(candidate, password) instanceof PrivateKey key) {
                return new KeyStore.PrivateKeyEntry(key, store.getCertificateChain(candidate));
            }
        }
        throw new IllegalStateException("the key store " + file + " holds no private key");
    }
}
