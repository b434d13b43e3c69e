package io.callbridge.api;

import io.callbridge.call.TrunkAttempt;
import io.callbridge.store.CallRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A call's CDR as the API shows it: every column of {@code calls} but the internal row id. The media and
 * agent figures are null until the call ends, and stay null for a call that never reached its agent.
 * {@code instanceId} names the instance that owns the call; {@code adoptions} counts the restarts of the app the
 * call survived (null: none) and {@code agentGapMs} the time those left it without an agent.
 */
public record CallResponse(@Schema(required = true) String callSid,
                           @Schema(required = true, nullable = true) String channelId,
                           @Schema(required = true, enumeration = {"inbound", "outbound"}) String direction,
                           @Schema(required = true, nullable = true) String from,
                           @Schema(required = true, nullable = true) String to,
                           @Schema(required = true, nullable = true) String route,
                           @Schema(required = true, nullable = true) String state,
                           @Schema(required = true) Instant startedAt,
                           @Schema(required = true, nullable = true) Instant answeredAt,
                           @Schema(required = true, nullable = true) Instant endedAt,
                           @Schema(required = true, nullable = true) String termination,
                           @Schema(required = true, nullable = true) String terminationReason,
                           @Schema(required = true, nullable = true) Integer sipCode,
                           @Schema(required = true, nullable = true) String agentUrl,
                           @Schema(required = true, nullable = true) String protocol,
                           @Schema(required = true, nullable = true) Long packetsIn,
                           @Schema(required = true, nullable = true) Long packetsOut,
                           @Schema(required = true, nullable = true) Long bytesIn,
                           @Schema(required = true, nullable = true) Long bytesOut,
                           @Schema(required = true, nullable = true) Long packetsLost,
                           @Schema(required = true, nullable = true) Long packetsOutOfOrder,
                           @Schema(required = true, nullable = true) Double jitterMs,
                           @Schema(required = true, nullable = true) Long framesDropped,
                           @Schema(required = true, nullable = true) Integer agentReconnects,
                           @Schema(required = true, nullable = true) Integer firstAudioMs,
                           @Schema(required = true, nullable = true) Long agentMalformed,
                           @Schema(required = true, nullable = true, description = "The app instance that owns the call")
                           String instanceId,
                           @Schema(required = true, nullable = true, description = "Restarts of the app the call survived")
                           Integer adoptions,
                           @Schema(required = true, nullable = true, description = "Milliseconds those restarts left it without an agent")
                           Long agentGapMs,
                           @Schema(required = true, nullable = true, description = "The caller leg's quality; null "
                                   + "until the call ends, and for a call never answered")
                           CallerQualityResponse callerQuality,
                           @Schema(required = true, nullable = true, description = "Milliseconds the call spent on hold "
                                   + "(summed over its holds; an open hold counts once it ends); null: never held")
                           Long holdMs,
                           @Schema(required = true, nullable = true, description = "How many times the call was put on hold")
                           Integer holds,
                           @Schema(required = true, nullable = true,
                                   description = "While the call is on hold: who holds it, api or caller; null otherwise")
                           String heldBy,
                           @Schema(required = true, nullable = true, description = "Each gateway the call's outbound "
                                   + "legs were sent to through a carrier trunk, oldest first, with the SIP code it ended "
                                   + "with (200: the one that carried the call; 408: no answer). Only in GET "
                                   + "/api/calls/{callSid}; null in lists")
                           List<TrunkAttempt> trunkAttempts) {

    static CallResponse of(CallRecord r) {
        return of(r, null);
    }

    /** With the call's trunk attempts ({@code attempts}; null: not read). */
    static CallResponse of(CallRecord r, List<TrunkAttempt> attempts) {
        return new CallResponse(r.callSid, r.channelId, r.direction, r.fromNumber, r.toNumber, r.route,
                r.state == null ? null : r.state.toLowerCase(Locale.ROOT),
                instant(r.startedAt), instant(r.answeredAt), instant(r.endedAt),
                r.termination, r.terminationReason, r.sipCode, r.agentUrl, r.protocol,
                r.packetsIn, r.packetsOut, r.bytesIn, r.bytesOut, r.packetsLost, r.packetsOutOfOrder, r.jitterMs,
                r.framesDropped, r.agentReconnects, r.firstAudioMs, r.agentMalformed,
                r.instanceId, r.adoptions, r.agentGapMs, CallerQualityResponse.of(r), r.holdMs, r.holds, r.heldBy, attempts);
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
