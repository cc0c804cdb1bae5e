/**
 * Phishing reports and takedowns: {@link dev.mamori.phishing.cases.PhishingCases} takes reports (URL,
 * SMS, forwarded mail, screenshot), reads their web addresses ({@link dev.mamori.phishing.cases.UrlExtractor},
 * {@link dev.mamori.phishing.cases.ReportedMail}), groups them into one case per phishing page and keeps
 * each case's history; {@link dev.mamori.phishing.cases.TakedownReports} writes ARF and XARF requests,
 * {@link dev.mamori.phishing.cases.CaseExports} the exports for Japanese bodies and
 * {@link dev.mamori.phishing.cases.CaseWarnings} the cardholder warning. Card numbers in reports are
 * masked in everything stored; cards are kept only as the fingerprint a
 * {@link dev.mamori.phishing.cases.CardFingerprinter} (the server's vault) gives.
 */
package dev.mamori.phishing.cases;
