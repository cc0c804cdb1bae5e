package dev.mamori.phishing.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayList;
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
 * The openspf.org RFC 7208 test suite (release 2014.04, BSD licence in {@code spf/LICENSE}): one dynamic
 * test per case, grouped by the suite's documents.
 */
class SpfEvaluatorSuiteTest {

    private static final String SUITE = "/spf/rfc7208-tests.yml";

    @TestFactory
    List<DynamicNode> openspfRfc7208Suite() throws IOException {
        List<DynamicNode> documents = new ArrayList<>();
        try (InputStream in = SpfEvaluatorSuiteTest.class.getResourceAsStream(SUITE)) {
            for (Object doc : new Yaml(new LoaderOptions()).loadAll(in)) {
                Map<?, ?> document = (Map<?, ?>) doc;
                String description = String.valueOf(document.get("description"));
                InMemoryDnsResolver dns = zone((Map<?, ?>) document.get("zonedata"));
                SpfEvaluator evaluator = new SpfEvaluator(dns);
                List<DynamicTest> cases = new ArrayList<>();
                ((Map<?, ?>) document.get("tests")).forEach((name, value) -> {
                    String caseName = description + " / " + name;
                    cases.add(DynamicTest.dynamicTest(caseName, () -> runCase(caseName, evaluator, (Map<?, ?>) value)));
                });
                documents.add(DynamicContainer.dynamicContainer(description, cases));
            }
        }
        return documents;
    }

    private static void runCase(String caseName, SpfEvaluator evaluator, Map<?, ?> test) throws IOException {
        InetAddress ip = InetAddress.getByName(String.valueOf(test.get("host")));
        SpfResult result = evaluator.check(ip, String.valueOf(test.get("mailfrom")),
                String.valueOf(test.get("helo")));
        Object expected = test.get("result");
        List<String> acceptable = expected instanceof List<?> list
                ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(expected));
        assertTrue(acceptable.contains(result.result().keyword()),
                () -> caseName + ": expected " + acceptable + " but was " + result);
        if (test.containsKey("explanation")) {
            String explanation = String.valueOf(test.get("explanation"));
            assertEquals("DEFAULT".equals(explanation) ? SpfEvaluator.DEFAULT_EXPLANATION : explanation,
                    result.explanation(), () -> caseName + ": explanation of " + result);
        }
    }

    private static InMemoryDnsResolver zone(Map<?, ?> zonedata) {
        InMemoryDnsResolver dns = new InMemoryDnsResolver();
        if (zonedata == null) {
            return dns;
        }
        zonedata.forEach((name, records) -> {
            InMemoryDnsResolver.Node node = dns.node(String.valueOf(name));
            for (Object record : (List<?>) records) {
                if ("TIMEOUT".equals(record)) {
                    node.timeout = true;
                    continue;
                }
                ((Map<?, ?>) record).forEach((type, value) ->
                        node.add(String.valueOf(type).toUpperCase(Locale.ROOT), value));
            }
        });
        return dns;
    }
}
