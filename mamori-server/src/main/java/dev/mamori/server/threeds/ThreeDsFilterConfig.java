package dev.mamori.server.threeds;

import dev.mamori.server.api.ProblemResponses;
import dev.mamori.server.api.RequestSizeLimitFilter;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.config.MamoriProperties;
import dev.mamori.server.security.SecurityConfig;
import dev.mamori.server.threeds.ds.DirectoryServerConfig;
import dev.mamori.threeds.acs.Acs;
import dev.mamori.threeds.ds.DirectoryServer;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The servlet filters of the public 3-D Secure endpoints ({@code /threeds/**}): the body limit, and
 * the JSON message endpoints answered before the security chain ({@link ProtocolMessageFilter}).
 */
@Configuration
@ConditionalOnWebApplication
class ThreeDsFilterConfig {
    /**
     * These endpoints read whole bodies into memory (a message, a form), so they get the API's body limit
     * ({@code mamori.http.max-request-size}, 413) too: without it anyone could make the server hold a body
     * of any size. A servlet filter, as the {@code /threeds/**} security chain has none.
     */
    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> threeDsRequestSizeLimit(MamoriProperties properties, ProblemResponses responses,
                                                                          RequestAudit audit) {
        FilterRegistrationBean<RequestSizeLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestSizeLimitFilter(properties, responses, audit));
        registration.addUrlPatterns("/threeds/*");
        return registration;
    }

    /**
     * Before the security filters, and after Boot's request-context filter (-105), which the audit reads the
     * caller's address from (the metrics' observation filter comes first of all).
     */
    @Bean
    FilterRegistrationBean<ProtocolMessageFilter> threeDsProtocolMessages(Acs acs, DirectoryServer ds, MamoriProperties properties,
                                                                         ProblemResponses responses, RequestAudit audit) {
        List<ProtocolMessageFilter.Endpoint> endpoints = List.of(
                new ProtocolMessageFilter.Endpoint(DirectoryServerConfig.ACS_AREQ_PATH, 'A', acs::answerAReq),
                new ProtocolMessageFilter.Endpoint(DirectoryServerConfig.DS_AREQ_PATH, 'D', ds::areqBytes),
                new ProtocolMessageFilter.Endpoint(DirectoryServerConfig.DS_RREQ_PATH, 'D', body -> ds.rreq(body).toBytes()),
                new ProtocolMessageFilter.Endpoint(DirectoryServerConfig.DS_PREQ_PATH, 'D', body -> ds.preq(body).toBytes()));
        // A second instance of the limit filter above: a Filter bean of its own would be registered for every path.
        FilterRegistrationBean<ProtocolMessageFilter> registration = new FilterRegistrationBean<>(new ProtocolMessageFilter(endpoints,
                new RequestSizeLimitFilter(properties, responses, audit), responses, SecurityConfig.threeDsHeaderWriters(properties), audit));
        registration.addUrlPatterns(endpoints.stream().map(ProtocolMessageFilter.Endpoint::path).toArray(String[]::new));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
        return registration;
    }
}
