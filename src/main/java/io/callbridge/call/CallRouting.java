package io.callbridge.call;

import io.callbridge.store.RouteEntity;
import io.callbridge.store.RouteRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** Finds what handles a dialed number. Read from the database on every call, so changes apply at once. */
@ApplicationScoped
public class CallRouting {

    private final RouteRepository routes;

    CallRouting(RouteRepository routes) {
        this.routes = routes;
    }

    @Transactional
    public Optional<String> routeFor(String dialed) {
        if (dialed == null || dialed.isBlank()) return Optional.empty();
        return routes.findByNumber(dialed).map(r -> r.number);
    }
}
