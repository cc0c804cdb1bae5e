/**
 * Domain posture: what DNS says about a brand domain's sender authentication (SPF, DMARC, DKIM keys, MTA-STS,
 * TLS-RPT, BIMI), as findings with a severity, a stable code and the fix in English and Japanese, and a grade.
 * {@link dev.mamori.phishing.posture.PostureChecker} checks one domain and stores nothing;
 * {@link dev.mamori.phishing.posture.DomainPosture} keeps each tenant's history and raises alerts when a posture
 * gets worse.
 */
package dev.mamori.phishing.posture;
