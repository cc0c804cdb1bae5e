package dev.mamori.phishing;

import java.time.Instant;

/**
 * A domain a tenant protects.
 *
 * @param domain the domain
 * @param sendsMail false for a parked or web-only domain, which should publish {@code v=spf1 -all} and {@code p=reject}
 * @param label what people call it (the brand), or null
 * @param createdAt when it was registered
 * @param createdBy who registered it
 */
public record BrandDomain(DomainName domain, boolean sendsMail, String label, Instant createdAt, String createdBy) {
}
