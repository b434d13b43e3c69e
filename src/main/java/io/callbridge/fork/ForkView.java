package io.callbridge.fork;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A stream fork as the REST API shows it, after Twilio's Stream resource
 * (https://www.twilio.com/docs/voice/api/stream-resource).
 *
 * @param sid       {@code MZ} + 32 hex: the {@code streamSid} of its messages
 * @param status    {@code in-progress}, {@code stopped}, or {@code failed} (the listener refused, closed or dropped)
 * @param track     {@code inbound_track}, {@code outbound_track} or {@code both_tracks}
 * @param error     why a failed fork failed; null otherwise
 * @param dateUpdated when the status last changed (ISO 8601, UTC)
 */
@Schema(name = "StreamFork", description = "A one-way fork of a call's audio to a WebSocket listener")
public record ForkView(
        @Schema(required = true, example = "MZ0123456789abcdef0123456789abcdef") String sid,
        @Schema(required = true) String accountSid,
        @Schema(required = true) String callSid,
        @Schema(required = true, nullable = true) String name,
        @Schema(required = true, enumeration = {"in-progress", "stopped", "failed"}) String status,
        @Schema(required = true, enumeration = {"inbound_track", "outbound_track", "both_tracks"}) String track,
        @Schema(required = true) String url,
        @Schema(required = true, nullable = true) String error,
        @Schema(required = true, format = "date-time") Instant dateUpdated) {

    static ForkView of(StreamFork fork, String accountSid) {
        ForkRequest r = fork.request();
        return new ForkView(fork.sid(), accountSid, fork.callSid(), r.name(), fork.status().code, r.track().twiml,
                r.url().toString(), fork.error(), fork.updatedAt());
    }
}
