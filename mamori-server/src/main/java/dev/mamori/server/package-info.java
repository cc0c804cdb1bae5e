/**
 * The Mamori application: wires the plain-Java domain modules into one Spring Boot process and
 * owns the platform concerns they share: tenants and principals ({@code identity}), security,
 * the audit trail, API conventions ({@code api}) and the web console.
 */
package dev.mamori.server;
