package io.callbridge.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.callbridge.api.problem.ProblemException;
import io.callbridge.sip.KamailioRpc;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The Asterisk media nodes: the destinations of Kamailio's dispatcher set 1, with their state as Kamailio sees
 * it (JSON-RPC {@code dispatcher.list}) and their open calls (the CDRs of the instances that drive them, table
 * {@code instances}). Draining a node disables it in the dispatcher ({@code dispatcher.set_duid_state d}): it
 * gets no new calls and is no longer probed, while the calls it carries go on (their in-dialog requests follow
 * the Record-Route, not the dispatcher). Resuming sets it active and probed again. The state lives in Kamailio's
 * memory: a Kamailio restart or a {@code dispatcher.reload} reads kamailio/dispatcher.list again.
 */
@ApplicationScoped
public class MediaNodes {

    /** The dispatcher set of the media nodes (kamailio.cfg {@code MEDIA_SET}). */
    static final int MEDIA_SET = 1;

    /** How a node stands in Kamailio's dispatcher. */
    public enum State {
        /** Takes new calls. */
        ACTIVE,
        /** Missed its probes (or a call's INVITE timed out): takes no new calls until it answers a probe. */
        INACTIVE,
        /** Being tried again after being inactive. */
        TRYING,
        /** Drained: takes no new calls and is not probed until resumed. */
        DRAINED;

        /** The wire form: {@code active}, {@code drained} … */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One media node, as {@code GET /api/nodes} shows it. */
    public record Node(
            @Schema(required = true, description = "The node's duid in dispatcher set 1", example = "asterisk-1") String id,
            @Schema(required = true, description = "Where Kamailio sends the node's calls", example = "sip:127.0.0.1:5080") String uri,
            @Schema(required = true, enumeration = {"active", "inactive", "trying", "drained"},
                    description = "active: takes new calls; inactive: missed its probes; trying: being tried again; "
                            + "drained: takes no new calls until resumed") String state,
            @Schema(required = true, description = "Whether Kamailio probes it with OPTIONS") boolean probing,
            @Schema(required = true, description = "Open calls of the instances that drive it") long calls,
            @Schema(required = true, description = "The app instances that drive it (callbridge.ari.media-node)") List<String> instances) {
    }

    private final KamailioRpc rpc;
    private final DataSource db;

    MediaNodes(KamailioRpc rpc, DataSource db) {
        this.rpc = rpc;
        this.db = db;
    }

    /**
     * Every node of dispatcher set 1, in Kamailio's order.
     *
     * @throws ProblemException 503 when Kamailio cannot be asked
     */
    public List<Node> list() {
        JsonNode result = ask("dispatcher.list");
        Map<String, Usage> usage = usage();
        List<Node> nodes = new ArrayList<>();
        for (JsonNode record : result.path("RECORDS")) {
            JsonNode set = record.path("SET");
            if (set.path("ID").asInt() != MEDIA_SET) continue;
            for (JsonNode target : set.path("TARGETS")) {
                JsonNode dest = target.path("DEST");
                String uri = dest.path("URI").asText();
                String id = dest.path("ATTRS").path("DUID").asText("");
                if (id.isEmpty()) id = uri;
                String flags = dest.path("FLAGS").asText("");
                Usage u = usage.getOrDefault(id, new Usage());
                nodes.add(new Node(id, uri, state(flags).code(), flags.contains("P"), u.calls, List.copyOf(u.instances)));
            }
        }
        return nodes;
    }

    /** The node {@code id}; 404 when set 1 has none of that id. */
    public Node get(String id) {
        return list().stream().filter(n -> n.id().equals(id)).findFirst()
                .orElseThrow(() -> new ProblemException(404, "no media node " + id + " in dispatcher set " + MEDIA_SET));
    }

    /** Drains node {@code id}: no new calls; its calls finish. Returns the node as it is then. */
    public Node drain(String id) {
        get(id);
        ask("dispatcher.set_duid_state", "d", MEDIA_SET, id);
        return get(id);
    }

    /** Puts node {@code id} back into the selection (active, probed). Returns the node as it is then. */
    public Node resume(String id) {
        get(id);
        ask("dispatcher.set_duid_state", "ap", MEDIA_SET, id);
        return get(id);
    }

    /** Kamailio's dispatcher flags ({@code AP}, {@code IP}, {@code TP}, {@code DX} …) as a state. */
    static State state(String flags) {
        if (flags.startsWith("D")) return State.DRAINED;
        if (flags.startsWith("I")) return State.INACTIVE;
        if (flags.startsWith("T")) return State.TRYING;
        return State.ACTIVE;
    }

    private JsonNode ask(String method, Object... params) {
        try {
            JsonNode result = rpc.call(method, params);
            return result == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : result;
        } catch (KamailioRpc.RpcException e) {
            throw new ProblemException(503, "Kamailio could not be asked (" + method + "): " + e.getMessage());
        }
    }

    private static final class Usage {
        long calls;
        final List<String> instances = new ArrayList<>();
    }

    /** Per media node: the instances that drive it and their open calls. */
    private Map<String, Usage> usage() {
        Map<String, Usage> usage = new HashMap<>();
        try (Connection c = db.getConnection();
             PreparedStatement q = c.prepareStatement("select i.media_node, i.instance_id, "
                     + "(select count(*) from calls k where k.instance_id = i.instance_id and k.ended_at is null) "
                     + "from instances i where i.media_node is not null order by i.instance_id");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                Usage u = usage.computeIfAbsent(rs.getString(1), k -> new Usage());
                u.instances.add(rs.getString(2));
                u.calls += rs.getLong(3);
            }
        } catch (SQLException e) {
            throw new ProblemException(503, "the database could not be read: " + e.getMessage());
        }
        return usage;
    }
}
