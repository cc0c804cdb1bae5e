package dev.mamori.common;

import java.util.Locale;
import java.util.Optional;

/**
 * What a principal may do inside its tenant. Each role maps to one party of a card payment
 * (merchant, PSP, acquirer, issuer) or to an oversight function (analyst, auditor, admin).
 */
public enum Role {
    /** An EC shop: tokenizes cards through hosted fields, requests payments. */
    MERCHANT,
    /** A payment service provider: screens payments for its merchants, starts 3-D Secure. */
    PSP,
    /** An acquirer: sends authorizations to issuers. */
    ACQUIRER,
    /** A card issuer: authorizes, registers fraud rules, manages cards. */
    ISSUER,
    /** A fraud analyst: reviews cases and decisions. */
    ANALYST,
    /** Reads and verifies the audit trail; changes nothing (separation of duties). */
    AUDITOR,
    /** Manages the tenant's principals, API keys and settings. */
    ADMIN;

    /** The lower-case name used in APIs, tokens and configuration, e.g. {@code issuer}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (Role role : values()) {
            if (role.id().equalsIgnoreCase(id.trim())) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
