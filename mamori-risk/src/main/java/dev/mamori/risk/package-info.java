/**
 * The issuer authorization host: ISO 8583 and JSON authorizations, velocity features, issuer rules, lists and model scoring on the hot path. Filled by the authorization-host issue.
 *
 * <p>This package is the module's public API; {@code dev.mamori.risk.internal} is private to it.
 * Plain Java: no Spring, no HTTP (checked by the architecture test in mamori-server).
 */
package dev.mamori.risk;
