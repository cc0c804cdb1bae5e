/**
 * Anti-phishing: SPF, DKIM and DMARC checks, DMARC report analysis, lookalike domains, phishing reports and takedowns. Filled by the anti-phishing issue.
 *
 * <p>This package is the module's public API; {@code dev.mamori.phishing.internal} is private to it.
 * Plain Java: no Spring, no HTTP (checked by the architecture test in mamori-server).
 */
package dev.mamori.phishing;
