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
    void ended(String callSid, String route, Instant at, Termination termination, Integer sipCode) {
        records.findByCallSid(callSid).ifPresent(r -> {
            r.state = CallState.ENDED.name();
            if (route != null) r.route = route;
            r.endedAt = at(at);
            r.termination = termination.code();
            r.terminationReason = termination.reason();
            r.sipCode = sipCode;
        });
    }

    /** Calls on record as in progress that no session of this instance owns. */
    @Transactional
    List<CallRecord> openRecords() {
        return records.listOpen();
    }

    @Transactional
    void closeUnowned(String callSid, Termination termination) {
        ended(callSid, null, Instant.now(), termination, null);
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
