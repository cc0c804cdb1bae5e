/**
 * The authentication value (CAVV/AAV-style) the ACS returns for a Y or A result, and its
 * verification by the issuer's authorization host: {@link dev.mamori.threeds.authvalue.AuthenticationValues}
 * computes and checks it under the issuer tenant's key in the vault's key provider;
 * {@link dev.mamori.threeds.authvalue.Eci} maps results to each brand's ECI.
 */
package dev.mamori.threeds.authvalue;
