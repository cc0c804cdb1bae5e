package dev.mamori.vault.internal;

import java.util.Map;
import javax.crypto.SecretKey;

/**
 * A tenant's unwrapped keys, cached in memory so tokenization costs no HSM call. Not a record:
 * it holds key material and must not print it.
 */
public final class TenantKeys {
    private final int kekVersion;
    private final SecretKey kek;
    private final int activeDataVersion;
    private final Map<Integer, SecretKey> dataKeys;
    private final SecretKey fingerprintKey;
    private final long loadedAtNanos;

    TenantKeys(int kekVersion, SecretKey kek, int activeDataVersion, Map<Integer, SecretKey> dataKeys,
               SecretKey fingerprintKey, long loadedAtNanos) {
        this.kekVersion = kekVersion;
        this.kek = kek;
        this.activeDataVersion = activeDataVersion;
        this.dataKeys = Map.copyOf(dataKeys);
        this.fingerprintKey = fingerprintKey;
        this.loadedAtNanos = loadedAtNanos;
    }

    public int kekVersion() {
        return kekVersion;
    }

    SecretKey kek() {
        return kek;
    }

    public int activeDataVersion() {
        return activeDataVersion;
    }

    public SecretKey activeDataKey() {
        return dataKeys.get(activeDataVersion);
    }

    /** The data key of {@code version}, or null when this snapshot does not hold it. */
    public SecretKey dataKey(int version) {
        return dataKeys.get(version);
    }

    public SecretKey fingerprintKey() {
        return fingerprintKey;
    }

    long loadedAtNanos() {
        return loadedAtNanos;
    }

    @Override
    public String toString() {
        return "TenantKeys[kek v" + kekVersion + ", data v" + activeDataVersion + "]";
    }
}
