package dev.mamori.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.server.IntegrationTest;
import dev.mamori.server.threeds.ds.DirectoryServerConfig;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsProperties;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * {@code http.server.requests} can measure every endpoint. Micrometer stops creating meters for new
 * {@code uri} tags once {@code management.metrics.web.server.max-uri-tags} distinct ones were seen; with
 * fewer tags than endpoints, a long-running server silently stops measuring whichever endpoints are
 * called last, the 3-D Secure message endpoints among them. A new endpoint that takes the count over
 * the cap fails here.
 */
class HttpMetricsCoverageIT extends IntegrationTest {
    @Autowired
    List<RequestMappingInfoHandlerMapping> mappings;

    @Autowired
    MetricsProperties metrics;

    @Test
    void theUriTagCapCoversEveryEndpoint() {
        Set<String> paths = new TreeSet<>();
        for (RequestMappingInfoHandlerMapping mapping : mappings) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                paths.addAll(info.getPatternValues());
            }
        }
        // Answered by ProtocolMessageFilter ahead of MVC, and measured under these paths.
        paths.addAll(List.of(DirectoryServerConfig.ACS_AREQ_PATH, DirectoryServerConfig.DS_AREQ_PATH, DirectoryServerConfig.DS_RREQ_PATH,
                DirectoryServerConfig.DS_PREQ_PATH));
        assertThat(paths).contains("/v1/cards", "/v1/threeds/acs/policy", "/actuator/health");
        // What a request matching no pattern is tagged with (Spring's server request observation convention).
        paths.addAll(List.of("UNKNOWN", "NOT_FOUND", "REDIRECTION", "root"));
        assertThat(metrics.getWeb().getServer().getMaxUriTags())
                .as("management.metrics.web.server.max-uri-tags against the %d endpoint paths", paths.size())
                .isGreaterThanOrEqualTo(paths.size());
    }
}
