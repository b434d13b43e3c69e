package io.callbridge.call;

import java.util.List;

/**
 * A route's forwarding with failover, as the call path asks for it (implemented by the {@code forwarding} package,
 * which stores it, so the call path does not depend on it). Read when a trigger happens, on the call's executor.
 */
public interface ForwardingRules {

    /** What makes a call be forwarded. */
    enum Trigger {
        /** The route (or the instance) is at its maximum of concurrent calls: instead of 486 Busy Here. */
        BUSY,
        /** The route's agent could not be reached, refused the stream or broke it. */
        AGENT_FAILURE
    }

    /**
     * The targets to try in turn for {@code trigger} on the route {@code routeId}, in order; empty when the route
     * forwards nothing on it. A database that cannot be read gives empty (the route's other policy applies).
     */
    List<ForwardTarget> targets(long routeId, Trigger trigger);
}
