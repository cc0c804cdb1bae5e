/**
 * The principals that act inside a tenant: people who log into the console (password plus TOTP)
 * and machine clients with API keys. Secrets are stored only as hashes (passwords, API keys).
 */
package dev.mamori.server.identity;
