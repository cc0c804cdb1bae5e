package dev.mamori.server.hostedfields;

import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The hosted-fields files are served as they are (no transformation, so their SRI hashes hold)
 * and cached for a year: a changed script is published under a new path ({@code /v2/}), because
 * shops pin the hash of {@code /v1/} in their pages.
 */
@Configuration(proxyBeanMethods = false)
class HostedFieldsWebConfig implements WebMvcConfigurer {
    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler(HostedFieldsAssets.BASE + "*.js", HostedFieldsAssets.BASE + "*.css")
                .addResourceLocations("classpath:/static" + HostedFieldsAssets.BASE)
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
        registry.addResourceHandler("/hosted-fields/demo/**")
                .addResourceLocations("classpath:/static/hosted-fields/demo/")
                .setCacheControl(CacheControl.noCache());
    }
}
