package dev.mamori.server.risk;

import dev.mamori.risk.RiskModule;
import dev.mamori.risk.iso.IsoServer;
import dev.mamori.risk.iso.IsoServerSettings;
import dev.mamori.server.config.MamoriProperties;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The ISO 8583 listener (port 8583 by default, {@code --iso-port}); started with the web server,
 * never for a CLI command, and stopped before the database goes away.
 */
@Component
@ConditionalOnWebApplication
public class IsoListener implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(IsoListener.class);

    private final RiskModule risk;
    private final MamoriProperties.Risk settings;
    private final Clock clock;
    private volatile IsoServer server;

    IsoListener(RiskModule risk, MamoriProperties properties, Clock clock) {
        this.risk = risk;
        this.settings = properties.risk();
        this.clock = clock;
    }

    @Override
    public void start() {
        if (settings.isoPort() < 0) {
            log.info("ISO 8583 listener is off (mamori.risk.iso-port < 0)");
            return;
        }
        server = IsoServer.start(IsoServerSettings.defaults().withHost(settings.isoHost()).withPort(settings.isoPort())
                .withWorkers(settings.isoWorkers(), settings.isoWorkers() * 64), new IsoAuthorizations(risk, clock));
    }

    @Override
    public void stop() {
        IsoServer running = server;
        server = null;
        if (running != null) {
            running.close();
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The bound port (useful with port 0); -1 when not listening. */
    public int port() {
        IsoServer running = server;
        return running == null ? -1 : running.port();
    }
}
