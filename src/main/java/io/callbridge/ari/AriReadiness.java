package io.callbridge.ari;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the ARI events socket is up: without it no call can be controlled. */
@Readiness
@ApplicationScoped
public class AriReadiness implements HealthCheck {

    private final AriConnection connection;

    AriReadiness(AriConnection connection) {
        this.connection = connection;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("ari").status(connection.isConnected()).build();
    }
}
