package io.callbridge.fork;

import ch.loway.oss.ari4java.tools.RestException;
import io.callbridge.api.problem.ProblemException;
import io.callbridge.call.CallConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Forking a live call's audio to a listener, in Twilio's REST shape (form-encoded {@code Url}, {@code Name},
 * {@code Track}, {@code ParameterN.Name}/{@code ParameterN.Value}; https://www.twilio.com/docs/voice/api/stream-resource):
 * start, stop ({@code Status=stopped}), list. 404 for a call not in progress here or an unknown stream, 409 for a
 * call with {@value StreamForks#MAX_PER_CALL} forks or a taken name, 400 for invalid fields, 502 when Asterisk
 * refused.
 */
@Path("/api/calls/{callSid}/streams")
@Produces(MediaType.APPLICATION_JSON)
public class ForkResource {

    private final StreamForks forks;
    private final CallConfig config;

    ForkResource(StreamForks forks, CallConfig config) {
        this.forks = forks;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Fork a call's audio to a WebSocket listener", description = "A one-way stream in Twilio's "
            + "Media Streams format (connected, start with tracks and customParameters, media with track, stop) while "
            + "the call goes on, with or without an agent. Form fields as Twilio's: Url (ws:// or wss://, required), "
            + "Name (unique on the call), Track (inbound_track, the default; outbound_track; both_tracks), "
            + "Parameter1.Name / Parameter1.Value … Parameter99.*. A listener that refuses, closes or drops ends "
            + "the fork only (status failed).")
    @APIResponse(responseCode = "201", description = "The fork, started",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ForkView.class)))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED,
            schema = @Schema(implementation = ForkForm.class)))
    public Response start(@RestPath String callSid, MultivaluedMap<String, String> form) {
        ForkRequest request = request(form == null ? new MultivaluedHashMap<>() : form);
        try {
            StreamFork fork = forks.start(callSid, request);
            return Response.created(URI.create("/api/calls/" + callSid + "/streams/" + fork.sid()))
                    .entity(ForkView.of(fork, config.accountSid())).build();
        } catch (ForkRefusedException e) {
            throw new ProblemException(e.status, e.getMessage());
        } catch (RestException e) {
            throw new ProblemException(502, "Asterisk refused to fork the call's audio: " + e.getMessage());
        }
    }

    @POST
    @Path("{sid}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Stop a fork", description = "Status=stopped (the only value) stops the fork given by its "
            + "sid or its name: the listener gets stop, then the socket closes. 404 for an unknown call, or a fork "
            + "that is not running.")
    @APIResponse(responseCode = "200", description = "The fork",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ForkView.class)))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED,
            schema = @Schema(implementation = ForkForm.class)))
    public ForkView stop(@RestPath String callSid, @RestPath String sid, MultivaluedMap<String, String> form) {
        String status = form == null ? null : form.getFirst("Status");
        if (!"stopped".equals(status)) throw new ProblemException(400, "Status must be stopped");
        try {
            return ForkView.of(forks.stop(callSid, sid), config.accountSid());
        } catch (ForkRefusedException e) {
            throw new ProblemException(e.status, e.getMessage());
        }
    }

    @GET
    @Operation(summary = "A call's live forks", description = "The stream forks running on the call now, in the "
            + "order they started; an empty list when it has none or has ended.")
    public List<ForkView> list(@RestPath String callSid) {
        return forks.of(callSid).stream().map(f -> ForkView.of(f, config.accountSid())).toList();
    }

    /** The request the form names; 400 for a missing or bad Url, an unknown Track, too many parameters. */
    static ForkRequest request(MultivaluedMap<String, String> form) {
        URI url = listenerUrl(form.getFirst("Url"));
        String track = form.getFirst("Track");
        StreamTrack parsed = StreamTrack.parse(track).orElseThrow(() -> new ProblemException(400,
                "Track must be inbound_track, outbound_track or both_tracks, not " + track));
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 1; i <= ForkRequest.MAX_PARAMETERS; i++) {
            String name = form.getFirst("Parameter" + i + ".Name");
            if (name == null || name.isBlank()) continue;
            String value = form.getFirst("Parameter" + i + ".Value");
            parameters.put(name, value == null ? "" : value);
        }
        return new ForkRequest(url, form.getFirst("Name"), parsed, parameters);
    }

    private static URI listenerUrl(String url) {
        if (url == null || url.isBlank()) throw new ProblemException(400, "Url is required");
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme();
            if (scheme != null && (scheme.equalsIgnoreCase("ws") || scheme.equalsIgnoreCase("wss")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ProblemException(400, "Url must be a ws:// or wss:// URL with a host, not " + url);
    }
}
