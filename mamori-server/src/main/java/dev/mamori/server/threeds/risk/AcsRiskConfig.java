package dev.mamori.server.threeds.risk;

import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.risk.RiskModule;
import dev.mamori.threeds.AuthenticationRiskDecider;
import dev.mamori.threeds.ChallengeAuthenticator;
import dev.mamori.threeds.risk.AcsFigures;
import dev.mamori.threeds.risk.AcsPolicies;
import dev.mamori.threeds.risk.IssuerRiskSignals;
import dev.mamori.threeds.risk.RiskBasedDecider;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Wires the ACS's risk-based decision: the issuer's ACS policies, the authorization host's view of
 * the card ({@link RiskModuleSignals}), and the {@link AuthenticationRiskDecider} the ACS asks for
 * every AReq. Whether a card can be challenged is asked of the {@link ChallengeAuthenticator} when
 * one is wired (looked up per decision, so neither bean waits for the other).
 */
@Configuration
public class AcsRiskConfig {

    @Bean
    @DependsOn("moduleMigrations")
    AcsPolicies acsPolicies(DataSource dataSource, Clock clock) {
        // A save inside a request's transaction forgets the cached policy again once it has committed.
        AcsPolicies.AfterCommit afterCommit = action -> {
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        action.run();
                    }
                });
            } else {
                action.run();
            }
        };
        return new AcsPolicies(new Jdbc(new TransactionAwareDataSourceProxy(dataSource)), clock, afterCommit);
    }

    @Bean
    @DependsOn("moduleMigrations")
    AcsFigures acsFigures(DataSource dataSource) {
        return new AcsFigures(new Jdbc(new TransactionAwareDataSourceProxy(dataSource)));
    }

    @Bean
    IssuerRiskSignals issuerRiskSignals(RiskModule risk, Clock clock) {
        return new RiskModuleSignals(risk, clock);
    }

    @Bean
    @DependsOn("moduleMigrations")
    AuthenticationRiskDecider authenticationRiskDecider(IssuerRiskSignals signals, AcsPolicies policies, DataSource dataSource,
                                                        ObjectProvider<ChallengeAuthenticator> challenges, Clock clock) {
        RiskBasedDecider.Enrolment enrolment = (tenant, cardFingerprint) -> {
            ChallengeAuthenticator authenticator = challenges.getIfAvailable();
            return authenticator == null || !authenticator.methods(tenant, cardFingerprint).isEmpty();
        };
        return new RiskBasedDecider(signals, policies, new Jdbc(new TransactionAwareDataSourceProxy(dataSource)), enrolment, clock);
    }
}
