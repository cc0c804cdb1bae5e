package dev.mamori.server.threeds.ds;

import dev.mamori.common.InsecurePanAccess;
import dev.mamori.common.Pan;
import dev.mamori.risk.BinRoutes;
import dev.mamori.risk.RiskModule;
import dev.mamori.server.config.MamoriProperties;
import dev.mamori.server.config.OwnKeyStore;
import dev.mamori.server.threeds.ThreeDsUrls;
import dev.mamori.threeds.acs.Acs;
import dev.mamori.threeds.ds.CardRange;
import dev.mamori.threeds.ds.DefaultRoutes;
import dev.mamori.threeds.ds.DeviceDataKey;
import dev.mamori.threeds.ds.DirectoryServer;
import dev.mamori.threeds.ds.HttpMessageLink;
import dev.mamori.threeds.ds.MessageLink;
import dev.mamori.threeds.message.MessageVersions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.Locale;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * The Directory Server of the demo network: card ranges registered by issuers, and (with
 * {@code mamori.threeds.ds.demo-routes}, on by default) every issuer tenant's BIN routes sent to this
 * instance's ACS. The DS, the ACS and the 3DS Server talk over HTTP even inside one process, except
 * the DS's AReq to this instance's own ACS, handed over in process.
 */
@Configuration
public class DirectoryServerConfig {
    public static final String ACS_AREQ_PATH = "/threeds/acs/areq";
    public static final String ACS_METHOD_PATH = "/threeds/acs/method";
    public static final String DS_AREQ_PATH = "/threeds/ds/areq";
    public static final String DS_RREQ_PATH = "/threeds/ds/rreq";
    public static final String DS_PREQ_PATH = "/threeds/ds/preq";

    @Bean
    MessageLink threeDsMessageLink(@Value("${mamori.threeds.connect-timeout:PT5S}") Duration connectTimeout) {
        return new HttpMessageLink(connectTimeout);
    }

    /**
     * The key the app channel's sdkEncData is encrypted to. A configured key store must exist (it holds the
     * key the DS's certificate was issued for); without one, a self-signed RSA key is created once at
     * {@code <data-dir>/ds-device-data.p12}, its password generated into {@code ds-device-data-password}.
     */
    @Bean
    DeviceDataKey deviceDataKey(MamoriProperties properties,
                                @Value("${mamori.threeds.ds.device-data-keystore-path:}") String path,
                                @Value("${mamori.threeds.ds.device-data-keystore-password:}") String password) {
        OwnKeyStore store = OwnKeyStore.resolve(properties.dataDir(), "ds-device-data", "mamori.threeds.ds.device-data-keystore-path",
                path, password);
        return DeviceDataKey.loadOrCreate(store.file(), store.password());
    }

    @Bean
    @DependsOn("moduleMigrations")
    DirectoryServer directoryServer(DataSource dataSource, MessageLink link, Acs acs, RiskModule risk, ThreeDsUrls urls, Clock clock,
                                    DeviceDataKey deviceDataKey,
                                    @Value("${mamori.threeds.ds.reference-number:MAMORI-DS-0001}") String referenceNumber,
                                    @Value("${mamori.threeds.ds.acs-timeout:PT10S}") Duration acsTimeout,
                                    @Value("${mamori.threeds.ds.demo-routes:true}") boolean demoRoutes,
                                    @Value("${mamori.threeds.ds.server-origins:}") List<String> serverOrigins) {
        DefaultRoutes defaults = demoRoutes ? new BinRouteDefaults(risk.binRoutes(), urls) : DefaultRoutes.NONE;
        List<String> allowed = serverOrigins.stream().map(String::trim).filter(o -> !o.isEmpty()).map(DirectoryServerConfig::origin).toList();
        // The DS posts each result to the AReq's threeDSServerURL: only to the 3DS Servers' own origins
        // (this instance's by default), never to a host an anonymous AReq names.
        Predicate<URI> serverUrlAllowed = url -> (allowed.isEmpty() ? List.of(origin(urls.base())) : allowed).contains(origin(url.toString()));
        return new DirectoryServer(new TransactionAwareDataSourceProxy(dataSource), new DirectoryServer.Settings(referenceNumber,
                () -> urls.base() + DS_RREQ_PATH, acsTimeout, serverUrlAllowed, deviceDataKey), ownAcsInProcess(link, acs::answerAReq,
                () -> urls.resolve(ACS_AREQ_PATH)), defaults, clock);
    }

    /**
     * The DS's link: an AReq for this instance's own ACS (the demo routes, or a range registered with its
     * URL) is handed to it in process, where it is answered exactly as over HTTP, saving a second HTTP
     * exchange per authentication; every other message goes over the network. The ACS timeout does not
     * apply in process (the call is not cut off); an ACS that fails is an I/O failure, as over HTTP.
     */
    static MessageLink ownAcsInProcess(MessageLink network, UnaryOperator<byte[]> ownAcs, Supplier<URI> ownAcsUrl) {
        return (url, message, timeout) -> {
            if (!url.equals(ownAcsUrl.get())) {
                return network.send(url, message, timeout);
            }
            try {
                return ownAcs.apply(message);
            } catch (RuntimeException e) {
                throw new IOException("this instance's ACS failed: " + e.getClass().getSimpleName(), e);
            }
        };
    }

    /** scheme://host:port in lower case, with the default port made explicit, so equal origins compare equal. */
    static String origin(String url) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
        return scheme + "://" + (uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT)) + ":" + port;
    }

    /** Every BIN route of the risk module as a range to this instance's ACS: the demo network's issuers all use it. */
    static final class BinRouteDefaults implements DefaultRoutes {
        private final BinRoutes routes;
        private final ThreeDsUrls urls;

        BinRouteDefaults(BinRoutes routes, ThreeDsUrls urls) {
            this.routes = routes;
            this.urls = urls;
        }

        @Override
        public Optional<CardRange> route(Pan pan) {
            String digits = pan.reveal(InsecurePanAccess.get());
            return routes.all().stream().filter(r -> digits.startsWith(r.prefix()) && digits.length() > r.prefix().length() + 3)
                    .max(Comparator.comparingInt(r -> r.prefix().length())).map(this::range);
        }

        @Override
        public List<CardRange> all() {
            return routes.all().stream().map(this::range).toList();
        }

        private CardRange range(BinRoutes.Route r) {
            // A stable id per prefix, so the PRes and the DS's records name the same range each time.
            UUID id = UUID.nameUUIDFromBytes(("bin-route:" + r.prefix()).getBytes(StandardCharsets.UTF_8));
            return new CardRange(id, r.tenant(), r.prefix(), r.prefix(), urls.base() + ACS_AREQ_PATH, MessageVersions.SUPPORTED.get(0),
                    MessageVersions.highest(), urls.base() + ACS_METHOD_PATH, List.of("01"), 0, java.time.Instant.EPOCH);
        }
    }
}
