package io.callbridge.ari;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.BooleanSupplier;

/**
 * {@code callbridge_ari_connected}: 1 while the ARI events socket is up, 0 otherwise; what the "ARI disconnected"
 * alert watches (deploy/monitoring/alerts.yml). Readiness says the same to the orchestrator ({@link AriReadiness}).
 */
@Startup
@ApplicationScoped
public class AriConnectedGauge {

    AriConnectedGauge(AriConnection connection, MeterRegistry meters) {
        register(meters, connection::isConnected);
    }

    /** Registers the gauge on {@code meters}, reading {@code connected} at each scrape. */
    static Gauge register(MeterRegistry meters, BooleanSupplier connected) {
        return Gauge.builder("callbridge.ari.connected", connected, c -> c.getAsBoolean() ? 1 : 0)
                .description("1 while the ARI events socket is connected, else 0")
                .strongReference(true)
                .register(meters);
    }
}
