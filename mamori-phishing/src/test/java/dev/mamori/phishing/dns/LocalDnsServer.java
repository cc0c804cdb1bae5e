package dev.mamori.phishing.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real authoritative DNS server for tests: Debian's {@code unbound} serving the given zones
 * (RFC 1035 zone-file text) from {@code auth-zone}s on a free loopback port, UDP and TCP, with no
 * recursion and no upstream. Answers are real wire-format DNS: NXDOMAIN for names outside the
 * zone data, NOERROR/no data for a missing type, truncation and TCP fallback for large answers.
 *
 * <pre>{@code
 * try (LocalDnsServer dns = LocalDnsServer.start(Map.of("example.test", "@ IN TXT \"v=spf1 -all\""))) {
 *     DnsResolver resolver = dns.resolver();
 * }
 * }</pre>
 *
 * Zone text is completed with {@code $ORIGIN}, {@code $TTL}, SOA and NS records when it has none.
 * Needs {@code unbound} ({@code apt-get install unbound}); {@code ./mamori test} and {@code .ci/run}
 * install it.
 */
public final class LocalDnsServer implements AutoCloseable {
    static final Path UNBOUND = Path.of("/usr/sbin/unbound");

    private final Process process;
    private final Path directory;
    private final InetSocketAddress address;

    private LocalDnsServer(Process process, Path directory, InetSocketAddress address) {
        this.process = process;
        this.directory = directory;
        this.address = address;
    }

    /** Starts unbound with one authoritative zone per entry: zone name → zone-file text. */
    public static LocalDnsServer start(Map<String, String> zones) {
        return start(zones, Map.of(), java.util.List.of());
    }

    /**
     * Also makes names that never answer, as a server that times out: each key of {@code silent} is a
     * name whose queries are dropped (its whole subtree, unless a zone or another silent name is
     * more specific) except for the records listed, in RFC 1035 presentation form with absolute
     * names ({@code "txt.example. TXT \"v=spf1 -all\""}), which are answered. {@code answered} names reach
     * the zones even below a silent name or inside one of unbound's built-in special-use zones
     * (private and documentation reverse zones such as {@code 168.192.in-addr.arpa}), which a root
     * zone would not override.
     */
    public static LocalDnsServer start(Map<String, String> zones, Map<String, java.util.List<String>> silent,
                                       java.util.List<String> answered) {
        if (!Files.isExecutable(UNBOUND)) {
            throw new IllegalStateException("the DNS tests need unbound (" + UNBOUND + "): apt-get install unbound");
        }
        try {
            Path dir = Files.createTempDirectory("mamori-dns");
            int port = freePort();
            StringBuilder conf = new StringBuilder();
            conf.append("server:\n")
                    .append("  interface: 127.0.0.1@").append(port).append('\n')
                    .append("  port: ").append(port).append('\n')
                    .append("  do-daemonize: no\n  username: \"\"\n  chroot: \"\"\n  pidfile: \"\"\n")
                    .append("  directory: \"").append(dir).append("\"\n")
                    .append("  use-syslog: no\n  logfile: \"\"\n  verbosity: 1\n  do-ip6: no\n")
                    .append("  access-control: 127.0.0.0/8 allow\n  module-config: \"iterator\"\n")
                    .append("  minimal-responses: yes\n");
            Map<String, String> ordered = new LinkedHashMap<>(zones);
            StringBuilder authZones = new StringBuilder();
            int i = 0;
            for (Map.Entry<String, String> zone : ordered.entrySet()) {
                String name = absolute(zone.getKey());
                Path file = dir.resolve("zone" + (i++) + ".txt");
                Files.writeString(file, completeZone(name, zone.getValue()), StandardCharsets.UTF_8);
                // unbound answers special-use names (test., 2.0.192.in-addr.arpa. ...) itself unless told not to.
                conf.append("  local-zone: \"").append(name).append("\" transparent\n");
                authZones.append("auth-zone:\n")
                        .append("  name: \"").append(name).append("\"\n")
                        .append("  zonefile: \"").append(file).append("\"\n")
                        .append("  for-downstream: yes\n  for-upstream: no\n  fallback-enabled: no\n");
            }
            for (String name : answered) {
                conf.append("  local-zone: \"").append(absolute(name)).append("\" transparent\n");
            }
            for (Map.Entry<String, java.util.List<String>> name : silent.entrySet()) {
                conf.append("  local-zone: \"").append(absolute(name.getKey())).append("\" deny\n");
                for (String record : name.getValue()) {
                    conf.append("  local-data: '").append(record).append("'\n");
                }
            }
            Path confFile = dir.resolve("unbound.conf");
            Files.writeString(confFile, conf.append(authZones).toString(), StandardCharsets.UTF_8);
            Path log = dir.resolve("unbound.log");
            Process process = new ProcessBuilder(UNBOUND.toString(), "-d", "-c", confFile.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            LocalDnsServer server = new LocalDnsServer(process, dir, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server.awaitReady(ordered.isEmpty() ? null : absolute(ordered.keySet().iterator().next()), log);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the server listens (UDP and TCP on 127.0.0.1). */
    public InetSocketAddress address() {
        return address;
    }

    /** {@code host:port}, the form of {@code --dns} and {@code mamori.phishing.dns-server}. */
    public String hostAndPort() {
        return address.getHostString() + ":" + address.getPort();
    }

    /** A resolver that sends every lookup to this server. */
    public DnsJavaResolver resolver() {
        return DnsJavaResolver.forServer(address, Duration.ofSeconds(2));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    private void awaitReady(String zone, Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        DnsJavaResolver probe = DnsJavaResolver.forServer(address, Duration.ofMillis(300));
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("unbound exited: " + Files.readString(log));
            }
            if (zone == null ? tcpOpen() : probe.txt(zone).status() != DnsResolver.Status.TEMPORARY_FAILURE) {
                return;
            }
            sleep(50);
        }
        close();
        throw new IllegalStateException("unbound did not answer within 15 s: " + Files.readString(log));
    }

    private boolean tcpOpen() {
        try (java.net.Socket socket = new java.net.Socket(address.getAddress(), address.getPort())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String absolute(String name) {
        return name.endsWith(".") ? name : name + ".";
    }

    /** Adds the directives and records a zone file must have, so tests write only the records they are about. */
    static String completeZone(String origin, String text) {
        StringBuilder zone = new StringBuilder();
        if (!text.contains("$ORIGIN")) {
            zone.append("$ORIGIN ").append(origin).append('\n');
        }
        if (!text.contains("$TTL")) {
            zone.append("$TTL 60\n");
        }
        // The root zone's server gets a name of its own ("ns.." is not a name).
        String server = origin.equals(".") ? "ns.mamori-test-root." : "ns." + origin;
        if (!text.matches("(?s).*\\sSOA\\s.*")) {
            zone.append("@ IN SOA ").append(server).append(" hostmaster.").append(origin.equals(".") ? "" : origin)
                    .append(" 1 3600 600 86400 60\n");
        }
        if (!text.matches("(?s).*\\sNS\\s.*")) {
            zone.append("@ IN NS ").append(server).append('\n');
        }
        return zone.append(text).append('\n').toString();
    }

    /** A port free for both UDP and TCP on loopback at the time of the call. */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                    return port;
                } catch (IOException inUse) {
                    // try another
                }
            }
        }
        throw new IOException("no free loopback port for both UDP and TCP");
    }
}
