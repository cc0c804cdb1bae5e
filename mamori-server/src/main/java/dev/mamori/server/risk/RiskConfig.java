package dev.mamori.server.risk;

import dev.mamori.risk.AuthorizationHost;
import dev.mamori.risk.CardTestingPolicy;
import dev.mamori.risk.RiskModule;
import dev.mamori.risk.SecurityCodeVerifier;
import dev.mamori.risk.features.FeatureSettings;
import dev.mamori.server.config.MamoriProperties;
import dev.mamori.vault.Vault;
import dev.mamori.vault.keys.CardVerificationValues;
import dev.mamori.vault.keys.MasterKeyProvider;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * Wires the authorization host: the risk schema through the server's transactions, card
 * fingerprints from the vault, CVC2 verification with the issuer's keys in the key provider.
 */
@Configuration
public class RiskConfig {

    @Bean
    @DependsOn("moduleMigrations")
    RiskModule riskModule(DataSource dataSource, Vault vault, MasterKeyProvider keys, Clock clock, MamoriProperties properties) {
        MamoriProperties.Risk settings = properties.risk();
        SecurityCodeVerifier verifier = (tenant, cvkName, pan, expiry, serviceCode, presented) ->
                CardVerificationValues.verify(keys, tenant.value().toString(), cvkName, pan, expiry, serviceCode, presented);
        FeatureSettings features = FeatureSettings.builder()
                .maxEntities(settings.maxEntities())
                .smallAmount(settings.smallAmount())
                .build();
        RiskModule module = new RiskModule(new TransactionAwareDataSourceProxy(dataSource), vault::fingerprint, verifier, clock,
                new RiskModule.Settings(settings.windows(), features, CardTestingPolicy.DEFAULT));
        module.start();
        return module;
    }

    @Bean
    AuthorizationHost authorizationHost(RiskModule module) {
        return module.host();
    }
}
