package io.callbridge.api;

import io.callbridge.api.problem.FieldError;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/calls/initiate}: whom to call, as whom, and which agent talks once the far
 * end answers, either a configured route (by its number) or an agent given here.
 */
@Schema(description = "An outbound call: give either route or agent. Unknown properties are refused.")
public record InitiateRequest(
        @Schema(required = true, maxLength = 128, example = "+14155550100",
                description = "An E.164 number or a SIP URI") String to,
        @Schema(required = true, example = "+14155550199", description = "E.164: the caller id the far end sees")
        String from,
        @Schema(nullable = true, description = "The number of a configured route whose agent talks") String route,
        @Schema(nullable = true, description = "An agent for this call alone") Agent agent,
        @Schema(nullable = true, minimum = "1", maximum = "600", defaultValue = "30",
                description = "Seconds to ring before giving up") Integer timeoutSeconds,
        @Schema(nullable = true, maxLength = 2048, description = "http:// or https:// URL for Twilio-style status "
                + "callbacks") String statusCallback,
        @Schema(nullable = true, description = "Which statuses to send: initiated, ringing, answered, completed "
                + "(default: completed)") List<String> statusCallbackEvent,
        @Schema(nullable = true, enumeration = {"GET", "POST"}, defaultValue = "POST", description = "How the status "
                + "callbacks are sent: POST with the fields form-encoded in the body, or GET with them in the query")
        String statusCallbackMethod,
        @Schema(nullable = true, defaultValue = "false", description = "Record the call once answered (a stereo WAV: "
                + "the far end left, the agent right; docs/recording.md)") Boolean record,
        @Schema(nullable = true, maxLength = 2048, description = "http:// or https:// URL for Twilio's "
                + "recordingStatusCallback when the recording is completed (record only)") String recordingStatusCallback,
        @Schema(nullable = true, maxLength = 64, example = "carrier-b", description = "The carrier trunk the call leaves "
                + "through, alone (its gateways in order, failover among them, never to another trunk): its id or name. "
                + "For a number only; default: every enabled trunk in id order (docs/carriers.md)") String trunk)
        implements CheckedBody {

    /** Every invalid field but {@code route} and {@code trunk} naming nothing stored (the resource looks those up). */
    @Override
    public List<FieldError> fieldErrors() {
        return CheckedBody.errorsOf(() -> InitiateValidator.validate(this, null, null));
    }

    /** An agent for this call alone: the fields of a route that say how to reach it. */
    public record Agent(
            @Schema(required = true, maxLength = 2048, description = "The agent's ws:// or wss:// URL") String url,
            @Schema(nullable = true, enumeration = {"twilio", "raw"}, defaultValue = "twilio") String protocol,
            @Schema(nullable = true, enumeration = {"8000", "16000", "24000"}) Integer sampleRate,
            @Schema(nullable = true, maxProperties = 50, description = "As a route's; from, to, direction and resumed are "
                    + "reserved") Map<String, String> parameters) {
    }
}
