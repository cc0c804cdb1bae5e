/**
 * The EMV 3-D Secure message layer, message versions 2.2.0 and 2.3.1: parsing a message
 * ({@link dev.mamori.threeds.message.ThreeDsMessage}), checking it against the spec's data element
 * table ({@link dev.mamori.threeds.message.MessageValidator}), the spec's error codes and Erro
 * messages ({@link dev.mamori.threeds.message.Erro}) and the browser challenge's form encoding
 * ({@link dev.mamori.threeds.message.ChallengeEncoding}). Plain Java and Jackson; no HTTP.
 */
package dev.mamori.threeds.message;
