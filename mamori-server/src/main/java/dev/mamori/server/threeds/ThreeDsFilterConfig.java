package dev.mamori.server.threeds;

import dev.mamori.server.api.ProblemResponses;
import dev.mamori.server.api.RequestSizeLimitFilter;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.config.MamoriProperties;
import dev.mamori.server.security.SecurityConfig;
import dev.mamori.threeds.acs.Acs;
import dev.mamori.threeds.ds.DirectoryServer;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;

/**
 * The servlet filters of the public 3-D Secure endpoints ({@code /threeds/**}): the body limit, and
 * the JSON message endpoints answered before the security chain ({@link ProtocolMessageFilter}).
 */
@Configuration
@ConditionalOnWebApplication
class ThreeDsFilterConfig {
    /** The paths {@link ProtocolMessageFilter} answers (POST); other methods go on to the security chain, which refuses them. */
    static final String DS_AREQ = "/threeds/ds/areq";
    static final String DS_RREQ = "/threeds/ds/rreq";
    static final String DS_PREQ = "/threeds/ds/preq";
    static final String ACS_AREQ = "/threeds/acs/areq";

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

    /** Before the security filters (and after the metrics' observation filter, which comes first of all). */
    @Bean
    FilterRegistrationBean<ProtocolMessageFilter> threeDsProtocolMessages(Acs acs, DirectoryServer ds, MamoriProperties properties,
                                                                         ProblemResponses responses, RequestAudit audit) {
        List<ProtocolMessageFilter.Endpoint> endpoints = List.of(
                new ProtocolMessageFilter.Endpoint(ACS_AREQ, 'A', acs::answerAReq),
                new ProtocolMessageFilter.Endpoint(DS_AREQ, 'D', body -> ds.areq(body).toBytes()),
                new ProtocolMessageFilter.Endpoint(DS_RREQ, 'D', body -> ds.rreq(body).toBytes()),
                new ProtocolMessageFilter.Endpoint(DS_PREQ, 'D', body -> ds.preq(body).toBytes()));
        List<HeaderWriter> headers = new ArrayList<>(List.of(new XContentTypeOptionsHeaderWriter(),
                new ReferrerPolicyHeaderWriter(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
        if (properties.security().hsts()) {
            headers.add(SecurityConfig.hstsHeaderWriter());
        }
        FilterRegistrationBean<ProtocolMessageFilter> registration = new FilterRegistrationBean<>(
                new ProtocolMessageFilter(endpoints, new RequestSizeLimitFilter(properties, responses, audit), responses, headers));
        registration.addUrlPatterns(ACS_AREQ, DS_AREQ, DS_RREQ, DS_PREQ);
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10);
        return registration;
    }
}
