/**
 * DMARC aggregate (RUA) reports: parsing the files receivers send (XML, gzip, zip or an e-mail
 * carrying one; RFC 7489 appendix C and RFC 9990 schemas), storing them per tenant, and the
 * analysis a domain owner needs before moving to {@code p=reject}: who sends mail in the domain's
 * name, how much passes DMARC, and which senders are forgotten or spoofing.
 *
 * <p>Entry points: {@link dev.mamori.phishing.aggregate.AggregateReportParser} (bytes to
 * {@link dev.mamori.phishing.aggregate.AggregateReport}) and
 * {@link dev.mamori.phishing.aggregate.DmarcReports} (ingest, list, find, summary).
 */
package dev.mamori.phishing.aggregate;
