package io.callbridge.sip;

import io.callbridge.api.StrictJson;
import io.callbridge.api.problem.InvalidRequestException;
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
import org.jboss.resteasy.reactive.RestQuery;

/** SIP users (phones that register with digest authentication) and their aliases. Thin: {@link SipUsers}, {@link SipAliases}. */
@Path("/api/sip/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SipUsersResource {

    private final SipUsers users;
    private final SipAliases aliases;
    private final ApiActor actor;

    SipUsersResource(SipUsers users, SipAliases aliases, ApiActor actor) {
        this.users = users;
        this.aliases = aliases;
        this.actor = actor;
    }

    @GET
    @Operation(summary = "List the SIP users", description = "Every user, or those of one domain, by domain and name. "
            + "Passwords and their hashes are never returned.")
    public List<SipUser> list(@Parameter(description = "Only users of this domain") @RestQuery String domain) {
        return users.list(domain);
    }

    @POST
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "Create a SIP user", description = "The user can register at once (no reload). The password "
            + "is stored only as HA1 hashes (MD5 and SHA-256 of username:domain:password). 400 naming every invalid "
            + "field (password: 12-128 characters; domain: one of GET /api/sip/domains), 409 when the user or an alias "
            + "of that address exists.")
    @APIResponse(responseCode = "201", description = "The stored user",
            headers = @Header(name = "Location", description = "The user's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SipUser.class)))
    public Response create(SipUserRequest body, @Context UriInfo uri) {
        if (body == null) throw new InvalidRequestException("a JSON object describing the user is required", List.of());
        SipUser created = users.create(actor.get(), body);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build()).entity(created).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Read a SIP user", description = "404 when no user has the id.")
    public SipUser get(@RestPath long id) {
        return users.get(id);
    }

    @PUT
    @Path("{id}")
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "Update a SIP user", description = "Sets displayName, callerId and enabled (left out: null, "
            + "null, true), and the password when given. Username and domain cannot change. Disabling a user removes "
            + "its registrations; its next REGISTER is refused with 403. 404 for an unknown id.")
    public SipUser update(@RestPath long id, SipUserRequest body) {
        if (body == null) throw new InvalidRequestException("a JSON object describing the user is required", List.of());
        SipUser updated = users.update(actor.get(), id, body);
        if (!updated.enabled()) users.dropRegistrations(updated);
        return updated;
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a SIP user", description = "With its aliases and registrations. 404 for an unknown id.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public void delete(@RestPath long id) {
        users.dropRegistrations(users.delete(actor.get(), id));
    }

    @GET
    @Path("{id}/aliases")
    @Operation(summary = "List a SIP user's aliases", description = "Other addresses that reach the user. 404 for an unknown user.")
    public List<SipAliases.Alias> aliases(@RestPath long id) {
        return aliases.list(id);
    }

    @POST
    @Path("{id}/aliases")
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "Add an alias to a SIP user", description = "A request to sip:ALIAS@DOMAIN reaches the user's "
            + "registered contacts. Applies at once (no reload). 400 for a bad alias or a domain the registrar lacks, "
            + "404 for an unknown user, 409 when the address is a user or an alias already.")
    @APIResponse(responseCode = "201", description = "The stored alias",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SipAliases.Alias.class)))
    public Response addAlias(@RestPath long id, SipAliases.AliasRequest body) {
        return Response.status(201).entity(aliases.create(actor.get(), id, body)).build();
    }

    @DELETE
    @Path("{id}/aliases/{aliasId}")
    @Operation(summary = "Remove an alias of a SIP user", description = "404 for an unknown user or alias.")
    @APIResponse(responseCode = "204", description = "Removed")
    public void removeAlias(@RestPath long id, @RestPath long aliasId) {
        aliases.delete(actor.get(), id, aliasId);
    }
}
