/**
 * DKIM signature verification (RFC 6376, algorithms updated by RFC 8301 and RFC 8463).
 *
 * <p>{@link dev.mamori.phishing.dkim.DkimVerifier} checks every {@code DKIM-Signature} header of a
 * received message and answers one {@link dev.mamori.phishing.dkim.DkimResult} per signature, in
 * the words of RFC 8601 ({@code pass}, {@code fail}, {@code neutral}, {@code temperror},
 * {@code permerror}, {@code none}). Keys are looked up through
 * {@link dev.mamori.phishing.dns.DnsResolver} at {@code <selector>._domainkey.<domain>}.
 * Supported algorithms are {@code rsa-sha256} (keys of 1024 bits or more) and
 * {@code ed25519-sha256}; {@code rsa-sha1} is refused as RFC 8301 requires. Only the JDK's
 * cryptography is used. There is no signer here.
 */
package dev.mamori.phishing.dkim;
