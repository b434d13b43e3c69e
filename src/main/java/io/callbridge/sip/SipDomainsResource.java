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
import jakarta.ws.rs.PUT;
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

    private static final String ALGORITHMS = "The digest algorithms the domain's challenges offer, in order "
            + "(RFC 8760: a phone answers the first it supports): [\"MD5\"] (the default: every phone has it), "
            + "[\"SHA-256\", \"MD5\"] (a phone that takes the first challenge whatever its algorithm, and has no "
            + "SHA-256, cannot authenticate there), or [\"SHA-256\"].";

    /** The body of {@code POST /api/sip/domains}. */
    public record DomainRequest(@Schema(required = true, maxLength = 64, example = "a.example.test") String domain,
                                @Schema(description = ALGORITHMS, example = "[\"SHA-256\", \"MD5\"]")
                                List<String> digestAlgorithms)
            implements CheckedBody {
        @Override
        public List<FieldError> fieldErrors() {
            List<FieldError> errors = new ArrayList<>();
            SipNames.checkDomain("domain", domain, errors);
            SipDomains.checkDigestAlgorithms(digestAlgorithms, errors);
            return errors;
        }
    }

    /** The body of {@code PUT /api/sip/domains/{domain}}. */
    public record DomainUpdate(@Schema(required = true, description = ALGORITHMS, example = "[\"SHA-256\", \"MD5\"]")
                               List<String> digestAlgorithms) implements CheckedBody {
        @Override
        public List<FieldError> fieldErrors() {
            List<FieldError> errors = new ArrayList<>();
            if (digestAlgorithms == null) errors.add(new FieldError("digestAlgorithms", "is required"));
            SipDomains.checkDigestAlgorithms(digestAlgorithms, errors);
            return errors;
        }
    }

    /** A domain after a change, and whether Kamailio has it already. */
    public record DomainChange(@Schema(required = true) long id,
                               @Schema(required = true) String domain,
                               @Schema(required = true, description = ALGORITHMS) List<String> digestAlgorithms,
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
            + "Kamailio starts. digestAlgorithms defaults to [\"MD5\"]. 400 for a bad name or algorithm list, 409 "
            + "when it exists.")
    @APIResponse(responseCode = "201", description = "The stored domain",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DomainChange.class)))
    public Response create(DomainRequest body) {
        if (body == null) throw new InvalidRequestException("a JSON object with the domain is required", List.of());
        SipDomains.Domain created = domains.create(actor.get(), body.domain(), body.digestAlgorithms());
        return Response.status(201).entity(new DomainChange(created.id(), created.domain(), created.digestAlgorithms(),
                domains.reload())).build();
    }

    @PUT
    @Path("{domain}")
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "Set a SIP domain's digest algorithms", description = "Kamailio's next challenge for the "
            + "domain offers them (it reads them at each challenge); registrations already made stand. 400 for a "
            + "list not allowed, 404 for an unknown domain.")
    @APIResponse(responseCode = "200", description = "The domain as stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SipDomains.Domain.class)))
    public SipDomains.Domain update(@RestPath String domain, DomainUpdate body) {
        if (body == null) throw new InvalidRequestException("a JSON object with digestAlgorithms is required", List.of());
        return domains.update(actor.get(), domain, body.digestAlgorithms());
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
