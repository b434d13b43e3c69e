package io.callbridge.call;

import io.callbridge.store.RouteEntity;
import io.callbridge.store.RouteRepository;
import io.callbridge.stream.Protocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the route for a dialed number (exact, longest prefix, then {@code *}: {@link RouteMatcher}).
 * Read from the database on every call, so changes made through the API apply to the next call.
 */
@ApplicationScoped
public class CallRouting {

    private final RouteRepository routes;

    CallRouting(RouteRepository routes) {
        this.routes = routes;
    }

    @Transactional
    public Optional<AgentRoute> routeFor(String dialed) {
        if (dialed == null || dialed.isBlank()) return Optional.empty();
        return RouteMatcher.best(dialed, routes.candidatesFor(dialed), r -> r.number).map(CallRouting::toRoute);
    }

    /** The route whose number (pattern) is exactly {@code number}: how an outbound call names its agent. */
    @Transactional
    public Optional<AgentRoute> byNumber(String number) {
        return routes.findByNumber(number).map(CallRouting::toRoute);
    }

    static AgentRoute toRoute(RouteEntity r) {
        return new AgentRoute(r.id, r.number, r.url == null ? null : URI.create(r.url), Protocol.fromCode(r.protocol),
                r.sampleRate, Map.copyOf(r.parameters), r.maxConcurrentCalls, r.onAgentFailure);
    }
}
