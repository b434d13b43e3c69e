package io.callbridge.node;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;

/** The Asterisk media nodes behind Kamailio, and draining them for maintenance. Thin: {@link MediaNodes}. */
@Path("/api/nodes")
@Produces(MediaType.APPLICATION_JSON)
public class NodesResource {

    private final MediaNodes nodes;

    NodesResource(MediaNodes nodes) {
        this.nodes = nodes;
    }

    @GET
    @Operation(summary = "List the media nodes", description = "Every Asterisk node of Kamailio's dispatcher set 1 "
            + "with its state (active, inactive after missed probes, trying, drained), and the open calls and "
            + "instances that drive it. 503 when Kamailio cannot be asked.")
    public List<MediaNodes.Node> list() {
        return nodes.list();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Show a media node", description = "404 for an id that is not in dispatcher set 1.")
    public MediaNodes.Node get(@RestPath String id) {
        return nodes.get(id);
    }

    @POST
    @Path("{id}/drain")
    @Operation(summary = "Drain a media node", description = "Kamailio sends the node no new calls (and stops probing "
            + "it); the calls on it go on until they end. Held in Kamailio's memory: a Kamailio restart puts the node "
            + "back. 404 for an unknown id, 503 when Kamailio cannot be asked.")
    public MediaNodes.Node drain(@RestPath String id) {
        return nodes.drain(id);
    }

    @POST
    @Path("{id}/resume")
    @Operation(summary = "Resume a drained media node", description = "The node takes new calls again (active, "
            + "probed: a node that does not answer its probes goes inactive). 404 for an unknown id.")
    public MediaNodes.Node resume(@RestPath String id) {
        return nodes.resume(id);
    }
}
