package io.callbridge.recording;

import ch.loway.oss.ari4java.tools.RestException;
import io.callbridge.api.StrictJson;
import io.callbridge.api.problem.InvalidRequestException;
import io.callbridge.api.problem.ProblemException;
import io.callbridge.recording.Recorder.RefusedException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;

/**
 * Recording a call in progress: start, pause, resume, stop ({@link Recorder}), and the call's recordings. 404
 * for an unknown call or recording, 409 when the call or recording is not in a state that allows the request,
 * 502 when Asterisk refused.
 */
@Path("/api/calls/{callSid}/recordings")
@Produces(MediaType.APPLICATION_JSON)
public class CallRecordingsResource {

    private final Recorder recorder;
    private final RecordingStore store;

    CallRecordingsResource(Recorder recorder, RecordingStore store) {
        this.recorder = recorder;
        this.store = store;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "Start recording a call", description = "Records the answered call as a stereo WAV: the "
            + "caller on the left, the agent (or the human after a transfer) on the right, until it is stopped or the "
            + "call ends. One recording at a time per call. 404 for an unknown call, 409 when the call is not in "
            + "progress on this instance, not answered, or being recorded already.")
    @APIResponse(responseCode = "201", description = "The recording, started",
            headers = @Header(name = "Location", description = "The recording's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RecordingView.class)))
    public Response start(@RestPath String callSid, StartRecordingRequest body) throws SQLException {
        if (body != null && !body.fieldErrors().isEmpty()) throw InvalidRequestException.of("field", body.fieldErrors());
        try {
            RecordingRow row = recorder.start(callSid, Recorder.Source.API, body == null ? null : body.recordingStatusCallback());
            return Response.created(URI.create("/api/recordings/" + row.sid())).entity(RecordingView.of(row)).build();
        } catch (RefusedException e) {
            throw refused(e);
        } catch (RestException e) {
            throw new ProblemException(502, "Asterisk refused to record the call: " + e.getMessage());
        }
    }

    @GET
    @Operation(summary = "A call's recordings", description = "Oldest first.")
    public List<RecordingView> list(@RestPath String callSid) throws SQLException {
        return store.list(new RecordingStore.Filter(callSid, null, null, null), 1000).reversed().stream()
                .map(RecordingView::of).toList();
    }

    @POST
    @Path("{recordingSid}/pause")
    @Operation(summary = "Pause a recording", description = "Both channels record silence until resumed, so the "
            + "file's timeline stays the call's; the pause is listed in the recording's pauses.")
    public RecordingView pause(@RestPath String callSid, @RestPath String recordingSid) throws SQLException {
        try {
            return RecordingView.of(recorder.pause(callSid, recordingSid));
        } catch (RefusedException e) {
            throw refused(e);
        } catch (RestException e) {
            throw new ProblemException(502, "Asterisk refused to pause the recording: " + e.getMessage());
        }
    }

    @POST
    @Path("{recordingSid}/resume")
    @Operation(summary = "Resume a paused recording", description = "Both channels record the call again; the pause "
            + "keeps its place in the recording's pauses.")
    public RecordingView resume(@RestPath String callSid, @RestPath String recordingSid) throws SQLException {
        try {
            return RecordingView.of(recorder.resume(callSid, recordingSid));
        } catch (RefusedException e) {
            throw refused(e);
        } catch (RestException e) {
            throw new ProblemException(502, "Asterisk refused to resume the recording: " + e.getMessage());
        }
    }

    @POST
    @Path("{recordingSid}/stop")
    @Operation(summary = "Stop a recording", description = "The stereo WAV is written shortly after "
            + "(status processing, then completed, with the recording.completed webhook).")
    public RecordingView stop(@RestPath String callSid, @RestPath String recordingSid) throws SQLException {
        try {
            return RecordingView.of(recorder.stop(callSid, recordingSid));
        } catch (RefusedException e) {
            throw refused(e);
        }
    }

    /** 404 for an unknown call or recording, 409 for the rest. */
    private static ProblemException refused(RefusedException e) {
        int status = switch (e.refusal) {
            case NO_CALL, NO_RECORDING -> 404;
            default -> 409;
        };
        return new ProblemException(status, e.getMessage());
    }
}
