package io.callbridge.call;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** DOWN once shutdown begins, so a load balancer stops sending calls while running ones drain. */
@Readiness
@ApplicationScoped
public class CallsReadiness implements HealthCheck {

    private final CallDrain drain;
    private final CallRegistry registry;

    CallsReadiness(CallDrain drain, CallRegistry registry) {
        this.drain = drain;
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("calls")
                .status(!drain.isDraining())
                .withData("active", registry.size())
                .build();
    }
}
