package io.callbridge.forwarding;

import io.callbridge.api.StrictJson;
import io.callbridge.api.problem.FieldError;
import io.callbridge.api.problem.InvalidRequestException;
import io.callbridge.api.problem.ProblemException;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/** A route's forwarding with failover: read, set, remove. Thin: {@link RouteForwardings} stores it. */
@Path("/api/routes/{id}/forwarding")
@Produces(MediaType.APPLICATION_JSON)
public class ForwardingResource {

    private final RouteForwardings forwardings;

    ForwardingResource(RouteForwardings forwardings) {
        this.forwardings = forwardings;
    }

    @GET
    @Operation(summary = "Read a route's forwarding", description = "404 when the route has none, or no route has "
            + "the id.")
    public ForwardingResponse get(@RestPath long id) {
        return forwardings.get(id).orElseThrow(() -> new ProblemException(404, "route " + id + " has no forwarding"));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "Set a route's forwarding", description = "Replaces the route's forwarding with failover; it "
            + "applies to the next busy call or agent failure. 400 for an invalid body, 404 when no route has the id.")
    public ForwardingResponse put(@RestPath long id, ForwardingRequest body) {
        List<FieldError> errors = body == null ? List.of(new FieldError("on", "is required")) : body.fieldErrors();
        if (!errors.isEmpty()) throw InvalidRequestException.of("field", errors);
        return forwardings.put(id, body);
    }

    @DELETE
    @Operation(summary = "Remove a route's forwarding", description = "The route refuses busy calls with 486 and "
            + "follows its onAgentFailure again. 404 when the route has no forwarding.")
    @APIResponse(responseCode = "204", description = "Removed")
    public Response delete(@RestPath long id) {
        if (!forwardings.delete(id)) throw new ProblemException(404, "route " + id + " has no forwarding");
        return Response.noContent().build();
    }
}
