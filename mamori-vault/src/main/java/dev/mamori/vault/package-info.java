/**
 * The card vault, the platform's cardholder-data environment: tokenization, envelope encryption, key management (key store file or HSM over PKCS#11), hosted payment fields and PAN discovery. Filled by the vault issue.
 *
 * <p>This package is the module's public API; {@code dev.mamori.vault.internal} is private to it.
 * Plain Java: no Spring, no HTTP (checked by the architecture test in mamori-server).
 */
package dev.mamori.vault;
