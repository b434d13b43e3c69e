package io.callbridge.recording;

import ch.loway.oss.ari4java.tools.RestException;
import io.callbridge.ari.AriRecordings;
import io.callbridge.ari.AriRecordings.Spy;
import io.callbridge.ari.Ownership;
import io.callbridge.call.CallControl;
import io.callbridge.call.CallSession;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Starts, pauses, resumes and stops the recording of a live call. A recording is two snoop channels on the
 * caller's channel, each recorded by Asterisk: {@code spy=in} is the caller's voice (left), {@code spy=out}
 * everything the caller hears (right: the agent, or the human after a transfer, since the snoop stays on the
 * caller's channel whatever bridge it is in). A pause mutes both recordings: Asterisk writes silence of the
 * same length. Stopping hands the recording to {@link RecordingFinisher}. Control requests for one recording
 * are serialized (one lock; they are rare and each is a few ARI requests).
 */
@ApplicationScoped
public class Recorder {

    private static final Logger LOG = Logger.getLogger(Recorder.class);

    /** Who asked for a recording ({@code recordings.source}). */
    public enum Source {
        /** The recordings API (or an outbound call's {@code record}). */
        API("api"),
        /** A route that records its calls. */
        ROUTE("route"),
        /** {@code <Dial record="record-from-…">}: the dialled call, from its answer or from the start of ringing. */
        DIAL("dial");

        final String code;

        Source(String code) {
            this.code = code;
        }
    }

    /** Why a control request was refused. */
    public enum Refusal {
        NO_CALL, CALL_NOT_IN_PROGRESS, CALL_NOT_ANSWERED, ALREADY_RECORDING, NO_RECORDING, RECORDING_ENDED,
        NOT_IN_PROGRESS, NOT_PAUSED
    }

    /** A refused request; {@link #refusal} says why. */
    public static final class RefusedException extends Exception {
        public final Refusal refusal;

        RefusedException(Refusal refusal, String message) {
            super(message);
            this.refusal = refusal;
        }
    }

    private final CallControl calls;
    private final AriRecordings ari;
    private final RecordingStore store;
    private final Ownership ownership;
    private final RecordingFinisher finisher;
    /** The caller's channel of each recording this process runs, to stop it when the channel leaves. */
    private final Map<String, String> byChannel = new ConcurrentHashMap<>();
    /** Calls to record once answered, with their recordingStatusCallback ("" for none). */
    private final Map<String, String> onAnswer = new ConcurrentHashMap<>();

    Recorder(CallControl calls, AriRecordings ari, RecordingStore store, Ownership ownership, RecordingFinisher finisher) {
        this.calls = calls;
        this.ari = ari;
        this.store = store;
        this.ownership = ownership;
        this.finisher = finisher;
    }

    /** {@code RE} and 32 lowercase hex characters, as Twilio's RecordingSid. */
    static String newSid() {
        byte[] random = new byte[16];
        ThreadLocalRandom.current().nextBytes(random);
        return "RE" + HexFormat.of().formatHex(random);
    }

    /**
     * Starts recording the answered call {@code callSid}; {@code statusCallback} (or null) receives Twilio's
     * recordingStatusCallback form when it completes.
     *
     * @throws RefusedException when the call is unknown, not in progress here, not answered, or recorded already
     * @throws RestException    when Asterisk refused (the recording is then {@code absent})
     */
    public synchronized RecordingRow start(String callSid, Source source, String statusCallback)
            throws RefusedException, RestException, SQLException {
        Optional<CallSession> live = calls.live(callSid);
        if (live.isEmpty()) {
            if (calls.record(callSid).isPresent()) {
                throw new RefusedException(Refusal.CALL_NOT_IN_PROGRESS, "call " + callSid + " is not in progress");
            }
            throw new RefusedException(Refusal.NO_CALL, "no call " + callSid);
        }
        CallSession call = live.get();
        if (!call.isAnswered()) throw new RefusedException(Refusal.CALL_NOT_ANSWERED, "call " + callSid + " is not answered yet");
        if (!store.openOfCall(callSid).isEmpty()) {
            throw new RefusedException(Refusal.ALREADY_RECORDING, "call " + callSid + " is being recorded already");
        }
        String sid = newSid();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        store.insert(sid, callSid, call.channelId(), ownership.instanceId(), source.code, now, statusCallback);
        RecordingRow row = store.find(sid).orElseThrow();
        try {
            Map<String, String> marker = ownership.variables(callSid);
            ari.snoop(call.channelId(), row.callerSnoop(), Spy.IN, marker);
            ari.snoop(call.channelId(), row.otherSnoop(), Spy.OUT, marker);
            ari.record(row.callerSnoop(), row.callerName());
            ari.record(row.otherSnoop(), row.otherName());
        } catch (RestException | RuntimeException e) {
            LOG.warnf("starting recording %s of call %s failed: %s", sid, callSid, e.getMessage());
            stopped(row, "start failed");
            throw e;
        }
        byChannel.put(call.channelId(), sid);
        LOG.infof("recording %s of call %s started (%s)", sid, callSid, source.code);
        return row;
    }

    /**
     * Records call {@code callSid} (an outbound call just placed) once it is answered, with Twilio's
     * recordingStatusCallback to {@code statusCallback} (or none). When it is answered already, it starts now.
     */
    public void recordOnAnswer(String callSid, String statusCallback) {
        onAnswer.put(callSid, statusCallback == null ? "" : statusCallback);
        if (calls.live(callSid).map(CallSession::isAnswered).orElse(false)) startAsked(callSid, null);
    }

    /**
     * The call {@code callSid} was answered: recorded when {@link #recordOnAnswer} asked for it, or when its
     * route records its calls ({@code routeRecords}: null when unknown). Once per call.
     */
    void startAsked(String callSid, Boolean routeRecords) {
        String callback = onAnswer.remove(callSid);
        if (callback == null && !Boolean.TRUE.equals(routeRecords)) return;
        try {
            start(callSid, callback == null ? Source.ROUTE : Source.API, callback == null || callback.isEmpty() ? null : callback);
        } catch (Exception e) {
            LOG.warnf("recording call %s failed: %s", callSid, e.getMessage());
        }
    }

    /** Pauses: both channels record silence until {@link #resume}. */
    public synchronized RecordingRow pause(String callSid, String sid) throws RefusedException, RestException, SQLException {
        RecordingRow row = open(callSid, sid);
        if (row.isPaused()) throw new RefusedException(Refusal.NOT_IN_PROGRESS, "recording " + sid + " is paused already");
        ari.mute(row.callerName(), true);
        ari.mute(row.otherName(), true);
        store.paused(sid, OffsetDateTime.now(ZoneOffset.UTC));
        return store.find(sid).orElseThrow();
    }

    /** Resumes a paused recording; the pause is kept in its metadata. */
    public synchronized RecordingRow resume(String callSid, String sid) throws RefusedException, RestException, SQLException {
        RecordingRow row = open(callSid, sid);
        if (!row.isPaused()) throw new RefusedException(Refusal.NOT_PAUSED, "recording " + sid + " is not paused");
        ari.mute(row.callerName(), false);
        ari.mute(row.otherName(), false);
        store.resumed(sid, closedPauses(row, OffsetDateTime.now(ZoneOffset.UTC)));
        return store.find(sid).orElseThrow();
    }

    /** Stops the recording; the WAV is written shortly after ({@code recording.completed}). */
    public RecordingRow stop(String callSid, String sid) throws RefusedException, SQLException {
        return stop(callSid, sid, "stopped via API");
    }

    /**
     * Stops the recording, giving {@code why} in the log and the recording's metadata; the WAV is written shortly
     * after ({@code recording.completed}).
     *
     * @throws RefusedException when the call has no such recording, or it ended already
     */
    public RecordingRow stop(String callSid, String sid, String why) throws RefusedException, SQLException {
        RecordingRow row;
        synchronized (this) {
            row = open(callSid, sid);
        }
        stopped(row, why);
        return store.find(sid).orElseThrow();
    }

    /**
     * The caller's channel {@code channelId} left our application (the call ended, or the app lets it go): its
     * recording stops. Called for every channel that leaves; does nothing for channels not recorded.
     */
    void channelGone(String channelId) {
        String sid = byChannel.get(channelId);
        if (sid == null) return;
        try {
            store.find(sid).filter(RecordingRow::isOpen).ifPresent(row -> stopped(row, "the call ended"));
        } catch (SQLException e) {
            LOG.warnf("stopping recording %s failed: %s", sid, e.getMessage());
        }
    }

    /** A recording this instance had before a restart, still running in Asterisk: watched again. */
    void adopt(RecordingRow row) {
        byChannel.put(row.channelId(), row.sid());
    }

    /**
     * Ends {@code row} once (the first caller wins: API stop, the channel leaving, recovery): stops both
     * Asterisk recordings, hangs up the snoop channels, stores the end and hands the files to the finisher.
     */
    void stopped(RecordingRow row, String why) {
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
        boolean first;
        try {
            first = store.stopped(row.sid(), at, closedPauses(row, at));
        } catch (SQLException e) {
            LOG.warnf("storing the end of recording %s failed: %s", row.sid(), e.getMessage());
            first = true;
        }
        byChannel.remove(row.channelId(), row.sid());
        if (!first) return;
        LOG.infof("recording %s of call %s stopped: %s", row.sid(), row.callSid(), why);
        for (String name : List.of(row.callerName(), row.otherName())) {
            try {
                ari.stop(name);
            } catch (RestException | RuntimeException e) {
                LOG.debugf("stopping %s: %s", name, e.getMessage());
            }
        }
        for (String snoop : List.of(row.callerSnoop(), row.otherSnoop())) {
            try {
                ari.hangup(snoop);
            } catch (RestException | RuntimeException e) {
                LOG.debugf("hanging up %s: %s", snoop, e.getMessage());
            }
        }
        finisher.finish(row.sid());
    }

    private RecordingRow open(String callSid, String sid) throws RefusedException, SQLException {
        Optional<RecordingRow> found = store.find(sid).filter(r -> r.callSid().equals(callSid));
        if (found.isEmpty()) throw new RefusedException(Refusal.NO_RECORDING, "no recording " + sid + " of call " + callSid);
        if (!found.get().isOpen()) throw new RefusedException(Refusal.RECORDING_ENDED, "recording " + sid + " has ended");
        return found.get();
    }

    /** The row's pauses with the current one (if any) closed at {@code at}. */
    static List<Pause> closedPauses(RecordingRow row, OffsetDateTime at) {
        List<Pause> pauses = new ArrayList<>(row.pauses());
        if (row.pausedAt() != null) {
            pauses.add(new Pause(offsetMs(row, row.pausedAt()), offsetMs(row, at)));
        }
        return pauses;
    }

    private static long offsetMs(RecordingRow row, OffsetDateTime at) {
        return Math.max(0, Duration.between(row.startedAt(), at).toMillis());
    }
}
