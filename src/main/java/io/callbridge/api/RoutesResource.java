package io.callbridge.api;

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
    public List<RouteResponse> list() {
        return routes.list().stream().map(RouteResponse::of).toList();
    }

    @POST
    @CustomDeserialization(StrictJson.class)
    public Response create(RouteRequest body, @Context UriInfo uri) {
        RouteResponse created = RouteResponse.of(routes.create(principal.get(), RouteValidator.validate(body)));
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build())
                .entity(created).build();
    }

    @GET
    @Path("{id}")
    public RouteResponse get(@RestPath long id) {
        return RouteResponse.of(routes.get(id));
    }

    /** A full replace: fields left out take their defaults, as on create. */
    @PUT
    @Path("{id}")
    @CustomDeserialization(StrictJson.class)
    public RouteResponse replace(@RestPath long id, RouteRequest body) {
        return RouteResponse.of(routes.replace(principal.get(), id, RouteValidator.validate(body)));
    }

    @DELETE
    @Path("{id}")
    public void delete(@RestPath long id) {
        routes.delete(principal.get(), id);
    }
}
