package io.callbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.callbridge.api.problem.FieldError;
import io.callbridge.api.problem.InvalidRequestException;
import io.callbridge.config.Settings;
import io.callbridge.config.SettingsInput;
import io.callbridge.config.SettingsService;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Runtime settings: every key with its current value (secrets only as {@code {"set": …}}). PUT changes the
 * keys it names and leaves the others; all are checked before any is applied. Thin: {@link SettingsInput}
 * checks, {@link SettingsService} stores, audits and applies.
 */
@Path("/api/config")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConfigResource {

    private final Settings settings;
    private final SettingsService service;
    private final RequestPrincipal principal;

    ConfigResource(Settings settings, SettingsService service, RequestPrincipal principal) {
        this.settings = settings;
        this.service = service;
        this.principal = principal;
    }

    @GET
    @Operation(summary = "Read the runtime settings", description = "Every key with its current value; secrets "
            + "only as {\"set\": true|false}.")
    @APIResponse(responseCode = "200", description = "Every setting",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Settings")))
    public Map<String, Object> get() {
        return settings.shown();
    }

    /** Answers with every setting, as GET does, once the change is in effect. */
    @PUT
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "Change runtime settings", description = "Changes the keys given and leaves the others; "
            + "null resets a key to its default. Every key is checked before any is applied.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "SettingsChange")))
    @APIResponse(responseCode = "200", description = "Every setting, once the change is in effect",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Settings")))
    public Map<String, Object> update(Map<String, JsonNode> body) {
        if (body == null) {
            throw new InvalidRequestException("a JSON object of settings to change is required", List.of());
        }
        SettingsInput.Result input = SettingsInput.parse(body);
        if (!input.errors().isEmpty()) {
            List<FieldError> errors = input.errors().stream().map(e -> new FieldError(e.key(), e.message())).toList();
            throw new InvalidRequestException("invalid setting(s): " + InvalidRequestException.names(errors)
                    + "; nothing was changed", errors);
        }
        service.update(principal.get(), input.changes());
        return settings.shown();
    }
}
