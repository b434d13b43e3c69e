package io.callbridge.sip;

import io.callbridge.api.StrictJson;
import io.callbridge.api.auth.ApiPrincipal;
import io.callbridge.api.problem.FieldError;
import io.callbridge.api.problem.InvalidRequestException;
import io.callbridge.api.problem.ProblemException;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Attack protection at the edge: the bans Kamailio holds (read and lifted over its JSON-RPC) and the IP
 * allow and deny lists it enforces (docs/sip-edge.md, "Protection against attacks"). 503 when Kamailio
 * cannot be reached for what only it knows (the bans).
 */
@Path("/api/security")
@Produces(MediaType.APPLICATION_JSON)
public class SecurityResource {

    private final Bans bans;
    private final IpRules rules;

    SecurityResource(Bans bans, IpRules rules) {
        this.bans = bans;
        this.rules = rules;
    }

    @GET
    @Path("bans")
    @Operation(summary = "The bans in force", description = "Addresses banned for a flood, a scanner's user agent or "
            + "password guessing, and users locked after too many failed authentications; each ends by itself at "
            + "`until`. Read live from Kamailio.")
    public List<Ban> bans() {
        return edge(bans::list);
    }

    /** {@code target}: an address ({@code 203.0.113.7}) or a user ({@code alice@example.com}). */
    @DELETE
    @Path("bans/{target}")
    @Operation(summary = "Lift a ban", description = "The address or user may send again at once; its failure count "
            + "starts again from zero. 404 when it is not banned.")
    @APIResponse(responseCode = "204", description = "Lifted")
    public void lift(@RestPath String target, @Context ContainerRequestContext request) {
        if (edge(() -> bans.lift(ApiPrincipal.of(request), target)).isEmpty()) {
            throw new ProblemException(404, target + " is not banned");
        }
    }

    @GET
    @Path("ip-rules")
    @Operation(summary = "The IP allow and deny lists", description = "Allow list first, then deny list. Deny wins; "
            + "an empty allow list allows every address.")
    public List<IpRule> ipRules() {
        return rules.list();
    }

    @POST
    @Path("ip-rules")
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "Add an allow or deny entry", description = "Applies at once (Kamailio reloads the lists). "
            + "A network already on that list is kept as it is (200).")
    @APIResponse(responseCode = "201", description = "Added",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IpRule.class)))
    @APIResponse(responseCode = "200", description = "Already on the list",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IpRule.class)))
    public Response addIpRule(IpRuleRequest body, @Context ContainerRequestContext request) {
        if (body == null) {
            throw new InvalidRequestException("a JSON object with list and cidr is required",
                    List.of(new FieldError("cidr", "is required")));
        }
        if (!body.fieldErrors().isEmpty()) throw InvalidRequestException.of("field", body.fieldErrors());
        IpRules.Added added = rules.add(ApiPrincipal.of(request), body.list(), Cidr.parse(body.cidr()), body.description());
        if (added.existed()) return Response.ok(added.rule()).build();
        rules.apply();
        return Response.created(URI.create("/api/security/ip-rules/" + added.rule().id())).entity(added.rule()).build();
    }

    @DELETE
    @Path("ip-rules/{id}")
    @Operation(summary = "Remove an allow or deny entry", description = "Applies at once. 404 when there is none.")
    @APIResponse(responseCode = "204", description = "Removed")
    public void removeIpRule(@RestPath long id, @Context ContainerRequestContext request) {
        if (!rules.remove(ApiPrincipal.of(request), id)) throw new ProblemException(404, "no IP rule " + id);
        rules.apply();
    }

    private static <T> T edge(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (KamailioRpc.RpcException e) {
            throw new ProblemException(503, "Kamailio could not be asked: " + e.getMessage());
        }
    }
}
