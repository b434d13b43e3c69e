package io.callbridge.api.auth;

import io.callbridge.api.StrictJson;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/**
 * API keys kept in the database, beside the environment's bootstrap keys. Thin: {@link ApiKeyValidator}
 * checks, {@link ApiKeyService} stores.
 */
@Path("/api/keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ApiKeysResource {

    private final ApiKeyService keys;

    ApiKeysResource(ApiKeyService keys) {
        this.keys = keys;
    }

    /** 201 with the key; there is no Location, since a key is read through the list, without its secret. */
    @POST
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "Create an API key", description = "The key is in this answer only; the database keeps its "
            + "SHA-256. It works from the next request.")
    @APIResponse(responseCode = "201", description = "The new key, shown once",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreatedApiKeyResponse.class)))
    public Response create(ApiKeyRequest body, @Context ContainerRequestContext request) {
        NewApiKey created = keys.create(ApiKeyValidator.name(body), ApiPrincipal.of(request));
        return Response.status(Response.Status.CREATED).entity(CreatedApiKeyResponse.of(created)).build();
    }

    @GET
    @Operation(summary = "List the stored API keys", description = "Oldest first, revoked ones included; never the "
            + "key or its hash. The bootstrap keys are not listed.")
    public List<ApiKeyInfo> list() {
        return keys.list();
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Revoke an API key", description = "The next request with it gets 401. 404 for an id that "
            + "is not a stored key, 409 when it is already revoked.")
    @APIResponse(responseCode = "204", description = "Revoked")
    public void revoke(@RestPath String id, @Context ContainerRequestContext request) {
        keys.revoke(id, ApiPrincipal.of(request));
    }
}
