package io.callbridge.call;

import io.callbridge.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The limits on calls in progress: the instance's (runtime setting {@code calls.maxConcurrentCalls}, read
 * for every call) and each route's {@code maxConcurrentCalls}. An inbound call over one is refused (486) or,
 * over its route's with an {@code overflowQueue}, waits in that queue ({@link CallOverflow}); an outbound one is
 * not placed (409).
 */
@ApplicationScoped
public class CallCapacity {

    private final CallRegistry registry;
    private final Settings settings;

    CallCapacity(CallRegistry registry, Settings settings) {
        this.registry = registry;
        this.settings = settings;
    }

    /**
     * Why a call over a limit is refused: {@code reason} for its CDR, {@code limit} the setting that set it,
     * {@code byRoute} whether it is the route's maxConcurrentCalls (not the instance's cap).
     */
    record Refusal(String reason, String limit, boolean byRoute) {
    }

    /**
     * Whether {@code call} (registered, so counted, and routed) is over the instance's cap or its route's
     * maxConcurrentCalls; empty when it may go on.
     */
    Optional<Refusal> refusal(CallSession call) {
        Optional<Integer> max = settings.maxConcurrentCalls();
        if (max.isPresent() && registry.inProgress() > max.get()) {
            return Optional.of(new Refusal("instance at " + max.get() + " calls", "calls.maxConcurrentCalls", false));
        }
        AgentRoute route = call.route();
        Integer routeMax = route == null ? null : route.maxConcurrentCalls();
        if (routeMax != null && registry.activeOnRoute(route.id()) > routeMax) {
            return Optional.of(new Refusal("route " + route.number() + " at " + routeMax + " calls",
                    "maxConcurrentCalls of route " + route.number(), true));
        }
        return Optional.empty();
    }
}
