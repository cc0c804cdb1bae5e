package dev.mamori.phishing.posture;

import dev.mamori.phishing.DomainName;
import java.io.IOException;

/**
 * Fetches a domain's MTA-STS policy file, normally {@code https://mta-sts.<domain>/.well-known/mta-sts.txt}
 * ({@link HttpsMtaStsFetcher}). An interface so that tests can serve the file from a local HTTPS server.
 */
public interface MtaStsFetcher {

    /**
     * The policy file's body.
     *
     * @throws IOException with a message saying what failed (connection, certificate, status, media type, size)
     */
    String fetch(DomainName domain) throws IOException;

    /** Where the policy of {@code domain} lives (RFC 8461 section 3.3). */
    static java.net.URI policyUri(DomainName domain) {
        return java.net.URI.create("https://mta-sts." + domain.ascii() + "/.well-known/mta-sts.txt");
    }
}
