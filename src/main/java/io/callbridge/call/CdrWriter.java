package io.callbridge.call;

import io.callbridge.ari.Ownership;
import io.callbridge.store.CallRecord;
import io.callbridge.store.CallRecordRepository;
import io.callbridge.store.JdbcTransaction;
import io.callbridge.webhook.TwilioStatusCallbacks;
import io.callbridge.webhook.WebhookOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Writes the {@code calls} table in plain JDBC on the app's datasource: a row when a call arrives (its id
 * kept in the call's {@link OpenCdr}), its answer, its end; each in one transaction with its webhook events
 * in the outbox, keyed by the row id. Webhook payloads are built from the {@link OpenCdr}, never from a
 * re-read row. Every method commits before it returns, so whatever the caller reports afterwards is stored.
 * Not for use inside a JTA transaction (the connections are the pool's, in auto-commit, and manage their
 * own transactions). Throws {@link IllegalStateException} when the database refuses a write.
 */
@ApplicationScoped
public class CdrWriter {

    private static final String INSERT = """
            insert into calls (call_sid, channel_id, direction, from_number, to_number, state, started_at,
                               instance_id, agent_spec, status_callback, status_callback_events, status_callback_method)
            values (?, ?, ?, ?, ?, 'RINGING', ?, ?, ?, ?, ?, ?)
            returning id""";
    private static final String ANSWER = """
            update calls set state = 'ANSWERED', route = ?, agent_spec = coalesce(?, agent_spec), answered_at = ?
             where id = ?""";
    /** Ends the call once: a row already ended (by this process, or by recovery after a restart) is left alone. */
    private static final String END = """
            update calls set state = 'ENDED', route = coalesce(?, route), ended_at = ?, termination = ?,
                   termination_reason = ?, sip_code = ?, agent_url = ?, protocol = ?, packets_in = ?, bytes_in = ?,
                   packets_out = ?, bytes_out = ?, packets_lost = ?, packets_out_of_order = ?, jitter_ms = ?,
                   frames_dropped = ?, agent_reconnects = ?, first_audio_ms = ?, agent_malformed = ?,
                   caller_packets_in = ?, caller_packets_lost_in = ?, caller_loss_in_pct = ?, caller_jitter_in_ms = ?,
                   caller_packets_out = ?, caller_packets_lost_out = ?, caller_loss_out_pct = ?,
                   caller_jitter_out_ms = ?, caller_rtt_ms = ?, caller_mos = ?, caller_quality_at = ?,
                   hold_ms = case when held_since is null then hold_ms else coalesce(hold_ms, 0)
                       + greatest(0, (extract(epoch from (cast(? as timestamptz) - held_since)) * 1000)::bigint) end,
                   held_since = null, held_by = null
             where id = ? and ended_at is null""";
    /** A caller's own hold open on record ends at the adoption: its end may have come while no app heard ARI. */
    private static final String ADOPT = """
            update calls set agent_gap_ms = coalesce(agent_gap_ms, 0) + ?, adoptions = coalesce(adoptions, 0) + 1,
                   hold_ms = case when held_by = 'caller' then coalesce(hold_ms, 0)
                       + greatest(0, (extract(epoch from (now() - held_since)) * 1000)::bigint) else hold_ms end,
                   held_since = case when held_by = 'caller' then null else held_since end,
                   held_by = case when held_by = 'caller' then null else held_by end
             where id = ?""";

    private final DataSource db;
    private final CallRecordRepository records;
    private final WebhookOutbox webhooks;
    private final CallConfig config;
    private final Ownership ownership;
    private final TwilioStatusCallbacks statusCallbacks;

    CdrWriter(DataSource db, CallRecordRepository records, WebhookOutbox webhooks, CallConfig config,
              Ownership ownership, TwilioStatusCallbacks statusCallbacks) {
        this.db = db;
        this.statusCallbacks = statusCallbacks;
        this.records = records;
        this.webhooks = webhooks;
        this.config = config;
        this.ownership = ownership;
    }

    /** The call's row, with {@code call.initiated} and its {@code initiated} status callback if asked for. */
    OpenCdr started(CallSession call) {
        StatusCallback asked = call.statusCallback();
        // as stored and read back: no events named means completed alone
        StatusCallback callback = asked == null ? null : new StatusCallback(asked.url(), StatusCallback.parse(asked.eventsText()),
                asked.method());
        OffsetDateTime startedAt = OpenCdr.stored(call.startedAt());
        return write(callback, "writing the CDR", c -> {
            long id;
            try (PreparedStatement s = c.prepareStatement(INSERT)) {
                s.setString(1, call.callSid());
                s.setString(2, call.channelId());
                s.setString(3, call.direction().code());
                s.setString(4, call.from());
                s.setString(5, call.to());
                s.setObject(6, startedAt);
                s.setString(7, ownership.instanceId());
                s.setString(8, call.route() == null ? null : AgentSpec.toJson(call.route()));
                s.setString(9, callback == null ? null : callback.url());
                s.setString(10, asked == null ? null : asked.eventsText());
                s.setString(11, asked == null ? null : asked.method());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            OpenCdr cdr = new OpenCdr(id, call.callSid(), call.direction().code(), call.from(), call.to(), startedAt, callback);
            webhooks.record(c, "call.initiated", cdr.callSid, summary(cdr));
            statusCallback(c, cdr, "initiated");
            return cdr;
        });
    }

    /** The far end of an outbound call is ringing. Nothing without a CDR (null). */
    void ringing(OpenCdr cdr) {
        if (cdr == null || !webhooks.enabled() && !wantsStatusCallback(cdr, "ringing")) return;
        transaction("recording ringing", c -> {
            webhooks.record(c, "call.ringing", cdr.callSid, summary(cdr));
            statusCallback(c, cdr, "ringing");
            return null;
        });
    }

    /** A transfer's outcome: {@code answered}, or why the target did not take the call. */
    void transferred(OpenCdr cdr, String target, String outcome, Integer sipCode) {
        transferred(cdr, target, outcome, sipCode, null);
    }

    /** As above; {@code via} {@code refer} for a transfer a phone asked for with SIP REFER (null: the API's). */
    void transferred(OpenCdr cdr, String target, String outcome, Integer sipCode, String via) {
        transferred(cdr, target, outcome, sipCode, via, null);
    }

    /**
     * As above; {@code replacedCallSid}: for an attended REFER (Replaces), the call whose party joined this one
     * (the phone's consultation call), sent with {@code attended: true}; null for a blind one.
     */
    void transferred(OpenCdr cdr, String target, String outcome, Integer sipCode, String via, String replacedCallSid) {
        if (cdr == null || !webhooks.enabled()) return;
        Map<String, Object> data = summary(cdr);
        if (via != null) {
            data.put("via", via);
            data.put("attended", replacedCallSid != null);
            if (replacedCallSid != null) data.put("replacedCallSid", replacedCallSid);
        }
        data.put("transferTo", target);
        data.put("outcome", outcome);
        data.put("sipCode", sipCode);
        transaction("recording the transfer", c -> {
            webhooks.record(c, "call.transferred", cdr.callSid, data);
            return null;
        });
    }

    /**
     * A step of a warm transfer ({@code transfer.dialing}, {@code transfer.answered}, {@code transfer.completed},
     * {@code transfer.canceled}, {@code transfer.failed}): the call's summary with {@code transferTo},
     * {@code mode: warm}, and where known the {@code outcome} ({@code busy}, {@code no_answer} …, or who ended it)
     * and the target's {@code sipCode}. Nothing without a CDR or a webhook receiver.
     */
    void transferStep(OpenCdr cdr, String event, String target, String outcome, Integer sipCode) {
        if (cdr == null || !webhooks.enabled()) return;
        Map<String, Object> data = summary(cdr);
        data.put("transferTo", target);
        data.put("mode", "warm");
        data.put("outcome", outcome);
        data.put("sipCode", sipCode);
        transaction("recording a transfer step", c -> {
            webhooks.record(c, event, cdr.callSid, data);
            return null;
        });
    }

    /** The call was answered, talking to {@code agent} (null when it has none yet). Nothing without a CDR. */
    void answered(OpenCdr cdr, AgentRoute agent, Instant at) {
        if (cdr == null) return;
        String route = agent == null ? null : agent.number();
        OffsetDateTime answeredAt = OpenCdr.stored(at);
        String routeBefore = cdr.route;
        OffsetDateTime answeredBefore = cdr.answeredAt;
        try {
            write(cdr.statusCallback, "recording the answer", c -> {
                try (PreparedStatement s = c.prepareStatement(ANSWER)) {
                    s.setString(1, route);
                    s.setString(2, agent == null ? null : AgentSpec.toJson(agent));
                    s.setObject(3, answeredAt);
                    s.setLong(4, cdr.id);
                    s.executeUpdate();
                }
                cdr.route = route;
                cdr.answeredAt = answeredAt;
                webhooks.record(c, "call.answered", cdr.callSid, summary(cdr));
                statusCallback(c, cdr, "answered");
                return null;
            });
        } catch (RuntimeException e) { // not stored: the call's events go on saying what is
            cdr.route = routeBefore;
            cdr.answeredAt = answeredBefore;
            throw e;
        }
    }

    /** Whether receivers opted in to {@code dtmf.received}; checked before {@link #dtmf} writes. */
    boolean dtmfEnabled() {
        return webhooks.dtmfEnabled();
    }

    /**
     * A call's TwiML flow failed ({@code flow.failed}): {@code source} is the URL requested (or "stored" for a route's
     * own document), {@code reason} what went wrong (HTTP status, timeout, the invalid element and attribute).
     */
    void flowFailed(String callSid, String source, String reason) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("callSid", callSid);
        data.put("source", source);
        data.put("reason", reason);
        transaction("recording a flow failure", c -> {
            webhooks.record(c, "flow.failed", callSid, data);
            return null;
        });
    }

    /** A caller digit, for receivers that opted in to {@code dtmf.received}. */
    void dtmf(String callSid, String digit) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("callSid", callSid);
        data.put("digit", digit);
        transaction("recording DTMF", c -> {
            webhooks.record(c, "dtmf.received", callSid, data);
            return null;
        });
    }

    /**
     * Completes the CDR and queues {@code call.completed}, once: the UPDATE only takes a row not ended yet (by
     * this process or, after a restart, by recovery), and only the one that took it queues the events.
     * Returns whether this call ended it; false without a CDR (null).
     */
    boolean ended(OpenCdr cdr, CallEnd end) {
        if (cdr == null) return false;
        Ending e = new Ending(cdr, end);
        String routeBefore = cdr.route;
        try {
            return end(cdr, end, e);
        } catch (RuntimeException ex) {
            cdr.route = routeBefore;
            throw ex;
        }
    }

    private boolean end(OpenCdr cdr, CallEnd end, Ending e) {
        return write(cdr.statusCallback, "completing the CDR", c -> {
            try (PreparedStatement s = c.prepareStatement(END)) {
                s.setString(1, end.route());
                s.setObject(2, e.endedAt);
                s.setString(3, end.termination().code());
                s.setString(4, e.reason);
                setInt(s, 5, end.sipCode());
                s.setString(6, end.agentUrl());
                s.setString(7, end.protocol());
                var q = end.quality();
                setLong(s, 8, q == null ? null : q.packetsIn());
                setLong(s, 9, q == null ? null : q.bytesIn());
                setLong(s, 10, q == null ? null : q.packetsOut());
                setLong(s, 11, q == null ? null : q.bytesOut());
                setLong(s, 12, q == null ? null : q.packetsLost());
                setLong(s, 13, q == null ? null : q.packetsOutOfOrder());
                if (q == null) s.setNull(14, Types.DOUBLE);
                else s.setDouble(14, q.jitterMs());
                setLong(s, 15, e.framesDropped);
                var a = end.agent();
                setInt(s, 16, a == null ? null : a.reconnects());
                setInt(s, 17, a == null ? null : a.firstAudioMs());
                setLong(s, 18, a == null ? null : a.malformed());
                CallerQualityColumns.set(s, 19, end.caller());
                // a call ending on hold: its open hold counts up to here
                s.setObject(19 + CallerQualityColumns.COUNT, e.endedAt);
                s.setLong(20 + CallerQualityColumns.COUNT, cdr.id);
                if (s.executeUpdate() == 0) return false;
            }
            if (end.route() != null) cdr.route = end.route();
            webhooks.record(c, "call.completed", cdr.callSid, completed(cdr, end, e));
            if (wantsStatusCallback(cdr, "completed")) {
                statusCallbacks.completed(c, statusCallbackCall(cdr), cdr.answeredAt != null,
                        end.termination().result(), e.durationSeconds, end.sipCode());
            }
            return true;
        });
    }

    /** What ending a call computes once for both the row and {@code call.completed}. */
    private static final class Ending {
        final OffsetDateTime endedAt;
        final String reason;
        final Long framesDropped;
        final long durationSeconds;

        Ending(OpenCdr cdr, CallEnd end) {
            endedAt = OpenCdr.stored(end.endedAt());
            reason = truncate(end.termination().reason(), 255);
            Long dropped = end.quality() == null ? null : end.quality().framesDropped();
            // caller frames lost on the agent side count with those dropped from the playout queue
            if (end.agent() != null) dropped = (dropped == null ? 0 : dropped) + end.agent().framesDropped();
            framesDropped = dropped;
            durationSeconds = cdr.answeredAt == null ? 0 : java.time.Duration.between(cdr.answeredAt, endedAt).toSeconds();
        }
    }

    /** A restarted app took the call on after {@code gapMillis} without an agent. */
    void adopted(OpenCdr cdr, long gapMillis) {
        if (cdr == null) return;
        long gap = Math.max(0, gapMillis);
        JdbcTransaction.single(db, "recording the adoption", c -> {
            try (PreparedStatement s = c.prepareStatement(ADOPT)) {
                s.setLong(1, gap);
                s.setLong(2, cdr.id);
                s.executeUpdate();
            }
            cdr.agentGapMs = (cdr.agentGapMs == null ? 0 : cdr.agentGapMs) + gap;
            return null;
        });
    }

    /** This instance's calls on record as in progress (recovery, once per ARI connect: not the call path). */
    @Transactional
    List<CallRecord> openRecords() {
        return records.listOpen(ownership.instanceId());
    }

    /** Ends the open CDR {@code r} of a call no process holds; false when it had ended already. */
    boolean closeUnowned(CallRecord r, Termination termination) {
        return ended(OpenCdr.of(r), new CallEnd(r.callSid, null, Instant.now(), termination, null, null, null, null, null));
    }

    /** Queues the call's status callback for a progress {@code event}, if it has one that asked for it. */
    private void statusCallback(Connection c, OpenCdr cdr, String event) throws SQLException {
        if (wantsStatusCallback(cdr, event)) statusCallbacks.progress(c, statusCallbackCall(cdr), event);
    }

    private static boolean wantsStatusCallback(OpenCdr cdr, String event) {
        return cdr.statusCallback != null && cdr.statusCallback.events().contains(event);
    }

    private TwilioStatusCallbacks.Call statusCallbackCall(OpenCdr cdr) {
        return new TwilioStatusCallbacks.Call(cdr.statusCallback.url(), cdr.callSid, config.accountSid(), cdr.from,
                cdr.to, cdr.outbound(), cdr.direction, cdr.statusCallback.method());
    }

    private static Map<String, Object> summary(OpenCdr cdr) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("callSid", cdr.callSid);
        d.put("direction", cdr.direction);
        d.put("from", cdr.from);
        d.put("to", cdr.to);
        d.put("route", cdr.route);
        d.put("startedAt", text(cdr.startedAt));
        d.put("answeredAt", text(cdr.answeredAt));
        return d;
    }

    /** The CDR as {@code call.completed} carries it: termination, SIP code and the quality figures. */
    private static Map<String, Object> completed(OpenCdr cdr, CallEnd end, Ending e) {
        Map<String, Object> d = summary(cdr);
        d.put("endedAt", text(e.endedAt));
        d.put("durationSeconds", e.durationSeconds);
        d.put("termination", end.termination().code());
        d.put("terminationReason", e.reason);
        d.put("sipCode", end.sipCode());
        d.put("agentUrl", end.agentUrl());
        d.put("protocol", end.protocol());
        var q = end.quality();
        var a = end.agent();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("packetsIn", q == null ? null : q.packetsIn());
        m.put("packetsOut", q == null ? null : q.packetsOut());
        m.put("bytesIn", q == null ? null : q.bytesIn());
        m.put("bytesOut", q == null ? null : q.bytesOut());
        m.put("packetsLost", q == null ? null : q.packetsLost());
        m.put("packetsOutOfOrder", q == null ? null : q.packetsOutOfOrder());
        m.put("jitterMs", q == null ? null : q.jitterMs());
        m.put("framesDropped", e.framesDropped);
        m.put("agentReconnects", a == null ? null : a.reconnects());
        m.put("firstAudioMs", a == null ? null : a.firstAudioMs());
        m.put("agentMalformed", a == null ? null : a.malformed());
        m.put("agentGapMs", cdr.agentGapMs);
        d.put("quality", m);
        d.put("callerQuality", CallerQualityColumns.json(end.caller()));
        return d;
    }

    private static String text(OffsetDateTime t) {
        return t == null ? null : t.toString();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static void setLong(PreparedStatement s, int i, Number v) throws SQLException {
        if (v == null) s.setNull(i, Types.BIGINT);
        else s.setLong(i, v.longValue());
    }

    private static void setInt(PreparedStatement s, int i, Number v) throws SQLException {
        if (v == null) s.setNull(i, Types.INTEGER);
        else s.setInt(i, v.intValue());
    }

    /** Runs {@code work} in one transaction on a pooled connection; committed when this returns. */
    private <T> T transaction(String what, JdbcTransaction.Work<T> work) {
        return JdbcTransaction.run(db, what, work);
    }

    /**
     * Runs {@code work}, a CDR write that may queue events, committed when this returns: as one statement in
     * auto-commit when it queues none ({@code callback} null and no webhook receiver: the usual call with no one
     * listening), else in one transaction with its events. A receiver configured between this check and the
     * write has its event inserted right after the CDR's statement, committed too before this returns.
     */
    private <T> T write(StatusCallback callback, String what, JdbcTransaction.Work<T> work) {
        return callback == null && !webhooks.enabled() ? JdbcTransaction.single(db, what, work) : transaction(what, work);
    }
}
