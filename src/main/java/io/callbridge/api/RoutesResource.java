package io.callbridge.api;

import io.callbridge.api.problem.ProblemException;
import io.callbridge.call.RouteService;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/** Routes: which agent answers a dialed number. Thin: {@link RouteValidator} checks, {@link RouteService} stores. */
@Path("/api/routes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RoutesResource {

    private final RouteService routes;
    private final RequestPrincipal principal;

    RoutesResource(RouteService routes, RequestPrincipal principal) {
        this.routes = routes;
        this.principal = principal;
    }

    @GET
    @Operation(summary = "List the routes", description = "Every route, ordered by id.")
    public List<RouteResponse> list() {
        return routes.list().stream().map(RouteResponse::of).toList();
    }

    @POST
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "Create a route", description = "Stores a route; it applies to the next call. 409 "
            + "(duplicate-number) when another route has the number; 400 naming every invalid field.")
    @APIResponse(responseCode = "201", description = "The stored route",
            headers = @Header(name = "Location", description = "The route's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RouteResponse.class)))
    public Response create(RouteRequest body, @Context UriInfo uri) {
        RouteResponse created = RouteResponse.of(routes.create(principal.get(), RouteValidator.validate(body)));
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build())
                .entity(created).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Read a route by id", description = "404 when no route has the id.")
    public RouteResponse get(@RestPath long id) {
        return RouteResponse.of(routes.get(id));
    }

    /**
     * The route whose {@code number} is exactly {@code number}, as stored: {@code 1000}, {@code +4930123},
     * {@code +4930*} or {@code *} (URL-encoded: {@code %2B} for {@code +}, {@code %23} for {@code #}). Not
     * the route a call to that number would take ({@code GET /api/routes/by-number/+4930123} does not find
     * {@code +4930*}). 404 when no route has it.
     */
    @GET
    @Path("by-number/{number}")
    @Operation(summary = "Read a route by number", description = "The route whose number is exactly this one, "
            + "as stored (1000, +4930*, *); not the route a call to the number would take. 404 when none has it.")
    public RouteResponse byNumber(@Parameter(description = "The route's number; + as %2B, # as %23",
            example = "+4930*") @RestPath String number) {
        return routes.byNumber(number).map(RouteResponse::of)
                .orElseThrow(() -> new ProblemException(404, "no route with number " + number));
    }

    /** A full replace: fields left out take their defaults, as on create. */
    @PUT
    @Path("{id}")
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "Replace a route", description = "A full replace: fields left out take their defaults. "
            + "404 for an unknown id, 409 when another route has the number.")
    public RouteResponse replace(@RestPath long id, RouteRequest body) {
        return RouteResponse.of(routes.replace(principal.get(), id, RouteValidator.validate(body)));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a route", description = "Calls already running on it go on. 404 for an unknown id.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public void delete(@RestPath long id) {
        routes.delete(principal.get(), id);
    }
}
