package dev.mamori.vault.keys;

/**
 * A master key version and its key check value (KCV: the first three bytes of AES-encrypting a
 * zero block, in hex), which custodians compare to confirm the right key without revealing it.
 */
public record MasterKeyInfo(int version, String checkValue) {
}
