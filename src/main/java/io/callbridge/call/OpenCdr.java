package io.callbridge.call;

import io.callbridge.store.CallRecord;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A call's CDR as this process wrote it: the row's primary key, by which every later write finds it, and the
 * fields the call's webhook events carry, so that no event re-reads the row. Times are kept as stored (UTC,
 * microseconds). Written on the call's executor; read there and by recovery, hence volatile.
 */
final class OpenCdr {

    final long id;
    final String callSid;
    final String direction;
    final String from;
    final String to;
    final OffsetDateTime startedAt;
    /** Where the call's Twilio-style status callbacks go; null for none. */
    final StatusCallback statusCallback;
    /** The route number as recorded: set when the call is answered (and again when it ends). */
    volatile String route;
    volatile OffsetDateTime answeredAt;
    /** Milliseconds without an agent across restarts; null when never adopted. */
    volatile Long agentGapMs;

    OpenCdr(long id, String callSid, String direction, String from, String to, OffsetDateTime startedAt,
            StatusCallback statusCallback) {
        this.id = id;
        this.callSid = callSid;
        this.direction = direction;
        this.from = from;
        this.to = to;
        this.startedAt = startedAt;
        this.statusCallback = statusCallback;
    }

    /** The open CDR of a call this instance had before a restart, as read back by recovery. */
    static OpenCdr of(CallRecord r) {
        OpenCdr cdr = new OpenCdr(r.id, r.callSid, r.direction, r.fromNumber, r.toNumber, r.startedAt,
                r.statusCallback == null ? null : new StatusCallback(r.statusCallback, StatusCallback.parse(r.statusCallbackEvents),
                        r.statusCallbackMethod));
        cdr.route = r.route;
        cdr.answeredAt = r.answeredAt;
        cdr.agentGapMs = r.agentGapMs;
        return cdr;
    }

    boolean outbound() {
        return Direction.OUTBOUND.code().equals(direction);
    }

    /** {@code instant} as the database stores it (timestamptz: microseconds), in UTC. */
    static OffsetDateTime stored(java.time.Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
