package dev.mamori.phishing.posture;

import dev.mamori.phishing.DomainName;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * Fetches MTA-STS policies with {@link HttpClient} as RFC 8461 section 3.3 asks: HTTPS with a certificate valid
 * for the host (the JDK's checks), no redirects, status 200, media type {@code text/plain}, a bounded size.
 */
public final class HttpsMtaStsFetcher implements MtaStsFetcher {
    private final HttpClient client;
    private final Duration timeout;
    private final Function<DomainName, URI> location;
    private final boolean allowPrivateAddresses;

    /**
     * The system's trust store, the standard location, and no fetch from a host that resolves to a loopback,
     * private or link-local address: anyone who registers a domain chooses where {@code mta-sts.<domain>} points,
     * and the server must not be made to request its own network.
     */
    public static HttpsMtaStsFetcher standard(Duration timeout) {
        return new HttpsMtaStsFetcher(null, timeout, MtaStsFetcher::policyUri, false);
    }

    /**
     * A fetcher that may reach any address (tests with a local server).
     *
     * @param sslContext trust for the server's certificate (null: the system's)
     * @param timeout connect and response timeout
     * @param location where each domain's policy is fetched from (normally {@link MtaStsFetcher#policyUri})
     */
    public HttpsMtaStsFetcher(SSLContext sslContext, Duration timeout, Function<DomainName, URI> location) {
        this(sslContext, timeout, location, true);
    }

    /**
     * @param sslContext trust for the server's certificate (null: the system's)
     * @param timeout connect and response timeout
     * @param location where each domain's policy is fetched from (normally {@link MtaStsFetcher#policyUri})
     * @param allowPrivateAddresses whether hosts resolving to loopback, private or link-local addresses may be fetched
     */
    public HttpsMtaStsFetcher(SSLContext sslContext, Duration timeout, Function<DomainName, URI> location, boolean allowPrivateAddresses) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        this.client = builder.build();
        this.timeout = timeout;
        this.location = Objects.requireNonNull(location, "location");
        this.allowPrivateAddresses = allowPrivateAddresses;
    }

    @Override
    public String fetch(DomainName domain) throws IOException {
        URI uri = location.apply(domain);
        if (!"https".equals(uri.getScheme())) {
            throw new IOException("the policy is fetched over HTTPS only");
        }
        if (!allowPrivateAddresses) {
            refusePrivate(uri);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching the policy");
        } catch (IOException e) {
            throw new IOException("could not fetch " + uri + ": " + describe(e), e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException(uri + " answered HTTP " + response.statusCode() + " (200 is required, redirects are not followed)");
            }
            String type = response.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
            if (!type.startsWith("text/plain")) {
                throw new IOException(uri + " has media type '" + type + "'; text/plain is required");
            }
            byte[] bytes = body.readNBytes(MtaStsPolicy.MAX_BYTES + 1);
            if (bytes.length > MtaStsPolicy.MAX_BYTES) {
                throw new IOException(uri + " is larger than " + MtaStsPolicy.MAX_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Resolves the host first; a name that points into a private network is not fetched (DNS rebinding aside). */
    private static void refusePrivate(URI uri) throws IOException {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new IOException("could not fetch " + uri + ": the host " + uri.getHost() + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (isPrivate(address)) {
                throw new IOException("not fetched: " + uri.getHost() + " resolves to the private or local address " + address.getHostAddress());
            }
        }
    }

    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || first == 100 && second >= 64 && second < 128; // this network; carrier-grade NAT (RFC 6598)
        }
        return (b[0] & 0xfe) == 0xfc; // unique local fc00::/7 (RFC 4193)
    }

    private static String describe(IOException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }
}
