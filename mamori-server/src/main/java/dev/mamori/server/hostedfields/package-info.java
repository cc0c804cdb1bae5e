/**
 * Hosted payment fields (非保持化, the JavaScript/token type of the Japanese guidelines): the card
 * form lives in an iframe served by Mamori, so the shop's page and server never see a card number.
 *
 * <ul>
 *   <li>{@code /v1/publishable-keys}: a tenant's admins create, list and revoke publishable keys,
 *       each bound to the web origins allowed to embed the form.</li>
 *   <li>{@code /hosted-fields/v1/mamori-fields.js}: the shop's script (static, long-cached, with a
 *       published SRI hash); {@code /hosted-fields/v1/frame}: the iframe page, embeddable only by
 *       the key's origins ({@code frame-ancestors}); {@code /hosted-fields/v1/tokens}: tokenizes,
 *       accepted only from the frame itself (same origin as Mamori, signed frame session).</li>
 *   <li>{@code /demo/shop}: a demo checkout page using the fields from another origin.</li>
 * </ul>
 */
package dev.mamori.server.hostedfields;
