package dev.mamori.vault.keys;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Master keys in a PKCS#12 key store file protected by a passphrase: the embedded default for
 * development and small installations ({@code ./data/...}, passphrase from the environment).
 *
 * <p>Each master key is an AES-256 {@code SecretKeyEntry} named {@code mamori-master-<version>},
 * encrypted in the file with PBES2 (PBKDF2-HMAC-SHA256, AES-256); the file's integrity is
 * protected by a MAC derived from the same passphrase. Each tenant key is an AES-256 entry named
 * {@code mamori-tenant-<tenant id>} in the same file, and each card verification key two DESede
 * entries {@code mamori-cvk-<tenant id>-<name>-ede} and {@code ...-a}, written in one step.
 *
 * <p>Destroying a tenant key removes it from the file, but not from copies of the file made
 * before (backups): what crypto-shredding achieves against those depends on how long the
 * operator keeps them. One instance per file: an instance does not see keys another process
 * wrote to the file, and its next write would drop them.
 *
 * <p>Security guarantees: the file is readable and writable by its owner only (rw-------, set on
 * every write); every change is written to a temporary file in the same directory, forced to disk
 * and moved over the store atomically, so a crash leaves either the old or the new store, never a
 * half-written one; a change that cannot be written is not applied in memory either. A wrong
 * passphrase or a damaged file fails {@link #open} with a {@link VaultKeyException} naming the file.
 * Unlike an HSM, the keys are in this process's memory while it is open: use
 * {@link Pkcs11MasterKeyProvider} where PCI DSS asks for keys that software cannot read.
 * {@link #wrap} and {@link #unwrap} take no lock and may be called from any number of threads.
 */
public final class Pkcs12MasterKeyProvider extends AbstractMasterKeyProvider {

    // Named explicitly (also the JDK 17 default) so a java.security override cannot weaken it.
    private static final String KEY_PROTECTION = "PBEWithHmacSHA256AndAES_256";
    /** A fixed, public DESede key: what a kept cipher holds between uses instead of a card verification key. */
    private static final SecretKeySpec NO_KEY = new SecretKeySpec(java.util.HexFormat.of().parseHex(
            "0123456789ABCDEFFEDCBA987654321089ABCDEF01234567"), "DESede");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private final char[] passphrase;
    private final ThreadLocal<Cipher> desede = new ThreadLocal<>();
    private final KeyStore store;

    private Pkcs12MasterKeyProvider(Path file, char[] passphrase, KeyStore store) {
        this.file = file;
        this.passphrase = passphrase;
        this.store = store;
    }

    /**
     * Opens the key store at {@code file}, creating an empty one (and its parent directories) when
     * the file does not exist. The passphrase is copied; the caller may wipe its array.
     *
     * @throws VaultKeyException when the passphrase is wrong, the file is damaged or unreadable
     */
    public static Pkcs12MasterKeyProvider open(Path file, char[] passphrase) throws VaultKeyException {
        if (file == null) {
            throw new VaultKeyException("the PKCS#12 key store path is missing");
        }
        if (passphrase == null || passphrase.length == 0) {
            throw new VaultKeyException("the passphrase of key store " + file + " is empty");
        }
        Path absolute = file.toAbsolutePath();
        char[] ownCopy = passphrase.clone();
        Pkcs12MasterKeyProvider provider = null;
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            provider = new Pkcs12MasterKeyProvider(absolute, ownCopy, store);
            if (Files.exists(absolute)) {
                Map<String, Key> tenantKeys = new HashMap<>();
                var cvks = new CardVerificationKeysFound();
                provider.loaded(provider.load(tenantKeys, cvks), tenantKeys, cvks);
            } else {
                store.load(null, null);
                Files.createDirectories(absolute.getParent());
                provider.write();
                provider.loaded(List.of(), Map.of(), new CardVerificationKeysFound());
            }
            return provider;
        } catch (GeneralSecurityException | IOException e) {
            Arrays.fill(ownCopy, '\0');
            throw new VaultKeyException("could not create key store " + absolute + ": " + e.getMessage(), e);
        } catch (VaultKeyException | RuntimeException e) {
            Arrays.fill(ownCopy, '\0');
            throw e;
        }
    }

    @Override
    public String id() {
        return Pkcs12MasterKeyProviderFactory.ID;
    }

    @Override
    public String description() {
        return "PKCS#12 key store " + file;
    }

    @Override
    protected Cipher newGcmCipher() throws GeneralSecurityException {
        return Cipher.getInstance(GCM);
    }

    /**
     * The thread's own instance: every authentication value takes two DESede MACs, and looking the
     * cipher up in the JCA providers cost more than the DES itself. Each use initialises it with its key,
     * and {@link #releaseDesedeCipher} sets it to {@link #NO_KEY} after, so no key's schedule stays behind.
     */
    @Override
    protected Cipher desedeCipher() throws GeneralSecurityException {
        Cipher cipher = desede.get();
        if (cipher == null) {
            cipher = Cipher.getInstance(DESEDE_ECB);
            desede.set(cipher);
        }
        return cipher;
    }

    @Override
    protected void releaseDesedeCipher(Cipher cipher) throws GeneralSecurityException {
        cipher.init(Cipher.ENCRYPT_MODE, NO_KEY);
    }

    @Override
    protected MasterKeyEntry storeGenerated(int version) throws VaultKeyException {
        SecretKey key = newAesKey();
        byte[] material = key.getEncoded();
        try {
            return add(version, key, KeyCheckValue.of(material));
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    @Override
    protected MasterKeyEntry storeImported(int version, byte[] keyMaterial) throws VaultKeyException {
        return add(version, new SecretKeySpec(keyMaterial, "AES"), KeyCheckValue.of(keyMaterial));
    }

    @Override
    protected void deleteStored(int version) throws VaultKeyException {
        remove(MasterKeyAlias.of(version), "master key version " + version);
    }

    @Override
    protected Key storeGeneratedTenantKey(String alias) throws VaultKeyException {
        SecretKey key = newAesKey();
        put(alias, key, "tenant key " + alias);
        return key;
    }

    @Override
    protected Key findStoredTenantKey(String alias) {
        return null; // every key of the file was loaded at open, and only this instance writes it
    }

    @Override
    protected void deleteStoredTenantKey(String alias) throws VaultKeyException {
        try {
            if (!store.containsAlias(alias)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            throw new VaultKeyException("could not read " + description(), e);
        }
        remove(alias, "tenant key " + alias);
    }

    @Override
    protected CardVerificationKeyPair storeCardVerificationKey(String base, byte[] keyAba, byte[] keyAbb)
            throws VaultKeyException {
        // SecretKeySpec copies the bytes; the copies are the keys this instance holds while open.
        SecretKey ede = new SecretKeySpec(keyAba, "DESede");
        SecretKey singleA = new SecretKeySpec(keyAbb, "DESede");
        String edeAlias = base + MasterKeyAlias.CVK_EDE_SUFFIX;
        String singleAAlias = base + MasterKeyAlias.CVK_A_SUFFIX;
        try {
            store.setEntry(edeAlias, new KeyStore.SecretKeyEntry(ede), protection());
            store.setEntry(singleAAlias, new KeyStore.SecretKeyEntry(singleA), protection());
            write(); // both entries in one write: the file never holds one without the other
        } catch (GeneralSecurityException | VaultKeyException e) {
            forgetQuietly(edeAlias);
            forgetQuietly(singleAAlias);
            throw e instanceof VaultKeyException known ? known
                    : new VaultKeyException("could not add card verification key " + base + " to " + description(), e);
        }
        return new CardVerificationKeyPair(ede, singleA);
    }

    @Override
    protected CardVerificationKeyPair findStoredCardVerificationKey(String base) {
        return null; // every key of the file was loaded at open, and only this instance writes it
    }

    @Override
    protected void deleteStoredCardVerificationKey(String base) throws VaultKeyException {
        var removed = new HashMap<String, KeyStore.Entry>();
        try {
            for (String alias : List.of(base + MasterKeyAlias.CVK_EDE_SUFFIX, base + MasterKeyAlias.CVK_A_SUFFIX)) {
                if (store.containsAlias(alias)) {
                    removed.put(alias, store.getEntry(alias, protection()));
                    store.deleteEntry(alias);
                }
            }
            if (removed.isEmpty()) {
                return;
            }
            write();
        } catch (GeneralSecurityException | VaultKeyException e) {
            for (var entry : removed.entrySet()) {
                try {
                    store.setEntry(entry.getKey(), entry.getValue(), protection()); // not written, so not removed
                } catch (GeneralSecurityException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e instanceof VaultKeyException known ? known
                    : new VaultKeyException("could not remove card verification key " + base + " from "
                            + description(), e);
        }
    }

    @Override
    protected List<String> storedAliases() throws VaultKeyException {
        try {
            return Collections.list(store.aliases());
        } catch (GeneralSecurityException e) {
            throw new VaultKeyException("could not read " + description(), e);
        }
    }

    /** Removes {@code alias} from the in-memory store only (undoing an add that was not written). */
    private void forgetQuietly(String alias) {
        try {
            store.deleteEntry(alias);
        } catch (GeneralSecurityException ignored) {
            // The in-memory store refuses to forget; the file is unchanged, which is what counts.
        }
    }

    private static SecretKey newAesKey() throws VaultKeyException {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(AES_256_KEY_BYTES * 8);
            return generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new VaultKeyException("could not generate an AES-256 key", e);
        }
    }

    /** Deletes {@code alias} from the file; the in-memory store is unchanged unless the file is. */
    private void remove(String alias, String what) throws VaultKeyException {
        try {
            KeyStore.Entry removed = store.getEntry(alias, protection());
            store.deleteEntry(alias);
            try {
                write();
            } catch (VaultKeyException e) {
                store.setEntry(alias, removed, protection()); // not written, so not removed
                throw e;
            }
        } catch (GeneralSecurityException e) {
            throw new VaultKeyException("could not remove " + what + " from " + description(), e);
        }
    }

    @Override
    protected void release() {
        Arrays.fill(passphrase, '\0');
    }

    private MasterKeyEntry add(int version, SecretKey key, String checkValue) throws VaultKeyException {
        put(MasterKeyAlias.of(version), key, "master key version " + version);
        return new MasterKeyEntry(key, new MasterKeyInfo(version, checkValue));
    }

    /** Adds {@code key} as {@code alias} to the file; the in-memory store is unchanged unless the file is. */
    private void put(String alias, SecretKey key, String what) throws VaultKeyException {
        try {
            store.setEntry(alias, new KeyStore.SecretKeyEntry(key), protection());
        } catch (GeneralSecurityException e) {
            throw new VaultKeyException("could not add " + what + " to " + description(), e);
        }
        try {
            write();
        } catch (VaultKeyException e) {
            try {
                store.deleteEntry(alias); // not written, so not added
            } catch (GeneralSecurityException ignored) {
                // The in-memory store refuses to forget; the file is unchanged, which is what counts.
            }
            throw e;
        }
    }

    /** Loads the master keys, the tenant keys into {@code tenantKeys} and the card verification keys into {@code cvks}. */
    private List<MasterKeyEntry> load(Map<String, Key> tenantKeys, CardVerificationKeysFound cvks)
            throws VaultKeyException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new VaultKeyException("could not read key store " + file + ": " + e, e);
        }
        try {
            store.load(new ByteArrayInputStream(content), passphrase);
            var found = new ArrayList<MasterKeyEntry>();
            for (String alias : Collections.list(store.aliases())) {
                int version = MasterKeyAlias.versionOf(alias);
                String tenantId = MasterKeyAlias.tenantOf(alias);
                if (version > 0) {
                    found.add(loadEntry(alias, version));
                } else if (tenantId != null) {
                    tenantKeys.put(tenantId, loadEntry(alias, 0).key);
                } else if (MasterKeyAlias.cardVerificationKeyOf(alias) != null) {
                    cvks.offer(alias, loadDesedeEntry(alias));
                }
            }
            return found;
        } catch (IOException | GeneralSecurityException e) {
            // The JDK says "keystore password was incorrect" or a DER parse error; both mean this.
            throw new VaultKeyException("wrong passphrase or damaged key store " + file, e);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    private MasterKeyEntry loadEntry(String alias, int version)
            throws GeneralSecurityException, VaultKeyException {
        KeyStore.Entry entry = store.getEntry(alias, protection());
        if (!(entry instanceof KeyStore.SecretKeyEntry secret)
                || !"AES".equalsIgnoreCase(secret.getSecretKey().getAlgorithm())) {
            throw new VaultKeyException("entry " + alias + " of key store " + file + " is not an AES key");
        }
        SecretKey key = secret.getSecretKey();
        byte[] material = key.getEncoded();
        try {
            if (material == null || material.length != AES_256_KEY_BYTES) {
                throw new VaultKeyException("entry " + alias + " of key store " + file
                        + " is not an AES-256 key");
            }
            return new MasterKeyEntry(key, new MasterKeyInfo(version, KeyCheckValue.of(material)));
        } finally {
            if (material != null) {
                Arrays.fill(material, (byte) 0);
            }
        }
    }

    private SecretKey loadDesedeEntry(String alias) throws GeneralSecurityException, VaultKeyException {
        KeyStore.Entry entry = store.getEntry(alias, protection());
        if (!(entry instanceof KeyStore.SecretKeyEntry secret)
                || !"DESede".equalsIgnoreCase(secret.getSecretKey().getAlgorithm())) {
            throw new VaultKeyException("entry " + alias + " of key store " + file + " is not a DESede key");
        }
        byte[] material = secret.getSecretKey().getEncoded();
        try {
            if (material == null || material.length != DESEDE_KEY_BYTES) {
                throw new VaultKeyException("entry " + alias + " of key store " + file + " is not a 24-byte DESede key");
            }
            return new SecretKeySpec(material, "DESede");
        } finally {
            if (material != null) {
                Arrays.fill(material, (byte) 0);
            }
        }
    }

    private KeyStore.PasswordProtection protection() {
        return new KeyStore.PasswordProtection(passphrase, KEY_PROTECTION, null);
    }

    /** Writes the whole store to a temporary file and moves it over the old one in one step. */
    private void write() throws VaultKeyException {
        Path directory = file.getParent();
        Path temporary = null;
        try {
            temporary = createOwnerOnlyFile(directory);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                store.store(out, passphrase);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new VaultKeyException("the file system of " + directory
                        + " cannot replace files atomically; keep the key store on a local file system", e);
            }
            temporary = null;
            forceDirectory(directory);
        } catch (IOException | GeneralSecurityException e) {
            throw new VaultKeyException("could not write key store " + file + ": " + e, e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // A leftover temporary file is harmless: it is never read.
                }
            }
        }
    }

    private Path createOwnerOnlyFile(Path directory) throws IOException {
        String prefix = "." + file.getFileName() + ".";
        try {
            return Files.createTempFile(directory, prefix, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the directory's ACL is what protects the file.
            return Files.createTempFile(directory, prefix, ".tmp");
        }
    }

    /** Makes the rename itself durable; not every platform can open a directory, which is fine. */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Best effort: the data itself was forced before the move.
        }
    }
}
