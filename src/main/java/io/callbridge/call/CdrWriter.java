package io.callbridge.call;

import io.callbridge.ari.Ownership;
import io.callbridge.store.CallRecord;
import io.callbridge.store.CallRecordRepository;
import io.callbridge.webhook.TwilioStatusCallbacks;
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
    private final CallConfig config;
    private final Ownership ownership;
    private final TwilioStatusCallbacks statusCallbacks;

    CdrWriter(CallRecordRepository records, WebhookOutbox webhooks, CallConfig config, Ownership ownership,
              TwilioStatusCallbacks statusCallbacks) {
        this.statusCallbacks = statusCallbacks;
        this.records = records;
        this.webhooks = webhooks;
        this.config = config;
        this.ownership = ownership;
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
        r.instanceId = ownership.instanceId();
        if (call.route() != null) r.agentSpec = AgentSpec.toJson(call.route());
        StatusCallback callback = call.statusCallback();
        if (callback != null) {
            r.statusCallback = callback.url();
            r.statusCallbackEvents = callback.eventsText();
        }
        records.persist(r);
        webhooks.record("call.initiated", r.callSid, summary(r));
        statusCallback(r, "initiated");
    }

    /** The far end of an outbound call is ringing. */
    @Transactional
    void ringing(String callSid) {
        records.findByCallSid(callSid).ifPresent(r -> {
            webhooks.record("call.ringing", r.callSid, summary(r));
            statusCallback(r, "ringing");
        });
    }

    /** A transfer's outcome: {@code answered}, or why the target did not take the call. */
    @Transactional
    void transferred(String callSid, String target, String outcome, Integer sipCode) {
        records.findByCallSid(callSid).ifPresent(r -> {
            Map<String, Object> data = summary(r);
            data.put("transferTo", target);
            data.put("outcome", outcome);
            data.put("sipCode", sipCode);
            webhooks.record("call.transferred", r.callSid, data);
        });
    }

    /** The call was answered, talking to {@code agent} (null when it has none yet). */
    @Transactional
    void answered(String callSid, AgentRoute agent, Instant at) {
        records.findByCallSid(callSid).ifPresent(r -> {
            r.state = CallState.ANSWERED.name();
            r.route = agent == null ? null : agent.number();
            if (agent != null) r.agentSpec = AgentSpec.toJson(agent);
            r.answeredAt = at(at);
            webhooks.record("call.answered", r.callSid, summary(r));
            statusCallback(r, "answered");
        });
    }

    /** Whether receivers opted in to {@code dtmf.received}; checked before {@link #dtmf} opens a transaction. */
    boolean dtmfEnabled() {
        return webhooks.dtmfEnabled();
    }

    /** A caller digit, for receivers that opted in to {@code dtmf.received}. */
    @Transactional
    void dtmf(String callSid, String digit) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("callSid", callSid);
        data.put("digit", digit);
        webhooks.record("dtmf.received", callSid, data);
    }

    /**
     * Completes the CDR and queues {@code call.completed}, once: the row is locked, and a call already ended
     * (by this process or, after a restart, by recovery) is left as it is. Returns whether this call ended it.
     */
    @Transactional
    boolean ended(CallEnd end) {
        java.util.Optional<CallRecord> row = records.lockByCallSid(end.callSid()).filter(r -> r.endedAt == null);
        row.ifPresent(r -> {
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
            if (wantsStatusCallback(r, "completed")) {
                statusCallbacks.completed(statusCallbackCall(r), r.answeredAt != null, end.termination().result(),
                        durationSeconds(r), r.sipCode);
            }
        });
        return row.isPresent();
    }

    /** A restarted app took the call on after {@code gapMillis} without an agent. */
    @Transactional
    void adopted(String callSid, long gapMillis) {
        records.findByCallSid(callSid).ifPresent(r -> {
            r.agentGapMs = (r.agentGapMs == null ? 0 : r.agentGapMs) + Math.max(0, gapMillis);
            r.adoptions = (r.adoptions == null ? 0 : r.adoptions) + 1;
        });
    }

    /** Queues the call's status callback for a progress {@code event}, if it has one that asked for it. */
    private void statusCallback(CallRecord r, String event) {
        if (wantsStatusCallback(r, event)) statusCallbacks.progress(statusCallbackCall(r), event);
    }

    private static boolean wantsStatusCallback(CallRecord r, String event) {
        return r.statusCallback != null && StatusCallback.parse(r.statusCallbackEvents).contains(event);
    }

    private TwilioStatusCallbacks.Call statusCallbackCall(CallRecord r) {
        return new TwilioStatusCallbacks.Call(r.statusCallback, r.callSid, config.accountSid(), r.fromNumber, r.toNumber,
                Direction.OUTBOUND.code().equals(r.direction), r.direction);
    }

    private static long durationSeconds(CallRecord r) {
        return r.answeredAt == null ? 0 : java.time.Duration.between(r.answeredAt, r.endedAt).toSeconds();
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
        d.put("durationSeconds", durationSeconds(r));
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
        q.put("agentGapMs", r.agentGapMs);
        d.put("quality", q);
        return d;
    }

    private static String text(OffsetDateTime t) {
        return t == null ? null : t.toString();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** This instance's calls on record as in progress. */
    @Transactional
    List<CallRecord> openRecords() {
        return records.listOpen(ownership.instanceId());
    }

    @Transactional
    boolean closeUnowned(String callSid, Termination termination) {
        return ended(new CallEnd(callSid, null, Instant.now(), termination, null, null, null, null, null));
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
