package dev.mamori.phishing.posture;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.mamori.phishing.DomainName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Test material for posture checks: DKIM keys as zone-file TXT data, and a local HTTPS server for MTA-STS policies. */
final class PostureFixtures {
    private PostureFixtures() {
    }

    /** A TXT record's data as zone-file character-strings of at most 255 characters each. */
    static String txt(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i += 200) {
            out.append(out.isEmpty() ? "" : " ").append('"').append(value, i, Math.min(value.length(), i + 200)).append('"');
        }
        return out.toString();
    }

    static String rsaKey(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return Base64.getEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String ed25519Key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /**
     * A JDK HTTPS server on loopback with a self-signed certificate for {@code localhost} (made by keytool);
     * {@link #fetcher()} is a real {@link HttpsMtaStsFetcher} trusting that certificate and sending each
     * domain's request to {@code /<domain>/.well-known/mta-sts.txt} here.
     */
    static final class PolicyServer implements AutoCloseable {
        final Map<String, String> policies = new ConcurrentHashMap<>();
        final Map<String, Integer> statuses = new ConcurrentHashMap<>();
        final Map<String, String> types = new ConcurrentHashMap<>();
        private final HttpsServer server;
        private final SSLContext context;

        PolicyServer() {
            try {
                Path dir = Files.createTempDirectory("mamori-mta-sts");
                Path store = dir.resolve("server.p12");
                Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                        "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                        "-ext", "san=dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                        "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
                String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (keytool.waitFor() != 0) {
                    throw new IllegalStateException("keytool failed: " + output);
                }
                KeyStore keys = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(store)) {
                    keys.load(in, "changeit".toCharArray());
                }
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, "changeit".toCharArray());
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(keys);
                context = SSLContext.getInstance("TLS");
                context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
                server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                server.setHttpsConfigurator(new HttpsConfigurator(context));
                server.createContext("/", exchange -> {
                    String domain = exchange.getRequestURI().getPath().split("/")[1];
                    String body = policies.get(domain);
                    int status = statuses.getOrDefault(domain, body == null ? 404 : 200);
                    byte[] bytes = (body == null ? "not found" : body).getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", types.getOrDefault(domain, "text/plain; charset=utf-8"));
                    if (status / 100 == 3) {
                        exchange.getResponseHeaders().set("Location", "https://elsewhere.test/.well-known/mta-sts.txt");
                    }
                    exchange.sendResponseHeaders(status, bytes.length);
                    exchange.getResponseBody().write(bytes);
                    exchange.close();
                });
                server.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        MtaStsFetcher fetcher() {
            return new HttpsMtaStsFetcher(context, Duration.ofSeconds(5), this::uri);
        }

        /** A fetcher that trusts only the system's certificate authorities, not this server's own certificate. */
        MtaStsFetcher untrustingFetcher() {
            return new HttpsMtaStsFetcher(null, Duration.ofSeconds(5), this::uri);
        }

        URI uri(DomainName domain) {
            return URI.create("https://localhost:" + server.getAddress().getPort() + "/" + domain.ascii() + "/.well-known/mta-sts.txt");
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
