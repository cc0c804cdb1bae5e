/**
 * Master key providers of the vault: a PKCS#12 key store file (the embedded default) and a PKCS#11
 * HSM. Chosen by id through {@code MasterKeyProviders}.
 *
 * <p>Besides the master keys and the tenant keys, a provider holds the issuers' card verification
 * keys (CVKs), by tenant and name. A CVK is a double-length DES key A, B; the card verification
 * value (CVV, CVV2, iCVV; Mastercard's CVC1, CVC2) is the ISO/IEC 9797-1 MAC algorithm 3 of the
 * PAN, expiry date and service code under it, decimalized. The provider keeps the key and runs the
 * DES steps ({@code MasterKeyProvider.cardVerificationDigest}): single DES under A of the first
 * block, XOR the second, then TDEA (A, B, A). It holds each CVK as two DESede keys, (A, B, A) and
 * (A, B, B), since TDEA with (A, B, B) is single DES under A and HSMs (SoftHSM2 among them) refuse
 * single-DES mechanisms. {@code CardVerificationValues} builds the blocks from a {@code Pan},
 * decimalizes and verifies in constant time. Destroying a tenant key (crypto-shredding) destroys
 * the tenant's CVKs too.
 */
package dev.mamori.vault.keys;
