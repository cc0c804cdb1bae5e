/**
 * Lookalike domains: {@link dev.mamori.phishing.lookalike.CandidateGenerator} makes the lookalikes of a
 * brand domain (typos by keyboard proximity, bitsquatting, hyphenation, vowel swaps, ASCII and UTS #39
 * Unicode homoglyphs, other suffixes including the .jp second-level domains, phishing keywords);
 * {@link dev.mamori.phishing.lookalike.LookalikeMatcher} scores observed host names against a set of
 * brands; {@link dev.mamori.phishing.lookalike.ObservedDomainReader} streams plain lists, CSV and JSON
 * lines certificate-transparency exports and URLs; {@link dev.mamori.phishing.lookalike.Lookalikes}
 * keeps each tenant's matches and the analysts' decisions. See docs/phishing-lookalike.md.
 */
package dev.mamori.phishing.lookalike;
