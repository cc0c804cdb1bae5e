/**
 * SPF (RFC 7208): {@link dev.mamori.phishing.spf.SpfEvaluator} runs {@code check_host()} for the MAIL FROM or
 * HELO identity of an SMTP client and answers a {@link dev.mamori.phishing.spf.SpfResult};
 * {@link dev.mamori.phishing.spf.SpfRecordAnalyzer} lints a domain's published record for anti-phishing
 * posture. DNS goes through {@link dev.mamori.phishing.dns.DnsResolver}. Conformance is tested against the
 * openspf.org RFC 7208 test suite.
 */
package dev.mamori.phishing.spf;
