/** The platform endpoints of the {@code /v1} API: tenants, API keys, users and the audit trail. */
package dev.mamori.server.v1;
