package io.callbridge.forwarding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callbridge.call.ForwardTarget;
import io.callbridge.call.ForwardingRules;
import io.callbridge.call.RouteService;
import io.callbridge.store.JdbcTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Stores each route's forwarding with failover (table {@code route_forwarding}, one row per route, gone with the
 * route) and answers the call path's questions about it ({@link ForwardingRules}). Read from the database when a
 * trigger happens, so every instance sees a change at once; plain JDBC.
 */
@ApplicationScoped
public class RouteForwardings implements ForwardingRules {

    private static final String SELECT = "select on_busy, on_agent_failure, targets from route_forwarding where route_id = ?";
    private static final String UPSERT = """
            insert into route_forwarding (route_id, on_busy, on_agent_failure, targets, updated_at)
            values (?, ?, ?, ?, now())
            on conflict (route_id) do update set on_busy = excluded.on_busy,
                   on_agent_failure = excluded.on_agent_failure, targets = excluded.targets, updated_at = now()""";
    private static final String DELETE = "delete from route_forwarding where route_id = ?";
    private static final TypeReference<List<ForwardingResponse.Target>> TARGETS = new TypeReference<>() { };

    private final DataSource db;
    private final ObjectMapper json;
    private final RouteService routes;

    RouteForwardings(DataSource db, ObjectMapper json, RouteService routes) {
        this.db = db;
        this.json = json;
        this.routes = routes;
    }

    /** The forwarding of route {@code routeId}, if it has one; a route that does not exist has none. */
    public Optional<ForwardingResponse> get(long routeId) {
        return JdbcTransaction.run(db, "reading a route's forwarding", c -> {
            try (PreparedStatement s = c.prepareStatement(SELECT)) {
                s.setLong(1, routeId);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) return Optional.<ForwardingResponse>empty();
                    List<String> on = new ArrayList<>();
                    if (r.getBoolean(1)) on.add(ForwardingRequest.BUSY);
                    if (r.getBoolean(2)) on.add(ForwardingRequest.AGENT_FAILURE);
                    return Optional.of(new ForwardingResponse(routeId, on, targets(r.getString(3))));
                }
            }
        });
    }

    /**
     * Sets the forwarding of route {@code routeId} to {@code request} (valid: {@link ForwardingRequest#fieldErrors}).
     *
     * @throws io.callbridge.call.RouteNotFoundException when no route has the id
     */
    public ForwardingResponse put(long routeId, ForwardingRequest request) {
        routes.get(routeId); // 404 for a route that does not exist
        List<ForwardingResponse.Target> targets = request.targets().stream()
                .map(t -> new ForwardingResponse.Target(t.to(), t.seconds())).toList();
        String stored;
        try {
            stored = json.writeValueAsString(targets);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("forwarding targets are not serializable", e);
        }
        boolean onBusy = request.on().contains(ForwardingRequest.BUSY);
        boolean onAgentFailure = request.on().contains(ForwardingRequest.AGENT_FAILURE);
        JdbcTransaction.run(db, "storing a route's forwarding", c -> {
            try (PreparedStatement s = c.prepareStatement(UPSERT)) {
                s.setLong(1, routeId);
                s.setBoolean(2, onBusy);
                s.setBoolean(3, onAgentFailure);
                s.setString(4, stored);
                return s.executeUpdate();
            }
        });
        return get(routeId).orElseThrow();
    }

    /** Removes the forwarding of route {@code routeId}; whether it had one. */
    public boolean delete(long routeId) {
        return JdbcTransaction.run(db, "removing a route's forwarding", c -> {
            try (PreparedStatement s = c.prepareStatement(DELETE)) {
                s.setLong(1, routeId);
                return s.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<ForwardTarget> targets(long routeId, Trigger trigger) {
        Optional<ForwardingResponse> forwarding = get(routeId);
        if (forwarding.isEmpty()) return List.of();
        String wanted = trigger == Trigger.BUSY ? ForwardingRequest.BUSY : ForwardingRequest.AGENT_FAILURE;
        if (!forwarding.get().on().contains(wanted)) return List.of();
        return forwarding.get().targets().stream()
                .map(t -> new ForwardTarget(t.to(), Duration.ofSeconds(t.timeout()))).toList();
    }

    private List<ForwardingResponse.Target> targets(String stored) {
        try {
            return json.readValue(stored, TARGETS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored forwarding targets are not readable: " + e.getMessage(), e);
        }
    }
}
