package io.callbridge.call;

import io.callbridge.store.CallRecord;
import io.callbridge.store.CallRecordRepository;
import io.callbridge.webhook.WebhookOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@code calls} table: a row when a call arrives, its answer time, and its end; each in one
 * transaction with its webhook event in the outbox.
 */
@ApplicationScoped
public class CdrWriter {

    private final CallRecordRepository records;
    private final WebhookOutbox webhooks;

    CdrWriter(CallRecordRepository records, WebhookOutbox webhooks) {
        this.records = records;
        this.webhooks = webhooks;
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
        webhooks.record("call.initiated", r.callSid, summary(r));
    }

    @Transactional
    void answered(String callSid, String route, Instant at) {
        records.findByCallSid(callSid).ifPresent(r -> {
            r.state = CallState.ANSWERED.name();
            r.route = route;
            r.answeredAt = at(at);
            webhooks.record("call.answered", r.callSid, summary(r));
        });
    }

    /** A caller digit, for receivers that opted in to {@code dtmf.received}. */
    @Transactional
    void dtmf(String callSid, String digit) {
        if (!webhooks.dtmfEnabled()) return;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("callSid", callSid);
        data.put("digit", digit);
        webhooks.record("dtmf.received", callSid, data);
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
            webhooks.record("call.completed", r.callSid, completed(r));
        });
    }

    private static Map<String, Object> summary(CallRecord r) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("callSid", r.callSid);
        d.put("direction", r.direction);
        d.put("from", r.fromNumber);
        d.put("to", r.toNumber);
        d.put("route", r.route);
        d.put("startedAt", text(r.startedAt));
        d.put("answeredAt", text(r.answeredAt));
        return d;
    }

    /** The CDR as {@code call.completed} carries it: termination, SIP code and the quality figures. */
    private static Map<String, Object> completed(CallRecord r) {
        Map<String, Object> d = summary(r);
        d.put("endedAt", text(r.endedAt));
        d.put("durationSeconds", r.answeredAt == null ? 0 : java.time.Duration.between(r.answeredAt, r.endedAt).toSeconds());
        d.put("termination", r.termination);
        d.put("terminationReason", r.terminationReason);
        d.put("sipCode", r.sipCode);
        d.put("agentUrl", r.agentUrl);
        d.put("protocol", r.protocol);
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("packetsIn", r.packetsIn);
        q.put("packetsOut", r.packetsOut);
        q.put("bytesIn", r.bytesIn);
        q.put("bytesOut", r.bytesOut);
        q.put("packetsLost", r.packetsLost);
        q.put("packetsOutOfOrder", r.packetsOutOfOrder);
        q.put("jitterMs", r.jitterMs);
        q.put("framesDropped", r.framesDropped);
        q.put("agentReconnects", r.agentReconnects);
        q.put("firstAudioMs", r.firstAudioMs);
        q.put("agentMalformed", r.agentMalformed);
        d.put("quality", q);
        return d;
    }

    private static String text(OffsetDateTime t) {
        return t == null ? null : t.toString();
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
