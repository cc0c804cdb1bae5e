package dev.mamori.phishing.spf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mamori.phishing.dns.DnsJavaResolver;
import dev.mamori.phishing.dns.LocalDnsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The openspf RFC 7208 suite again, this time over the wire: each document's zone data becomes a
 * root zone served by a real unbound, and {@link SpfEvaluator} asks it through
 * {@link DnsJavaResolver}, so TXT character-strings, raw bytes, CNAMEs, NXDOMAIN versus no data
 * and timeouts are real DNS. As the suite's drivers do, a name's TXT lookup answers its TXT entries,
 * or its SPF entries when it has no TXT entry ({@code TXT: NONE} means none); a {@code TIMEOUT}
 * name drops every query but those for its own records.
 */
class SpfSuiteOverDnsTest {

    @TestFactory
    List<DynamicNode> openspfRfc7208SuiteOverRealDns() throws IOException {
        List<DynamicNode> documents = new ArrayList<>();
        try (InputStream in = SpfSuiteOverDnsTest.class.getResourceAsStream("/spf/rfc7208-tests.yml")) {
            for (Object doc : new Yaml(new LoaderOptions()).loadAll(in)) {
                Map<?, ?> document = (Map<?, ?>) doc;
                String description = String.valueOf(document.get("description"));
                Zone zone = Zone.of((Map<?, ?>) document.get("zonedata"));
                List<DynamicTest> cases = new ArrayList<>();
                ((Map<?, ?>) document.get("tests")).forEach((name, value) -> {
                    String caseName = description + " / " + name;
                    cases.add(DynamicTest.dynamicTest(caseName, () -> zone.run(caseName, (Map<?, ?>) value)));
                });
                documents.add(DynamicContainer.dynamicContainer(description, cases));
            }
        }
        return documents;
    }

    /** One document's zone, served by its own unbound, started on the first case and kept for the rest. */
    static final class Zone {
        final String text;
        final Map<String, List<String>> silent;
        final List<String> names;
        LocalDnsServer server;
        SpfEvaluator evaluator;

        Zone(String text, Map<String, List<String>> silent, List<String> names) {
            this.text = text;
            this.silent = silent;
            this.names = names;
        }

        void run(String caseName, Map<?, ?> test) throws IOException {
            if (server == null) {
                // Every name with data is answered from the zone, even inside unbound's special-use reverse zones.
                server = LocalDnsServer.start(Map.of(".", text), silent, names.stream().filter(n -> !silent.containsKey(n)).toList());
                // Short, so the suite's timeouts cost little; unbound answers in well under this.
                evaluator = new SpfEvaluator(DnsJavaResolver.forServer(server.address(), Duration.ofMillis(700)));
                Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            }
            InetAddress ip = InetAddress.getByName(String.valueOf(test.get("host")));
            SpfResult result = evaluator.check(ip, String.valueOf(test.get("mailfrom")), String.valueOf(test.get("helo")));
            Object expected = test.get("result");
            List<String> acceptable = expected instanceof List<?> list
                    ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(expected));
            assertTrue(acceptable.contains(result.result().keyword()), () -> caseName + ": expected " + acceptable + " but was " + result);
        }

        static Zone of(Map<?, ?> zonedata) {
            StringBuilder text = new StringBuilder();
            Map<String, List<String>> silent = new LinkedHashMap<>();
            List<String> names = new ArrayList<>();
            if (zonedata != null) {
                zonedata.forEach((rawName, rawRecords) -> {
                    String name = name(String.valueOf(rawName));
                    names.add(name);
                    List<?> records = (List<?>) rawRecords;
                    List<String> lines = new ArrayList<>();
                    boolean hasTxt = records.stream().anyMatch(r -> r instanceof Map<?, ?> m && m.containsKey("TXT"));
                    boolean timeout = records.contains("TIMEOUT");
                    for (Object record : records) {
                        if (record instanceof Map<?, ?> map) {
                            map.forEach((type, value) -> lines.addAll(rr(name, String.valueOf(type).toUpperCase(Locale.ROOT), value, hasTxt)));
                        }
                    }
                    if (timeout) {
                        silent.put(name, lines);
                    } else {
                        lines.forEach(line -> text.append(line).append('\n'));
                    }
                });
            }
            return new Zone(text.toString(), silent, names);
        }

        /** Presentation-form records for one zonedata entry. */
        static List<String> rr(String name, String type, Object value, boolean nameHasTxt) {
            List<String> out = new ArrayList<>();
            switch (type) {
                case "TXT", "SPF" -> {
                    // SPF entries stand in for TXT when the name has no TXT entry (the drivers' rule).
                    if (type.equals("SPF") && nameHasTxt || "NONE".equals(value)) {
                        return out;
                    }
                    out.add(name + " 60 IN TXT " + characterStrings(value));
                }
                case "MX" -> {
                    List<?> mx = (List<?>) value;
                    String host = String.valueOf(mx.get(1));
                    out.add(name + " 60 IN MX " + mx.get(0) + " " + (host.isEmpty() ? "." : name(host)));
                }
                case "A", "AAAA" -> out.add(name + " 60 IN " + type + " " + value);
                case "PTR", "CNAME" -> out.add(name + " 60 IN " + type + " " + name(String.valueOf(value)));
                default -> throw new IllegalArgumentException("record type " + type);
            }
            return out;
        }

        /**
         * Each string as one or more character-strings of at most 255 octets. Characters up to U+00FF are
         * the octets the suite means (it writes raw bytes as Latin-1), anything above is UTF-8.
         */
        static String characterStrings(Object value) {
            List<?> strings = value instanceof List<?> list ? list : List.of(value);
            StringBuilder out = new StringBuilder();
            for (Object s : strings) {
                byte[] bytes = octets(String.valueOf(s));
                for (int start = 0; start < bytes.length || start == 0; start += 255) {
                    out.append('"');
                    for (int i = start; i < Math.min(bytes.length, start + 255); i++) {
                        int b = bytes[i] & 0xff;
                        out.append(b < 0x20 || b > 0x7e || b == '"' || b == '\\' || b == '\'' ? String.format("\\%03d", b) : String.valueOf((char) b));
                    }
                    out.append("\" ");
                    if (bytes.length == 0) {
                        break;
                    }
                }
            }
            return out.toString().trim();
        }

        static byte[] octets(String s) {
            boolean latin1 = s.chars().allMatch(c -> c <= 0xff);
            return s.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        }

        /** An absolute name with the presentation-format specials escaped. */
        static String name(String raw) {
            StringBuilder out = new StringBuilder();
            for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                boolean plain = c > 0x20 && c < 0x7f && "\\\"();@$' ".indexOf(c) < 0;
                out.append(plain ? String.valueOf((char) c) : String.format("\\%03d", c));
            }
            return out.toString().endsWith(".") ? out.toString() : out + ".";
        }
    }
}
