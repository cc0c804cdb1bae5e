package dev.mamori.server.console;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * Console language: Japanese or English, from the browser's Accept-Language until the user picks
 * one with {@code ?lang=ja} / {@code ?lang=en}, which a cookie then remembers.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleWebConfig implements WebMvcConfigurer {
    static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.JAPANESE);

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("mamori-lang");
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookieSameSite("Strict");
        resolver.setDefaultLocaleFunction(request -> {
            for (var range : Locale.LanguageRange.parse(request.getHeader("Accept-Language") == null
                    ? "en" : request.getHeader("Accept-Language"))) {
                for (Locale supported : SUPPORTED) {
                    if (range.getRange().toLowerCase(Locale.ROOT).startsWith(supported.getLanguage())) {
                        return supported;
                    }
                }
            }
            return Locale.ENGLISH;
        });
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor();
        change.setParamName("lang");
        change.setIgnoreInvalidLocale(true);
        registry.addInterceptor(change).addPathPatterns("/console", "/console/**");
    }
}
