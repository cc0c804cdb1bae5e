/**
 * DMARC (RFC 7489, and RFC 9989 which obsoletes it): {@link dev.mamori.phishing.dmarc.DmarcRecord} parses a
 * policy record; {@link dev.mamori.phishing.dmarc.DnsTreeWalk} discovers the applicable record and
 * Organizational Domains with the RFC 9989 DNS Tree Walk (no Public Suffix List);
 * {@link dev.mamori.phishing.dmarc.DmarcEvaluator} combines the {@code spf} and {@code dkim} results into a
 * {@link dev.mamori.phishing.dmarc.DmarcResult}; {@link dev.mamori.phishing.dmarc.AuthenticationResults}
 * writes the RFC 8601 header.
 *
 * <p>Simplifications, on purpose:
 * <ul>
 *   <li>Both RFCs' tags are read: {@code pct} (RFC 7489) is honoured only when the record has no {@code t}
 *       tag; {@code t} wins when both are present. A missing {@code p} means {@code p=none} (RFC 9989).</li>
 *   <li>A domain is non-existent for {@code np} when an A query answers NXDOMAIN (RFC 8020); a temporary
 *       failure of that query counts as "exists".</li>
 *   <li>A DNS temporary failure during policy discovery gives {@code temperror}; RFC 9989 leaves this to the
 *       receiver. A failure while finding an Organizational Domain gives {@code temperror} only if no other
 *       identifier passed aligned.</li>
 *   <li>More than one DMARC record at a name: that name counts as having none and the walk goes on; if
 *       nothing else applies the result is {@code none}.</li>
 *   <li>Domains are compared as given, lower-cased (A-labels expected; no IDNA conversion).</li>
 *   <li>No reports are sent; {@code rua}, {@code ruf}, {@code fo}, {@code ri}, {@code rf} are parsed only.</li>
 * </ul>
 */
package dev.mamori.phishing.dmarc;
