package dev.mamori.phishing.lookalike;

import dev.mamori.phishing.DomainName;

/**
 * An observed domain that imitates a brand domain.
 *
 * @param observed the observed host name, canonical A-label form
 * @param brand the brand domain it imitates
 * @param score similarity from 0 to 1 (1: indistinguishable)
 * @param technique the technique that explains the resemblance
 */
public record LookalikeMatch(String observed, DomainName brand, double score, Technique technique) {
}
