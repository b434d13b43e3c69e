package io.callbridge.sip;

import io.callbridge.api.CheckedBody;
import io.callbridge.api.StrictJson;
import io.callbridge.api.problem.FieldError;
import io.callbridge.api.problem.InvalidRequestException;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/** The registrar's SIP domains. Thin: {@link SipDomains}. */
@Path("/api/sip/domains")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SipDomainsResource {

    /** The body of {@code POST /api/sip/domains}. */
    public record DomainRequest(@Schema(required = true, maxLength = 64, example = "a.example.test") String domain)
            implements CheckedBody {
        @Override
        public List<FieldError> fieldErrors() {
            List<FieldError> errors = new ArrayList<>();
            SipNames.checkDomain("domain", domain, errors);
            return errors;
        }
    }

    /** A domain after a change, and whether Kamailio has it already. */
    public record DomainChange(@Schema(required = true) long id,
                               @Schema(required = true) String domain,
                               @Schema(required = true, description = "false: Kamailio could not be told (unreachable); "
                                       + "the change is stored and applies when Kamailio starts") boolean reloaded) {
    }

    private final SipDomains domains;
    private final ApiActor actor;

    SipDomainsResource(SipDomains domains, ApiActor actor) {
        this.domains = domains;
        this.actor = actor;
    }

    @GET
    @Operation(summary = "List the SIP domains", description = "The domains the registrar serves, by name.")
    public List<SipDomains.Domain> list() {
        return domains.list();
    }

    @POST
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "Add a SIP domain", description = "Kamailio reloads its domains at once (JSON-RPC "
            + "domain.reload); reloaded is false when it could not be reached: the domain is stored and applies when "
            + "Kamailio starts. 400 for a bad name, 409 when it exists.")
    @APIResponse(responseCode = "201", description = "The stored domain",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DomainChange.class)))
    public Response create(DomainRequest body) {
        if (body == null) throw new InvalidRequestException("a JSON object with the domain is required", List.of());
        SipDomains.Domain created = domains.create(actor.get(), body.domain());
        return Response.status(201).entity(new DomainChange(created.id(), created.domain(), domains.reload())).build();
    }

    @DELETE
    @Path("{domain}")
    @Operation(summary = "Remove a SIP domain", description = "Kamailio reloads its domains at once. 404 for an "
            + "unknown domain, 409 while it has users or aliases.")
    @APIResponse(responseCode = "204", description = "Removed")
    public void delete(@RestPath String domain) {
        domains.delete(actor.get(), domain);
        domains.reload();
    }
}
