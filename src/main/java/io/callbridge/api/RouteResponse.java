package io.callbridge.api;

import io.callbridge.call.RouteFlow;
import io.callbridge.call.RouteSpec;
import io.callbridge.call.StoredRoute;
import java.time.OffsetDateTime;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A route as the API shows it. */
public record RouteResponse(
        @Schema(required = true) long id,
        @Schema(required = true) String number,
        @Schema(required = true, nullable = true) String description,
        @Schema(required = true, nullable = true, description = "null for a route that runs a TwiML flow") String url,
        @Schema(required = true, enumeration = {"twilio", "raw"}) String protocol,
        @Schema(required = true, enumeration = {"8000", "16000", "24000"}) int sampleRate,
        @Schema(required = true) Map<String, String> parameters,
        @Schema(required = true, nullable = true, minimum = "1") Integer maxConcurrentCalls,
        @Schema(required = true) String onAgentFailure,
        @Schema(required = true) boolean record,
        @Schema(required = true, nullable = true) String recordAnnouncement,
        @Schema(required = true, nullable = true, description = "null: the default class") String mohClass,
        @Schema(required = true) boolean holdEvents,
        @Schema(required = true, nullable = true) String twiml,
        @Schema(required = true, nullable = true) String voiceUrl,
        @Schema(required = true, enumeration = {"GET", "POST"}) String voiceMethod,
        @Schema(required = true, nullable = true) String voiceFallbackUrl,
        @Schema(required = true, enumeration = {"GET", "POST"}) String voiceFallbackMethod,
        @Schema(required = true, nullable = true, description = "seconds; null: the default (15)") Integer voiceTimeout,
        @Schema(required = true, nullable = true, description = "The queue callers over maxConcurrentCalls wait in; "
                + "null: they are refused with 486") String overflowQueue,
        @Schema(required = true) OffsetDateTime createdAt,
        @Schema(required = true) OffsetDateTime updatedAt) {

    static RouteResponse of(StoredRoute stored) {
        RouteSpec s = stored.spec();
        RouteFlow f = s.flow();
        return new RouteResponse(stored.id(), s.number(), s.description(), s.url(), s.protocol().code(), s.sampleRate(),
                s.parameters(), s.maxConcurrentCalls(), s.onAgentFailure(), s.record(), s.recordAnnouncement(),
                s.mohClass(), s.holdEvents(), f == null ? null : f.twiml(), text(f == null ? null : f.voiceUrl()),
                f == null ? "POST" : f.voiceMethod(), text(f == null ? null : f.voiceFallbackUrl()),
                f == null ? "POST" : f.voiceFallbackMethod(),
                f == null || f.timeout() == null ? null : (int) f.timeout().toSeconds(), s.overflowQueue(), stored.createdAt(),
                stored.updatedAt());
    }

    private static String text(java.net.URI uri) {
        return uri == null ? null : uri.toString();
    }
}
