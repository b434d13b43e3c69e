package io.callbridge.api;

import io.callbridge.store.CallRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;

/**
 * A call's CDR as the API shows it: every column of {@code calls} but the internal row id. The media and
 * agent figures are null until the call ends, and stay null for a call that never reached its agent.
 * {@code instanceId} names the instance that owns the call; {@code adoptions} counts the restarts of the app the
 * call survived (null: none) and {@code agentGapMs} the time those left it without an agent.
 */
public record CallResponse(String callSid, String channelId, String direction, String from, String to, String route,
                           String state, Instant startedAt, Instant answeredAt, Instant endedAt,
                           String termination, String terminationReason, Integer sipCode,
                           String agentUrl, String protocol,
                           Long packetsIn, Long packetsOut, Long bytesIn, Long bytesOut, Long packetsLost,
                           Long packetsOutOfOrder, Double jitterMs, Long framesDropped,
                           Integer agentReconnects, Integer firstAudioMs, Long agentMalformed,
                           String instanceId, Integer adoptions, Long agentGapMs) {

    static CallResponse of(CallRecord r) {
        return new CallResponse(r.callSid, r.channelId, r.direction, r.fromNumber, r.toNumber, r.route,
                r.state == null ? null : r.state.toLowerCase(Locale.ROOT),
                instant(r.startedAt), instant(r.answeredAt), instant(r.endedAt),
                r.termination, r.terminationReason, r.sipCode, r.agentUrl, r.protocol,
                r.packetsIn, r.packetsOut, r.bytesIn, r.bytesOut, r.packetsLost, r.packetsOutOfOrder, r.jitterMs,
                r.framesDropped, r.agentReconnects, r.firstAudioMs, r.agentMalformed,
                r.instanceId, r.adoptions, r.agentGapMs);
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
