/**
 * Conventions every {@code /v1} endpoint shares: RFC 9457 problem+json errors with stable type
 * URIs and the offending field, request size limits, and idempotency keys on creating POSTs.
 */
package dev.mamori.server.api;
