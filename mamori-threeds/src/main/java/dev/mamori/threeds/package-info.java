/**
 * EMV 3-D Secure (message versions 2.2.0 and 2.3.1) in its three domains: the issuer's Access
 * Control Server (ACS) with risk-based authentication and challenges, the Directory Server (card-range
 * routing) and the merchant's 3DS Server.
 *
 * <p>This package holds the types the parts share and the interfaces the server wires:
 * {@link dev.mamori.threeds.AuthenticationRiskDecider} (the risk-based decision),
 * {@link dev.mamori.threeds.ChallengeAuthenticator} (OTP, authenticator app, out of band) and
 * {@link dev.mamori.threeds.AuthenticationValueIssuer} (CAVV). Plain Java: no Spring, no HTTP.
 */
package dev.mamori.threeds;
