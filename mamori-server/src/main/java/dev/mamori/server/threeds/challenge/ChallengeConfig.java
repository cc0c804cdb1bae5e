package dev.mamori.server.threeds.challenge;

import dev.mamori.common.Currencies;
import dev.mamori.common.TenantId;
import dev.mamori.server.config.PlatformSecret;
import dev.mamori.threeds.challenge.AesGcmSecretSealer;
import dev.mamori.threeds.challenge.CardholderChallenges;
import dev.mamori.threeds.challenge.ChallengeSettings;
import dev.mamori.threeds.challenge.OobNotifier;
import dev.mamori.threeds.challenge.OtpSender;
import dev.mamori.threeds.challenge.Outbox;
import dev.mamori.threeds.challenge.OutboxOtpSender;
import dev.mamori.threeds.challenge.Purchase;
import dev.mamori.threeds.challenge.PurchaseLookup;
import dev.mamori.threeds.challenge.SmsSender;
import dev.mamori.threeds.challenge.SmtpOtpSender;
import dev.mamori.threeds.challenge.SmtpSettings;
import dev.mamori.common.jdbc.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Clock;
import java.util.Currency;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * Wires the cardholder challenges the ACS calls ({@link CardholderChallenges}, the
 * {@code ChallengeAuthenticator} bean): the threeds schema through the server's transactions,
 * secrets sealed under keys derived from the platform secret, e-mail over SMTP when
 * {@code mamori.threeds.challenge.smtp.host} is set (else the console outbox), SMS and the issuer
 * app's notifications to the outbox. Replace {@link SmsSender} or {@link OobNotifier} with a bean of
 * your own to reach a real gateway.
 */
@Configuration
public class ChallengeConfig {
    private static final Logger log = LoggerFactory.getLogger(ChallengeConfig.class);

    @Bean
    Outbox challengeOutbox(ChallengeProperties properties, Clock clock) {
        return new Outbox(properties.outboxCapacity(), clock);
    }

    @Bean
    @ConditionalOnMissingBean(SmsSender.class)
    SmsSender smsSender(Outbox outbox) {
        return OutboxOtpSender.sms(outbox);
    }

    @Bean
    @ConditionalOnMissingBean(OobNotifier.class)
    OobNotifier oobNotifier(Outbox outbox) {
        return OobNotifier.toOutbox(outbox);
    }

    @Bean
    @DependsOn("moduleMigrations")
    CardholderChallenges cardholderChallenges(DataSource dataSource, PlatformSecret secret, ChallengeProperties properties, Outbox outbox,
                                              SmsSender sms, OobNotifier oob, Clock clock) {
        OtpSender email;
        if (properties.smtpConfigured()) {
            ChallengeProperties.Smtp s = properties.smtp();
            String user = s.username() == null || s.username().isBlank() ? null : s.username();
            email = new SmtpOtpSender(new SmtpSettings(s.host(), s.port() == null ? 587 : s.port(), s.starttls() == null || s.starttls(),
                    user, s.password(), s.from() == null || s.from().isBlank() ? "no-reply@localhost" : s.from()));
            log.info("3-D Secure one-time passwords by e-mail through SMTP {}:{}", s.host(), s.port());
        } else {
            email = OutboxOtpSender.email(outbox);
            log.info("3-D Secure one-time passwords go to the console outbox (mamori.threeds.challenge.smtp.host is not set)");
        }
        ChallengeSettings settings = new ChallengeSettings(properties.otpTtl(), properties.attempts(), properties.resends(),
                properties.resendInterval(), properties.lockoutFailures(), properties.lockoutWindow(), properties.lockoutDuration(),
                properties.totpIssuer());
        DataSource transactional = new TransactionAwareDataSourceProxy(dataSource);
        AesGcmSecretSealer sealer = new AesGcmSecretSealer(secret.derive("threeds-challenge-seal"), secret.derive("threeds-otp-mac"));
        return new CardholderChallenges(transactional, sealer, email, sms, oob, new AcsPurchases(transactional), settings, clock);
    }

    /**
     * The purchase of an ACS transaction, read from {@code threeds.acs_transactions} (the ACS's table):
     * the merchant's name when the table keeps one, else its id, and the amount. Runs in a savepoint,
     * so a failure cannot spoil the ACS's own transaction.
     */
    static final class AcsPurchases implements PurchaseLookup {
        private final Jdbc jdbc;

        AcsPurchases(DataSource dataSource) {
            this.jdbc = new Jdbc(dataSource);
        }

        @Override
        public Optional<Purchase> find(TenantId tenant, String acsTransId) {
            return jdbc.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("select * from threeds.acs_transactions where acs_trans_id = ? and tenant_id = ?")) {
                    ps.setString(1, acsTransId);
                    ps.setObject(2, tenant.value());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return Optional.empty();
                        }
                        Set<String> columns = new HashSet<>();
                        ResultSetMetaData meta = rs.getMetaData();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            columns.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
                        }
                        String merchant = columns.contains("merchant_name") ? rs.getString("merchant_name") : null;
                        if (merchant == null && columns.contains("merchant_id")) {
                            merchant = rs.getString("merchant_id");
                        }
                        Long amount = null;
                        if (columns.contains("amount_minor")) {
                            long value = rs.getLong("amount_minor");
                            amount = rs.wasNull() ? null : value;
                        }
                        Currency currency = null;
                        if (columns.contains("currency")) {
                            currency = currency(rs.getString("currency"));
                        }
                        return Optional.of(new Purchase(merchant, currency == null ? null : amount, currency));
                    }
                }
            });
        }

        /** ISO 4217 alphabetic or numeric (3DS messages carry the numeric code, e.g. 392). */
        private static Currency currency(String code) {
            if (code == null) {
                return null;
            }
            try {
                return code.matches("[A-Z]{3}") ? Currency.getInstance(code) : Currencies.byNumericCode(code).orElse(null);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
