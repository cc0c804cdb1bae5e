package dev.mamori.server.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The document served at {@code /v3/api-docs}: who we are, how errors look, and the two ways to
 * authenticate. springdoc starts from this bean and adds the paths it finds under {@code /v1}.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfig {
    public static final String API_KEY_SCHEME = "apiKey";
    public static final String BEARER_SCHEME = "bearer";
    static final String FALLBACK_VERSION = "0.1.0";

    @Bean
    OpenAPI mamoriOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Mamori API")
                        .version(version())
                        .description("""
                                Mamori is a card-payment security platform: a card vault, risk scoring, \
                                3-D Secure, phishing checks and a security lab behind one tenant-aware API. \
                                Every request authenticates with an API key (X-API-Key header) or a JWT \
                                bearer token. Errors are RFC 9457 problem details \
                                (application/problem+json) whose type URIs are documented at \
                                https://mamori.dev/problems/.""")
                        .license(new License()
                                .name("Apache-2.0")
                                .url("https://www.apache.org/licenses/LICENSE-2.0")))
                .components(new Components()
                        .addSecuritySchemes(API_KEY_SCHEME, new SecurityScheme()
                                .type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER)
                                .name("X-API-Key")
                                .description("An API key issued through /v1/api-keys; it carries its tenant and roles."))
                        .addSecuritySchemes(BEARER_SCHEME, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .bearerFormat("JWT")
                                .description("A JWT signed with the configured key. The claim tenant_id names the "
                                        + "tenant (UUID); roles lists the roles, as an array or a space-separated "
                                        + "string. Unknown roles are ignored.")))
                // Two requirements, each on its own: either scheme is enough (OR, not AND).
                .addSecurityItem(new SecurityRequirement().addList(API_KEY_SCHEME))
                .addSecurityItem(new SecurityRequirement().addList(BEARER_SCHEME));
    }

    /** Implementation-Version from the jar's manifest; running from classes (IDE, tests) has none. */
    static String version() {
        String version = OpenApiConfig.class.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? FALLBACK_VERSION : version;
    }
}
