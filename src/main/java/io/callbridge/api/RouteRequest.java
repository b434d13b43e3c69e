package io.callbridge.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.callbridge.api.problem.FieldError;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;

/**
 * The body of {@code POST /api/routes} and {@code PUT /api/routes/{id}}; {@link RouteValidator} checks it
 * and applies the defaults. The read-only fields of {@link RouteResponse} are ignored, so a route fetched
 * with GET can be edited and PUT back as it is; any other unknown property is a 400.
 */
@JsonIgnoreProperties({"id", "createdAt", "updatedAt"})
@Schema(description = "A route to create or replace. Unknown properties are refused; id, createdAt and updatedAt "
        + "are ignored, so a route read with GET can be sent back.", properties = {
        @SchemaProperty(name = "id", type = SchemaType.INTEGER, readOnly = true, description = "Ignored"),
        @SchemaProperty(name = "createdAt", type = SchemaType.STRING, readOnly = true, description = "Ignored"),
        @SchemaProperty(name = "updatedAt", type = SchemaType.STRING, readOnly = true, description = "Ignored")})
public record RouteRequest(
        @Schema(required = true, maxLength = 33, example = "+4930*", description = "An exact number or extension "
                + "(+4930123, 1000), a prefix ending in * (+4930*), or * alone (the default route). Digits, letters, "
                + "*, #, an optional leading +. Unique.") String number,
        @Schema(nullable = true, maxLength = 255) String description,
        @Schema(nullable = true, maxLength = 2048, example = "wss://agent.example.com/voice",
                description = "The agent's ws:// or wss:// URL, with a host and no fragment. Required unless the route "
                        + "runs a TwiML flow (twiml or voiceUrl)") String url,
        @Schema(nullable = true, enumeration = {"twilio", "raw"}, defaultValue = "twilio",
                description = "twilio: Twilio Media Streams JSON, mu-law 8 kHz; raw: binary 16-bit PCM") String protocol,
        @Schema(nullable = true, enumeration = {"8000", "16000", "24000"}, description = "Hz. twilio: 8000 only; "
                + "raw: 8000, 16000 (default) or 24000") Integer sampleRate,
        @Schema(nullable = true, maxProperties = 50, description = "Passed to the agent (twilio: customParameters). "
                + "Keys 1-64 characters, values at most 1024; from, to, direction and resumed are reserved")
        Map<String, String> parameters,
        @Schema(nullable = true, minimum = "1", description = "Calls beyond it are refused with 486; null: no limit")
        Integer maxConcurrentCalls,
        @Schema(nullable = true, maxLength = 255, defaultValue = "hangup", description = "hangup, a number to forward "
                + "the caller to, or a SIP URI") String onAgentFailure,
        @Schema(nullable = true, defaultValue = "false", description = "Record every answered call of the route "
                + "(a stereo WAV: caller left, agent right; docs/recording.md)") Boolean record,
        @Schema(nullable = true, maxLength = 200, example = "beep", description = "An Asterisk sound played to the "
                + "caller when the recording starts, before the agent is heard (record only)") String recordAnnouncement,
        @Schema(nullable = true, maxLength = 64, pattern = "^[A-Za-z0-9_-]+$", description = "The music-on-hold "
                + "class callers hear while held (GET /api/moh/classes); null: the default class") String mohClass,
        @Schema(nullable = true, defaultValue = "false", description = "Whether the agent gets hold and resume events "
                + "on its stream (docs/agents.md); off, a twilio agent sees exactly Twilio's protocol") Boolean holdEvents,
        @Schema(nullable = true, maxLength = 65536, example = "<Response><Reject reason=\"busy\"/></Response>",
                description = "A TwiML document the route's calls run instead of an agent (docs/flows.md); "
                        + "not with url or voiceUrl") String twiml,
        @Schema(nullable = true, maxLength = 2048, example = "https://app.example.com/voice", description = "An http(s) "
                + "URL whose TwiML the route's calls run, requested as Twilio requests a voice URL (signed with "
                + "X-Twilio-Signature); not with url or twiml") String voiceUrl,
        @Schema(nullable = true, enumeration = {"GET", "POST"}, defaultValue = "POST") String voiceMethod,
        @Schema(nullable = true, maxLength = 2048, description = "Requested when voiceUrl fails (HTTP error, timeout, "
                + "invalid TwiML); voiceUrl only") String voiceFallbackUrl,
        @Schema(nullable = true, enumeration = {"GET", "POST"}, defaultValue = "POST") String voiceFallbackMethod,
        @Schema(nullable = true, minimum = "1", maximum = "60", description = "Seconds each TwiML request may take; "
                + "null: 15") Integer voiceTimeout,
        @Schema(nullable = true, maxLength = 64, example = "support", description = "A call queue (docs/flows.md, "
                + "Queues) callers over maxConcurrentCalls wait in, with music on hold, until one of the route's lines "
                + "frees; then the front caller is connected to the route's agent. Needs maxConcurrentCalls and url; "
                + "null: callers over the limit are refused with 486") String overflowQueue)
        implements CheckedBody {

    /** A request without an overflow queue. */
    public RouteRequest(String number, String description, String url, String protocol, Integer sampleRate,
                        Map<String, String> parameters, Integer maxConcurrentCalls, String onAgentFailure,
                        Boolean record, String recordAnnouncement, String mohClass, Boolean holdEvents, String twiml,
                        String voiceUrl, String voiceMethod, String voiceFallbackUrl, String voiceFallbackMethod,
                        Integer voiceTimeout) {
        this(number, description, url, protocol, sampleRate, parameters, maxConcurrentCalls, onAgentFailure, record,
                recordAnnouncement, mohClass, holdEvents, twiml, voiceUrl, voiceMethod, voiceFallbackUrl,
                voiceFallbackMethod, voiceTimeout, null);
    }

    /** A request without the recording and hold settings (not recorded, default music on hold, no hold events). */
    public RouteRequest(String number, String description, String url, String protocol, Integer sampleRate,
                        Map<String, String> parameters, Integer maxConcurrentCalls, String onAgentFailure) {
        this(number, description, url, protocol, sampleRate, parameters, maxConcurrentCalls, onAgentFailure, null, null, null, null);
    }

    /** A request with the recording and hold settings, for an agent (no TwiML flow). */
    public RouteRequest(String number, String description, String url, String protocol, Integer sampleRate,
                        Map<String, String> parameters, Integer maxConcurrentCalls, String onAgentFailure,
                        Boolean record, String recordAnnouncement, String mohClass, Boolean holdEvents) {
        this(number, description, url, protocol, sampleRate, parameters, maxConcurrentCalls, onAgentFailure, record,
                recordAnnouncement, mohClass, holdEvents, null, null, null, null, null, null);
    }

    @Override
    public List<FieldError> fieldErrors() {
        return CheckedBody.errorsOf(() -> RouteValidator.validate(this));
    }
}
