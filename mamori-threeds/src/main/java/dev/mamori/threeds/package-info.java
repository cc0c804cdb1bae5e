/**
 * EMV 3-D Secure: issuer ACS with risk-based authentication, Directory Server routing, 3DS Server client and OTP challenges. Filled by the 3-D Secure issue.
 *
 * <p>This package is the module's public API; {@code dev.mamori.threeds.internal} is private to it.
 * Plain Java: no Spring, no HTTP (checked by the architecture test in mamori-server).
 */
package dev.mamori.threeds;
