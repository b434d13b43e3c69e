package io.callbridge.api;

import io.callbridge.api.problem.ProblemException;
import io.callbridge.call.Blocklist;
import io.callbridge.call.PhoneNumbers;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The numbers blocklist: callers refused with 403 before answer. Thin: {@link BlockValidator} checks,
 * {@link Blocklist} brings each caller to its compared form ({@link PhoneNumbers#caller}) and stores.
 */
@Path("/api/numbers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NumbersResource {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 500;

    private final Blocklist blocklist;
    private final PhoneNumbers numbers;
    private final RequestPrincipal principal;

    NumbersResource(Blocklist blocklist, PhoneNumbers numbers, RequestPrincipal principal) {
        this.blocklist = blocklist;
        this.numbers = numbers;
        this.principal = principal;
    }

    /** 201 when the number is newly blocked, 200 when it already was (its reason is replaced). */
    @POST
    @Path("block")
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "Block a caller", description = "A phone number (stored in E.164), an extension or a SIP "
            + "user; calls from it are refused with 403 before answer. Blocking it again replaces the reason.")
    @APIResponse(responseCode = "201", description = "Newly blocked",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BlockedNumberResponse.class)))
    @APIResponse(responseCode = "200", description = "Already blocked; its reason is replaced",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BlockedNumberResponse.class)))
    public Response block(BlockRequest body) {
        BlockRequest valid = BlockValidator.validate(body, numbers);
        Blocklist.Blocked blocked = blocklist.block(principal.get(), valid.number(), valid.reason());
        return Response.status(blocked.existed() ? Response.Status.OK : Response.Status.CREATED)
                .entity(BlockedNumberResponse.of(blocked.entry())).build();
    }

    /** {@code number} in any form block accepts ({@code +} as is or URL-encoded as {@code %2B}). */
    @DELETE
    @Path("block/{number}")
    @Operation(summary = "Unblock a caller", description = "The caller in any form block takes. 404 when it is not blocked.")
    @APIResponse(responseCode = "204", description = "Unblocked")
    public void unblock(@RestPath String number) {
        if (!blocklist.unblock(principal.get(), number)) throw new ProblemException(404, number + " is not blocked");
    }

    @GET
    @Path("blocked")
    @Operation(summary = "List the blocked callers", description = "One page, ordered by number, with the total count.")
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
