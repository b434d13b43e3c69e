package io.callbridge.debug;

import io.callbridge.api.StrictJson;
import io.callbridge.api.auth.ApiPrincipal;
import io.callbridge.api.problem.FieldError;
import io.callbridge.api.problem.InvalidRequestException;
import io.callbridge.api.problem.ProblemException;
import io.callbridge.ari.AriChannels;
import io.callbridge.call.CallRegistry;
import io.callbridge.call.CallSession;
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
import java.sql.SQLException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Debug mode: SIP capture and verbose logs for one number's calls or one call, for a while
 * (docs/troubleshooting.md, "Debug mode"). Thin: {@link DebugEntries}.
 */
@Path("/api/debug")
@Produces(MediaType.APPLICATION_JSON)
public class DebugResource {

    /** Asterisk's dialplan function for a PJSIP channel's SIP Call-ID (the same at the edge: Kamailio proxies it). */
    static final String SIP_CALL_ID = "CHANNEL(pjsip,call-id)";

    private final DebugEntries entries;
    private final DebugConfig config;
    private final CallRegistry calls;
    private final AriChannels channels;

    DebugResource(DebugEntries entries, DebugConfig config, CallRegistry calls, AriChannels channels) {
        this.entries = entries;
        this.config = config;
        this.calls = calls;
        this.channels = channels;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "Switch debug mode on for a number or a call", description = "For the given time the SIP "
            + "messages of every call whose From or To user is `number` (with or without a leading +), or of the call "
            + "`callSid` from now on (it must be in progress), are stored in Kamailio's table kamailio.sip_trace (and "
            + "sent to the HEP collector when one is configured), and the app logs at DEBUG. The entry ends by itself; "
            + "it is stored, so it outlives a restart of the app or of Kamailio.")
    @APIResponse(responseCode = "201", description = "On",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DebugEntry.class)))
    @APIResponse(responseCode = "404", description = "The call is not in progress")
    public Response create(DebugRequest body, @Context ContainerRequestContext request) throws SQLException {
        if (body == null) {
            throw new InvalidRequestException("a JSON object with number or callSid is required",
                    List.of(new FieldError("number", "exactly one of number and callSid is required")));
        }
        List<FieldError> errors = new java.util.ArrayList<>(body.fieldErrors());
        if (body.durationSeconds() > 60L * config.maxMinutes()) {
            errors.add(new FieldError(body.seconds() != null ? "seconds" : "minutes",
                    "must be at most " + config.maxMinutes() + " minutes"));
        }
        if (!errors.isEmpty()) throw InvalidRequestException.of("field", errors);
        String sipCallId = null;
        if (body.callSid() != null) sipCallId = sipCallId(body.callSid());
        DebugEntry entry = entries.create(ApiPrincipal.of(request), body.number(), body.callSid(), sipCallId,
                body.durationSeconds());
        return Response.created(URI.create("/api/debug/" + entry.id())).entity(entry).build();
    }

    @GET
    @Operation(summary = "The live debug entries", description = "The soonest to end first.")
    public List<DebugEntry> list() throws SQLException {
        return entries.live();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One live debug entry", description = "404 when there is none (or it has ended).")
    public DebugEntry get(@RestPath long id) throws SQLException {
        return entries.find(id).orElseThrow(() -> new ProblemException(404, "no live debug entry " + id));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Switch a debug entry off now", description = "404 when there is no live entry.")
    @APIResponse(responseCode = "204", description = "Off")
    public void delete(@RestPath long id, @Context ContainerRequestContext request) throws SQLException {
        if (!entries.delete(ApiPrincipal.of(request), id)) throw new ProblemException(404, "no live debug entry " + id);
    }

    private String sipCallId(String callSid) {
        CallSession call = calls.byCallSid(callSid)
                .orElseThrow(() -> new ProblemException(404, "call " + callSid + " is not in progress"));
        try {
            String id = channels.variable(call.channelId(), SIP_CALL_ID);
            if (id == null || id.isBlank()) throw new ProblemException(409, "call " + callSid + " has no SIP Call-ID");
            return id;
        } catch (ch.loway.oss.ari4java.tools.RestException e) {
            throw new ProblemException(404, "call " + callSid + " is not in progress: " + e.getMessage());
        }
    }
}
