package io.callbridge.fork;

import io.callbridge.media.MediaLeg;
import io.vertx.core.AsyncResult;
import io.vertx.core.http.WebSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * One one-way fork of a call's audio to a listener's WebSocket, in Twilio's Media Streams format
 * ({@link ForkMessages}). The audio comes from Asterisk: per direction a snoop channel on the caller's channel,
 * bridged to an externalMedia channel that sends RTP to the app ({@link Tap}), so a fork works the same on a
 * call with an agent and on one without, and never touches the agent's relay.
 *
 * <p>The listener only listens: whatever it sends is read and ignored. A listener that refuses the handshake,
 * closes or drops ends the fork (no reconnect) and nothing else: the call goes on. Audio arriving before the
 * socket is open, or while the socket's write queue is full, is dropped and counted, so a slow listener never
 * holds the RTP reader. The monitor guards the socket and the messages' counters; the RTP reader and the
 * socket's event loop take it briefly.
 */
public final class StreamFork {

    /** The fork's status as the REST API and Twilio name it. */
    public enum Status {
        IN_PROGRESS("in-progress"), STOPPED("stopped"), FAILED("failed");

        public final String code;

        Status(String code) {
            this.code = code;
        }
    }

    /**
     * One direction's Asterisk resources: snoop channel → mixing bridge → externalMedia channel, whose RTP
     * reaches {@code leg} in the app. Fields are set as each is created, so teardown removes what exists.
     */
    static final class Tap {
        final StreamTrack.Side side;
        final String snoopId;
        final String externalId;
        final String bridgeId;
        MediaLeg leg;
        boolean snooping;
        boolean external;
        boolean bridged;

        Tap(StreamTrack.Side side, String snoopId, String externalId, String bridgeId) {
            this.side = side;
            this.snoopId = snoopId;
            this.externalId = externalId;
            this.bridgeId = bridgeId;
        }
    }

    /** Told once when the fork has ended by itself (listener gone); called from an event loop: hand work off. */
    interface Ended {
        void ended(StreamFork fork);
    }

    private static final Logger LOG = Logger.getLogger(StreamFork.class);

    private final String sid;
    private final String callSid;
    private final String channelId;
    private final ForkRequest request;
    private final ForkMessages messages;
    private final Ended ended;
    final List<Tap> taps = new ArrayList<>();
    private WebSocket socket;
    private Status status = Status.IN_PROGRESS;
    private String error;
    private Instant updatedAt = Instant.now();
    private long framesSent;
    private long framesDropped;
    private long framesIgnored;
    /** Set once its Asterisk objects are all made: a fork that ends before leaves their removal to the maker. */
    private boolean ready;

    StreamFork(String sid, String accountSid, String callSid, String channelId, ForkRequest request, Ended ended) {
        this.sid = sid;
        this.callSid = callSid;
        this.channelId = channelId;
        this.request = request;
        this.ended = ended;
        this.messages = new ForkMessages(accountSid, callSid, sid, request.track(), request.parameters());
    }

    /** The stream's id: {@code MZ} and 32 lowercase hex characters, its {@code streamSid}. */
    public String sid() {
        return sid;
    }

    public String callSid() {
        return callSid;
    }

    /** The caller's channel the fork spies on. */
    String channelId() {
        return channelId;
    }

    public ForkRequest request() {
        return request;
    }

    public synchronized Status status() {
        return status;
    }

    /** Why a failed fork failed; null otherwise. */
    public synchronized String error() {
        return error;
    }

    /** When the status last changed. */
    public synchronized Instant updatedAt() {
        return updatedAt;
    }

    /** Frames sent to the listener, frames dropped (socket not open yet, or its write queue full), listener messages ignored. */
    public synchronized long[] frames() {
        return new long[] {framesSent, framesDropped, framesIgnored};
    }

    /** The listener's socket answered the handshake, or failed to (the socket's event loop). */
    void connected(AsyncResult<WebSocket> result) {
        boolean failed;
        synchronized (this) {
            if (status != Status.IN_PROGRESS) {
                if (result.succeeded()) result.result().close((short) 1000, "stream stopped");
                return;
            }
            failed = result.failed();
            if (!failed) {
                WebSocket ws = result.result();
                // One-way: a listener's messages are read (the socket must be drained) and ignored.
                ws.frameHandler(frame -> ignored());
                ws.closeHandler(v -> listenerGone(ws, "the listener closed the socket ("
                        + ws.closeStatusCode() + ")"));
                ws.exceptionHandler(e -> LOG.debugf("fork %s: %s", sid, e.toString()));
                ws.writeTextMessage(messages.connected());
                ws.writeTextMessage(messages.start());
                socket = ws;
            }
        }
        if (failed) listenerGone(null, "could not open the listener's socket: " + result.cause().getMessage());
        else LOG.debugf("call %s: fork %s open to %s", callSid, sid, request.url());
    }

    private synchronized void ignored() {
        framesIgnored++;
    }

    /** The listener went away (or never came): the fork fails, the call goes on. */
    private void listenerGone(WebSocket which, String why) {
        synchronized (this) {
            if (status != Status.IN_PROGRESS || which != socket) return;
            status = Status.FAILED;
            error = why;
            updatedAt = Instant.now();
            socket = null;
        }
        LOG.infof("call %s: fork %s to %s ended: %s", callSid, sid, request.url(), why);
        ended.ended(this);
    }

    synchronized boolean isReady() {
        return ready;
    }

    /** Its Asterisk objects are made; false when the fork has ended meanwhile (the maker removes them). */
    synchronized boolean markReady() {
        ready = true;
        return status == Status.IN_PROGRESS;
    }

    /** The media listener of one direction: RTP reader thread, must not block. */
    MediaLeg.Listener listener(StreamTrack.Side side) {
        return new MediaLeg.Listener() {
            @Override
            public void callerAudio(byte[] buffer, int offset, int length) {
                audio(side, buffer, offset, length);
            }

            @Override
            public void marksPlayed(List<String> names) {
                // nothing is played back on a fork
            }
        };
    }

    private synchronized void audio(StreamTrack.Side side, byte[] buffer, int offset, int length) {
        if (socket == null || status != Status.IN_PROGRESS || socket.writeQueueFull()) {
            framesDropped++;
            return;
        }
        socket.writeTextMessage(messages.media(side, buffer, offset, length));
        framesSent++;
    }

    /** Ends the fork from our side: {@code stop}, then a normal close. False when it had ended already. */
    boolean stop() {
        WebSocket ws;
        synchronized (this) {
            if (status != Status.IN_PROGRESS) return false;
            status = Status.STOPPED;
            updatedAt = Instant.now();
            ws = socket;
            socket = null;
            if (ws != null) ws.writeTextMessage(messages.stop());
        }
        if (ws != null) ws.close((short) 1000, "stream stopped");
        return true;
    }
}
