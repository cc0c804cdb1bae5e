/**
 * Who is calling and what they may do. Machine clients: API keys ({@code X-API-Key}) or OAuth2
 * JWT bearer tokens carrying {@code tenant_id} and {@code roles}. People: console login with
 * password then TOTP. Every principal belongs to exactly one tenant; refusals are audited and
 * answered with problem+json.
 */
package dev.mamori.server.security;
