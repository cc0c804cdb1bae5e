package dev.mamori.vault.keys;

import java.security.Key;

/**
 * A loaded master key and its public facts. Deliberately no {@code toString}, {@code equals} or
 * record: nothing should ever print or compare the key.
 */
final class MasterKeyEntry {
    final Key key;
    final MasterKeyInfo info;

    MasterKeyEntry(Key key, MasterKeyInfo info) {
        this.key = key;
        this.info = info;
    }
}
