package dev.mamori.server.threeds.requestor;

import dev.mamori.server.audit.AuditEventTypes;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.threeds.ThreeDsUrls;
import dev.mamori.server.threeds.ds.DirectoryServerConfig;
import dev.mamori.threeds.ds.DirectoryServer;
import dev.mamori.threeds.ds.MessageLink;
import dev.mamori.threeds.requestor.CardLookup;
import dev.mamori.threeds.requestor.ThreeDsServer;
import dev.mamori.vault.RevealedCard;
import dev.mamori.vault.Vault;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * The 3DS Server (merchant/PSP domain). It sends its AReq to {@code mamori.threeds.server.ds-url}
 * (this instance's DS by default), as {@code mamori.threeds.server.ref-number}, which the demo
 * network registers with its own DS. The card number comes from the vault for each AReq (audited as
 * a detokenization) and never leaves the server.
 */
@Configuration
public class ThreeDsServerConfig {

    @Bean
    @DependsOn("moduleMigrations")
    ThreeDsServer threeDsServer(DataSource dataSource, MessageLink link, Vault vault, RequestAudit audit, ThreeDsUrls urls,
                                DirectoryServer ds, Clock clock,
                                @Value("${mamori.threeds.server.ref-number:MAMORI-3DSS-0001}") String refNumber,
                                @Value("${mamori.threeds.server.ds-url:}") String dsUrl,
                                @Value("${mamori.threeds.server.ds-timeout:PT15S}") Duration dsTimeout,
                                @Value("${mamori.threeds.server.ranges-max-age:PT5M}") Duration rangesMaxAge,
                                @Value("${mamori.threeds.server.register-with-local-ds:true}") boolean registerLocally) {
        if (registerLocally) {
            // The demo network: this instance's DS knows this instance's 3DS Server.
            ds.registerServer(refNumber, "this instance's 3DS Server");
        }
        CardLookup cards = (tenant, token) -> {
            Optional<RevealedCard> card = vault.detokenize(tenant, token);
            if (card.isEmpty()) {
                audit.failure(AuditEventTypes.CARD_DETOKENIZED, "token:" + token, "not found; purpose: 3-D Secure authentication");
                return Optional.empty();
            }
            audit.success(AuditEventTypes.CARD_DETOKENIZED, "token:" + token, "purpose: 3-D Secure authentication (AReq)");
            var expiry = card.get().metadata().expiry();
            return Optional.of(new CardLookup.Card(card.get().pan(), expiry == null ? null : YearMonth.of(expiry.year(), expiry.month())));
        };
        return new ThreeDsServer(new TransactionAwareDataSourceProxy(dataSource), new ThreeDsServer.Settings(refNumber,
                () -> URI.create(dsUrl.isBlank() ? urls.base() + DirectoryServerConfig.DS_AREQ_PATH : dsUrl), urls::base, dsTimeout,
                rangesMaxAge), link, cards, clock);
    }
}
