package dev.mamori.server.threeds;

import dev.mamori.server.api.ProblemResponses;
import dev.mamori.server.api.RequestSizeLimitFilter;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.config.MamoriProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The public 3-D Secure endpoints read whole bodies into memory (a message, a form), so they get the
 * API's body limit ({@code mamori.http.max-request-size}, 413) too: without it anyone could make the
 * server hold a body of any size. A servlet filter, as the {@code /threeds/**} security chain has none.
 */
@Configuration
@ConditionalOnWebApplication
class ThreeDsRequestLimitConfig {

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> threeDsRequestSizeLimit(MamoriProperties properties, ProblemResponses responses,
                                                                          RequestAudit audit) {
        FilterRegistrationBean<RequestSizeLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestSizeLimitFilter(properties, responses, audit));
        registration.addUrlPatterns("/threeds/*");
        return registration;
    }
}
