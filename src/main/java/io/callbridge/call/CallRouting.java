package io.callbridge.call;

import io.callbridge.store.RouteEntity;
import io.callbridge.store.RouteRepository;
import io.callbridge.store.TableChanged;
import io.callbridge.stream.Protocol;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the route for a dialed number (exact, longest prefix, then {@code *}: {@link RouteMatcher}), from
 * memory: the {@code routes} table is loaded whole and kept current by {@code store.TableChanges} (a change
 * anywhere, within a second) and by {@link RouteService} (a change through this instance's API, before the
 * API answers). Loaded on first use if no reload came first.
 */
@ApplicationScoped
public class CallRouting {

    private final RouteRepository routes;
    /** Routes by number (pattern). Replaced whole, never modified: a lookup sees one consistent table. */
    private volatile Map<String, AgentRoute> byNumber;

    CallRouting(RouteRepository routes) {
        this.routes = routes;
    }

    public Optional<AgentRoute> routeFor(String dialed) {
        if (dialed == null || dialed.isBlank()) return Optional.empty();
        return RouteMatcher.best(dialed, table());
    }

    /** The route whose number (pattern) is exactly {@code number}: how an outbound call names its agent. */
    public Optional<AgentRoute> byNumber(String number) {
        return Optional.ofNullable(table().get(number));
    }

    private Map<String, AgentRoute> table() {
        Map<String, AgentRoute> t = byNumber;
        return t != null ? t : reload();
    }

    void onTableChanged(@Observes TableChanged changed) {
        if (changed.is("routes")) reload();
    }

    /**
     * Reads the whole table. Serialized with {@link #onLocalChange}, and the read happens under the lock: a
     * reload that ends after a local change has read that change, or the change is applied on top of it.
     */
    synchronized Map<String, AgentRoute> reload() {
        List<RouteEntity> all = QuarkusTransaction.requiringNew().call(routes::listAll);
        Map<String, AgentRoute> t = new HashMap<>();
        for (RouteEntity r : all) t.put(r.number, toRoute(r));
        byNumber = Map.copyOf(t);
        return byNumber;
    }

    /** A change made through this instance, applied once committed (the API answers after this). */
    synchronized void onLocalChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) RouteChanged change) {
        Map<String, AgentRoute> current = byNumber;
        if (current == null) return; // not loaded yet: the first lookup reads the table, change included
        Map<String, AgentRoute> t = new HashMap<>(current);
        t.values().removeIf(r -> r.id() == change.id());
        if (change.route() != null) t.put(change.route().number(), change.route());
        byNumber = Map.copyOf(t);
    }

    static AgentRoute toRoute(RouteEntity r) {
        return new AgentRoute(r.id, r.number, r.url == null ? null : URI.create(r.url), Protocol.fromCode(r.protocol),
                r.sampleRate, Map.copyOf(r.parameters), r.maxConcurrentCalls, r.onAgentFailure, r.mohClass, r.holdEvents,
                r.record, r.recordAnnouncement, flowOf(r), r.overflowQueue);
    }

    /** The route's TwiML flow, or null for a route to an agent. */
    static RouteFlow flowOf(RouteEntity r) {
        if (r.twiml == null && r.voiceUrl == null) return null;
        return new RouteFlow(r.twiml, r.voiceUrl == null ? null : URI.create(r.voiceUrl), r.voiceMethod,
                r.voiceFallbackUrl == null ? null : URI.create(r.voiceFallbackUrl), r.voiceFallbackMethod,
                r.voiceTimeoutSeconds == null ? null : Duration.ofSeconds(r.voiceTimeoutSeconds));
    }
}
