package io.callbridge.trunk;

import io.callbridge.api.StrictJson;
import io.callbridge.api.auth.ApiPrincipal;
import io.callbridge.api.problem.InvalidRequestException;
import io.callbridge.api.problem.ProblemException;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/** Carrier SIP trunks (docs/carriers.md). Thin: {@link Trunks}, {@link TrunkSync}, {@link TrunkHealth}. */
@Path("/api/trunks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TrunkResource {

    private final Trunks trunks;
    private final TrunkSync sync;
    private final TrunkHealth health;

    TrunkResource(Trunks trunks, TrunkSync sync, TrunkHealth health) {
        this.trunks = trunks;
        this.sync = sync;
        this.health = health;
    }

    @GET
    @Operation(summary = "List the trunks", description = "Every trunk by id, with gateways and DIDs; passwords are never returned.")
    public List<Trunk> list() {
        return trunks.list();
    }

    @POST
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "Create a trunk", description = "Applied to the SIP edge at once (no restart): its sources may "
            + "call in, its gateways are probed, it registers when register is true. 400 naming every invalid field, "
            + "409 when the name is taken.")
    @APIResponse(responseCode = "201", description = "The stored trunk",
            headers = @Header(name = "Location", description = "The trunk's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Trunk.class)))
    public Response create(TrunkRequest body, @Context UriInfo uri, @Context ContainerRequestContext request) {
        if (body == null) throw new InvalidRequestException("a JSON object describing the trunk is required", List.of());
        Trunk created = trunks.create(ApiPrincipal.of(request), body);
        sync.reload(created.id());
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build()).entity(created).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Read a trunk with its live state", description = "status.gateways: each gateway's health from "
            + "the edge's OPTIONS probing (up, down: skipped, probing, disabled, unknown); status.registration when the "
            + "trunk registers (registered, registering, failed, disabled, unknown); status.error when the edge could "
            + "not be asked. 404 for an unknown id.")
    public Trunk get(@RestPath long id) {
        Trunk trunk = trunks.find(id).orElseThrow(() -> new ProblemException(404, "no trunk " + id));
        return trunk.withStatus(health.of(trunk));
    }

    @PUT
    @Path("{id}")
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "Replace a trunk", description = "Every field as on create (left out: its default); a password "
            + "left out keeps the current one, an empty one removes it. Applied at once. 400, 404, 409 as on create.")
    public Trunk replace(@RestPath long id, TrunkRequest body, @Context ContainerRequestContext request) {
        if (body == null) throw new InvalidRequestException("a JSON object describing the trunk is required", List.of());
        Trunk replaced = trunks.replace(ApiPrincipal.of(request), id, body);
        sync.reload(id);
        return replaced;
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a trunk", description = "Its sources can no longer call in, its registration ends. 404 for an unknown id.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public void delete(@RestPath long id, @Context ContainerRequestContext request) {
        if (!trunks.delete(ApiPrincipal.of(request), id)) throw new ProblemException(404, "no trunk " + id);
        sync.reload(id);
    }
}
