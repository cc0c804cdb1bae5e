package dev.mamori.server.threeds.acs;

import dev.mamori.common.TenantId;
import dev.mamori.risk.RiskModule;
import dev.mamori.server.threeds.ThreeDsUrls;
import dev.mamori.threeds.AuthenticationRiskDecider;
import dev.mamori.threeds.AuthenticationValueIssuer;
import dev.mamori.threeds.ChallengeAuthenticator;
import dev.mamori.threeds.ChallengeMethod;
import dev.mamori.threeds.acs.Acs;
import dev.mamori.threeds.acs.AcsSettings;
import dev.mamori.threeds.acs.AcsSigningKey;
import dev.mamori.threeds.acs.CardDirectory;
import dev.mamori.threeds.acs.DirectoryServerClient;
import dev.mamori.vault.Vault;
import dev.mamori.server.config.MamoriProperties;
import dev.mamori.server.config.OwnKeyStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * Wires the issuer's ACS: cards found by the issuers' BIN routes and the vault's fingerprint, the
 * risk decision, the challenges and the authentication value from their own modules' beans, and
 * results sent to the Directory Server over HTTP.
 *
 * <p>Properties: {@code mamori.threeds.acs.reference-number}, {@code .operator-id},
 * {@code .challenge-timeout} (PT10M), {@code .creq-timeout} (PT30S), {@code .ds-url} (default: this
 * instance's {@code /threeds/ds/rreq}), {@code .ds-timeout} (PT5S), {@code .expiry-interval} (PT5S),
 * {@code .signing-keystore-path} (the app channel's signing key, PKCS#12; default a self-signed one created
 * once at {@code <data-dir>/acs-signing.p12}), {@code .signing-keystore-password} (default: generated once into
 * {@code <data-dir>/acs-signing-password}).
 */
@Configuration
public class AcsConfig {

    @Bean
    CardDirectory acsCardDirectory(RiskModule risk, Vault vault) {
        return pan -> risk.binRoutes().route(pan)
                .map(tenant -> new CardDirectory.Card(tenant, vault.fingerprint(tenant, pan), pan.brand()));
    }

    @Bean
    DirectoryServerClient acsDirectoryServerClient(ThreeDsUrls urls, @Value("${mamori.threeds.acs.ds-url:}") String dsUrl,
                                                   @Value("${mamori.threeds.acs.ds-timeout:PT5S}") Duration timeout) {
        return new HttpDirectoryServerClient(() -> dsUrl == null || dsUrl.isBlank() ? urls.resolve("/threeds/ds/rreq") : URI.create(dsUrl),
                timeout);
    }

    /**
     * The risk decision, challenges and authentication value are other modules' beans, looked up
     * when used: until they are there, an AReq is answered with Erro 403 rather than the server
     * failing to start.
     */
    @Bean
    @DependsOn("moduleMigrations")
    Acs acs(DataSource dataSource, CardDirectory cards, ObjectProvider<AuthenticationRiskDecider> decider,
            ObjectProvider<ChallengeAuthenticator> challenges, ObjectProvider<AuthenticationValueIssuer> values,
            DirectoryServerClient directoryServer, ThreeDsUrls urls, Clock clock,
            @Value("${mamori.threeds.acs.reference-number:MAMORI-ACS-0001}") String referenceNumber,
            @Value("${mamori.threeds.acs.operator-id:MAMORI-ACS-OPERATOR}") String operatorId,
            @Value("${mamori.threeds.acs.challenge-timeout:PT10M}") Duration challengeTimeout,
            @Value("${mamori.threeds.acs.creq-timeout:PT30S}") Duration creqTimeout, AcsSigningKey signingKey) {
        AcsSettings settings = new AcsSettings(referenceNumber, operatorId, () -> urls.resolve("/threeds/acs/challenge"), challengeTimeout, creqTimeout);
        return new Acs(new TransactionAwareDataSourceProxy(dataSource), cards, context -> decider.getObject().decide(context),
                new LateChallenges(challenges), payment -> values.getObject().issue(payment), directoryServer, settings, clock, signingKey);
    }

    /**
     * The key that signs acsSignedContent. A configured key store must exist (it holds the certificate the
     * DS's CA issued); without one, a self-signed key is created once in the data directory, which an SDK
     * only accepts if it trusts that certificate (demo and tests).
     */
    @Bean
    AcsSigningKey acsSigningKey(MamoriProperties properties,
                                @Value("${mamori.threeds.acs.signing-keystore-path:}") String path,
                                @Value("${mamori.threeds.acs.signing-keystore-password:}") String password) {
        OwnKeyStore store = OwnKeyStore.resolve(properties.dataDir(), "acs-signing", "mamori.threeds.acs.signing-keystore-path", path,
                password);
        return AcsSigningKey.loadOrCreate(store.file(), store.password());
    }

    private record LateChallenges(ObjectProvider<ChallengeAuthenticator> provider) implements ChallengeAuthenticator {
        @Override
        public List<ChallengeMethod> methods(TenantId tenant, String cardFingerprint) {
            return provider.getObject().methods(tenant, cardFingerprint);
        }

        @Override
        public Challenge start(TenantId tenant, String cardFingerprint, String acsTransId, ChallengeMethod method, Locale locale)
                throws ChallengeRefused {
            return provider.getObject().start(tenant, cardFingerprint, acsTransId, method, locale);
        }

        @Override
        public Challenge resend(TenantId tenant, String acsTransId, Locale locale) throws ChallengeRefused {
            return provider.getObject().resend(tenant, acsTransId, locale);
        }

        @Override
        public Verdict verify(TenantId tenant, String acsTransId, String answer) {
            return provider.getObject().verify(tenant, acsTransId, answer);
        }
    }
}
