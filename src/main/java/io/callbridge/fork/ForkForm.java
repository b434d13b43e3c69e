package io.callbridge.fork;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The form fields of {@code POST /api/calls/{callSid}/streams} and {@code …/streams/{sid}}, for the OpenAPI
 * document only: {@link ForkResource} reads the form itself, because Twilio's {@code ParameterN.Name} /
 * {@code ParameterN.Value} fields are numbered (N from 1 to 99).
 */
@Schema(name = "StreamForkForm", additionalProperties = Schema.True.class,
        description = "Twilio's Stream resource fields; also Parameter1.Name / Parameter1.Value … Parameter99.*")
public record ForkForm(
        @Schema(description = "The listener: a ws:// or wss:// URL (start; required)") String Url,
        @Schema(description = "The fork's name, unique on the call (start)") String Name,
        @Schema(description = "inbound_track (default), outbound_track or both_tracks (start)",
                enumeration = {"inbound_track", "outbound_track", "both_tracks"}) String Track,
        @Schema(description = "stopped (stop; the only value)", enumeration = {"stopped"}) String Status) {
}
