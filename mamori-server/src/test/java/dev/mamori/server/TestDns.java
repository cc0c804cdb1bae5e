package dev.mamori.server;

import dev.mamori.phishing.dns.LocalDnsServer;
import dev.mamori.phishing.mail.MailTestZones;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The one authoritative DNS server (unbound) every integration test's server resolves through
 * ({@code mamori.phishing.dns-server}), started once per test JVM. Its zones are the files under
 * {@code src/test/resources/dns-zones}: {@code <zone name>.zone}, records relative to the zone
 * (SOA and NS are added). Keeping one server keeps one cached Spring context for all tests.
 */
public final class TestDns {
    private static LocalDnsServer server;

    private TestDns() {
    }

    /** {@code host:port} of the server, started on first use. */
    public static synchronized String hostAndPort() {
        if (server == null) {
            server = LocalDnsServer.start(zones());
            LocalDnsServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-dns-stop"));
        }
        return server.hostAndPort();
    }

    private static Map<String, String> zones() {
        URL dir = TestDns.class.getResource("/dns-zones");
        if (dir == null) {
            return Map.of();
        }
        // The message-authentication zones of mamori-phishing's tests (the RFC 8463 sender and two shops).
        Map<String, String> zones = new TreeMap<>(MailTestZones.zones());
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".zone")).toList()) {
                String name = file.getFileName().toString();
                zones.put(name.substring(0, name.length() - ".zone".length()), Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return zones;
    }
}
