package dev.mamori.server.risk;

import dev.mamori.risk.AuthenticationValueVerifier;
import dev.mamori.risk.AuthorizationHost;
import dev.mamori.risk.CardTestingPolicy;
import dev.mamori.risk.RiskModule;
import dev.mamori.risk.SecurityCodeVerifier;
import dev.mamori.risk.features.FeatureSettings;
import dev.mamori.risk.labels.LabelView;
import dev.mamori.server.config.MamoriProperties;
import dev.mamori.vault.Vault;
import dev.mamori.vault.keys.CardVerificationValues;
import dev.mamori.vault.keys.MasterKeyProvider;
import dev.mamori.common.InsecurePanAccess;
import dev.mamori.common.Pan;
import dev.mamori.common.SecurityCode;
import dev.mamori.common.TenantId;
import dev.mamori.vault.KeyUnavailableException;
import dev.mamori.vault.keys.VaultKeyException;
import java.time.Clock;
import java.time.YearMonth;
import java.util.Arrays;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * Wires the authorization host: the risk schema through the server's transactions, card
 * fingerprints from the vault, CVC2 verification with the issuer's keys in the key provider, 3-D
 * Secure authentication values verified by {@code AuthenticationValueConfig}'s verifier.
 */
@Configuration
public class RiskConfig {

    /** The host's feature windows and settings: training and backtests replay with exactly these. */
    @Bean
    RiskModule.Settings riskSettings(MamoriProperties properties) {
        MamoriProperties.Risk settings = properties.risk();
        FeatureSettings features = FeatureSettings.builder()
                .maxEntities(settings.maxEntities())
                .smallAmount(settings.smallAmount())
                .build();
        return new RiskModule.Settings(settings.windows(), features, cardTesting(settings.cardTesting()));
    }

    @Bean
    @DependsOn("moduleMigrations")
    RiskModule riskModule(DataSource dataSource, Vault vault, MasterKeyProvider keys, AuthenticationValueVerifier authenticationValues,
                          Clock clock, RiskModule.Settings settings) {
        SecurityCodeVerifier verifier = (tenant, cvkName, pan, expiry, serviceCode, presented) -> verify(keys, tenant, cvkName, pan,
                expiry, serviceCode, presented);
        RiskModule module = new RiskModule(new TransactionAwareDataSourceProxy(dataSource), vault::fingerprint, verifier,
                authenticationValues, clock, settings);
        module.start();
        return module;
    }

    /**
     * CVC2/CVV2 recomputed in the key provider: always three digits (the CVV algorithm; American
     * Express's four-digit CID is another algorithm, left unchecked by the host). The digits are
     * copied into arrays wiped here; the caller wipes the {@link SecurityCode}.
     */
    static boolean verify(MasterKeyProvider keys, TenantId tenant, String cvkName, Pan pan, YearMonth expiry, String serviceCode,
                          SecurityCode presented) {
        byte[] bytes = presented.reveal(InsecurePanAccess.get());
        char[] digits = new char[bytes.length];
        try {
            for (int i = 0; i < bytes.length; i++) {
                digits[i] = (char) bytes[i];
            }
            String yymm = String.format("%02d%02d", expiry.getYear() % 100, expiry.getMonthValue());
            return CardVerificationValues.verify(keys, tenant.value().toString(), cvkName, pan, yymm, serviceCode, 3, digits);
        } catch (VaultKeyException e) {
            throw new KeyUnavailableException(e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
            Arrays.fill(digits, '\0');
        }
    }

    static CardTestingPolicy cardTesting(MamoriProperties.CardTesting c) {
        return new CardTestingPolicy(c.distinctCards(), c.distinctCardsPerIp(), c.sequentialCards(), c.declineRatio(), c.minAttempts(),
                c.merchantSmallProbes(), c.securityCodeFailures(), c.blockFor());
    }

    /** Fraud labels as known at a given time: what training, backtests and evaluations read. */
    @Bean
    LabelView labelView(RiskModule module) {
        return module.labels();
    }

    @Bean
    AuthorizationHost authorizationHost(RiskModule module) {
        return module.host();
    }
}
