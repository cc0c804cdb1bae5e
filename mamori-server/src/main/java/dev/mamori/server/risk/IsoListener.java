package dev.mamori.server.risk;

import dev.mamori.risk.RiskModule;
import dev.mamori.risk.iso.IsoServer;
import dev.mamori.risk.iso.IsoServerSettings;
import dev.mamori.server.config.MamoriProperties;
import dev.mamori.risk.iso.IsoServerMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.function.ToDoubleFunction;
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

    IsoListener(RiskModule risk, MamoriProperties properties, Clock clock, MeterRegistry meters) {
        this.risk = risk;
        this.settings = properties.risk();
        this.clock = clock;
        // The listener's counters on /actuator/prometheus (zero while it is stopped).
        counter(meters, "messages", "messages received", IsoServerMetrics::messagesReceived);
        counter(meters, "format.errors", "messages answered 30 or dropped as malformed", IsoServerMetrics::formatErrors);
        counter(meters, "handler.failures", "messages answered 96", IsoServerMetrics::handlerFailures);
        counter(meters, "overload.rejections", "messages answered 91 because every worker was busy", IsoServerMetrics::overloadRejections);
        counter(meters, "connections.accepted", "connections accepted", IsoServerMetrics::connectionsAccepted);
        counter(meters, "connections.refused", "connections refused over the limit", IsoServerMetrics::connectionsRefused);
        Gauge.builder("mamori.iso.connections.open", this, l -> l.metric(IsoServerMetrics::openConnections))
                .description("open ISO 8583 connections").register(meters);
    }

    private void counter(MeterRegistry meters, String name, String description, ToDoubleFunction<IsoServerMetrics> value) {
        FunctionCounter.builder("mamori.iso." + name, this, l -> l.metric(value)).description(description).register(meters);
    }

    private double metric(ToDoubleFunction<IsoServerMetrics> value) {
        IsoServer running = server;
        return running == null ? 0 : value.applyAsDouble(running.metrics());
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
