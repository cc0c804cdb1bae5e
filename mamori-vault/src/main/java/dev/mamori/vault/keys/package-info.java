/**
 * Master key providers of the vault: a PKCS#12 key store file (the embedded default) and a PKCS#11
 * HSM. Chosen by id through {@code MasterKeyProviders}.
 */
package dev.mamori.vault.keys;
