package io.callbridge.api;

import io.callbridge.api.problem.ProblemException;
import io.callbridge.call.Blocklist;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Set;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The numbers blocklist: callers refused with 403 before answer. Thin: {@link BlockValidator} checks,
 * {@link Blocklist} normalizes to E.164 and stores.
 */
@Path("/api/numbers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NumbersResource {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 500;

    private final Blocklist blocklist;
    private final RequestPrincipal principal;

    NumbersResource(Blocklist blocklist, RequestPrincipal principal) {
        this.blocklist = blocklist;
        this.principal = principal;
    }

    /** 201 when the number is newly blocked, 200 when it already was (its reason is replaced). */
    @POST
    @Path("block")
    @CustomDeserialization(StrictJson.class)
    public Response block(BlockRequest body) {
        BlockRequest valid = BlockValidator.validate(body);
        Blocklist.Blocked blocked = blocklist.block(principal.get(), valid.number(), valid.reason());
        return Response.status(blocked.existed() ? Response.Status.OK : Response.Status.CREATED)
                .entity(BlockedNumberResponse.of(blocked.entry())).build();
    }

    /** {@code number} in any form block accepts ({@code +} as is or URL-encoded as {@code %2B}). */
    @DELETE
    @Path("block/{number}")
    public void unblock(@RestPath String number) {
        if (!blocklist.unblock(principal.get(), number)) throw new ProblemException(404, number + " is not blocked");
    }

    @GET
    @Path("blocked")
    public BlockedNumbersPage blocked(@RestQuery String page, @RestQuery String size, @Context UriInfo uri) {
        QueryParams params = new QueryParams(uri.getQueryParameters(), Set.of("page", "size"));
        int pageIndex = params.integer("page", page, 0, Integer.MAX_VALUE, 0);
        int pageSize = params.integer("size", size, 1, MAX_SIZE, DEFAULT_SIZE);
        // Panache pages by offset = page * size, an int.
        if (!params.hasError("page") && (long) pageIndex * pageSize > Integer.MAX_VALUE) {
            params.error("page", "is too large for this size");
        }
        params.failIfAny();
        var items = blocklist.page(pageIndex, pageSize).stream().map(BlockedNumberResponse::of).toList();
        return new BlockedNumbersPage(items, pageIndex, pageSize, blocklist.count());
    }
}
