package io.callbridge.call;

import io.callbridge.store.CallRecord;
import io.callbridge.store.CallRecordRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Writes the {@code calls} table: a row when a call arrives, its answer time, and its end. */
@ApplicationScoped
public class CdrWriter {

    private final CallRecordRepository records;

    CdrWriter(CallRecordRepository records) {
        this.records = records;
    }

    @Transactional
    void started(CallSession call) {
        CallRecord r = new CallRecord();
        r.callSid = call.callSid();
        r.channelId = call.channelId();
        r.direction = call.direction().code();
        r.fromNumber = call.from();
        r.toNumber = call.to();
        r.state = CallState.RINGING.name();
        r.startedAt = at(call.startedAt());
        records.persist(r);
    }

    @Transactional
    void answered(String callSid, String route, Instant at) {
        records.findByCallSid(callSid).ifPresent(r -> {
            r.state = CallState.ANSWERED.name();
            r.route = route;
            r.answeredAt = at(at);
        });
    }

    @Transactional
    void ended(CallEnd end) {
        records.findByCallSid(end.callSid()).ifPresent(r -> {
            r.state = CallState.ENDED.name();
            if (end.route() != null) r.route = end.route();
            r.endedAt = at(end.endedAt());
            r.termination = end.termination().code();
            r.terminationReason = truncate(end.termination().reason(), 255);
            r.sipCode = end.sipCode();
            r.agentUrl = end.agentUrl();
            r.protocol = end.protocol();
            if (end.quality() != null) {
                r.packetsIn = end.quality().packetsIn();
                r.bytesIn = end.quality().bytesIn();
                r.packetsOut = end.quality().packetsOut();
                r.bytesOut = end.quality().bytesOut();
                r.packetsLost = end.quality().packetsLost();
                r.packetsOutOfOrder = end.quality().packetsOutOfOrder();
                r.jitterMs = end.quality().jitterMs();
                r.framesDropped = end.quality().framesDropped();
            }
            if (end.agent() != null) {
                r.agentReconnects = end.agent().reconnects();
                r.firstAudioMs = end.agent().firstAudioMs();
                r.agentMalformed = end.agent().malformed();
                // caller frames lost on the agent side count with those dropped from the playout queue
                r.framesDropped = (r.framesDropped == null ? 0 : r.framesDropped) + end.agent().framesDropped();
            }
        });
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** Calls on record as in progress that no session of this instance owns. */
    @Transactional
    List<CallRecord> openRecords() {
        return records.listOpen();
    }

    @Transactional
    void closeUnowned(String callSid, Termination termination) {
        ended(new CallEnd(callSid, null, Instant.now(), termination, null, null, null, null, null));
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
