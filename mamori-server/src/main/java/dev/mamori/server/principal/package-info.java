/**
 * The authenticated caller as the rest of the application sees it: tenant, subject, roles.
 * The lowest layer of the server: it depends on nothing else in it.
 */
package dev.mamori.server.principal;
