package io.callbridge.stream;

import io.callbridge.WebSocketConnects;
import io.callbridge.media.MediaLeg;
import io.callbridge.webhook.TwilioSignature;
import io.vertx.core.AsyncResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One call's WebSocket to its agent. Caller audio and DTMF wait in bounded buffers until the socket is
 * open, so the caller never waits on a slow agent. A socket that fails to open, drops, or goes quiet past
 * {@code deadAfter} is reopened with capped exponential backoff for up to the reconnect window (each new
 * socket starts a fresh stream: twilio gets connected + start again, same streamSid). A handshake the
 * agent refuses with 4xx, and a frame too big to read (closed with 1009), fail the stream at once. An
 * agent that closes the socket cleanly has ended the stream.
 *
 * <p>Two locks. This object's monitor guards the socket's life and the caller → agent direction: the RTP
 * reader, the playout clock, the socket's event loop and the call's executor reach it, and none holds it
 * for long. Agent → caller decoding runs under {@code inbound} only (see {@link AgentSocket}), so a large
 * agent frame never makes the media threads wait.
 */
public final class AgentStream implements MediaLeg.Listener, AgentSink {

    /** What the call hears from its agent stream. Called from event-loop threads: hand work off. */
    public interface Events {
        /** The agent closed the socket: the stream is over. */
        void agentClosed(String why);

        /** The agent could not be reached within the reconnect window, or refused or broke the stream. */
        void agentFailed(String why);

        /**
         * The agent asks to play DTMF digits to the caller. The call runs {@code done} once the request has
         * been handled (played, failed or given up): until then it counts against the stream's bound.
         */
        void sendDtmf(String digits, Runnable done);
    }

    private enum State { CONNECTING, OPEN, CLOSED }

    /** The header Twilio puts on its Media Streams upgrade request. */
    public static final String SIGNATURE_HEADER = "X-Twilio-Signature";

    private static final Logger LOG = Logger.getLogger(AgentStream.class);
    private static final int MAX_LOGGED_MALFORMED = 5;

    private final AgentConnector connector;
    private final StreamStart start;
    private final Supplier<AgentProtocol> protocols;
    private final String url;
    private final MediaLeg leg;
    private final Events events;
    private final int pendingAudioLimit;
    private final ArrayDeque<Object> pending = new ArrayDeque<>(); // byte[] caller audio, Character dtmf
    private int pendingAudio;
    private int pendingDigits;
    /** The call's hold as last told (only for agents that opted in): a socket that opens meanwhile hears it. */
    private boolean heldNow;
    private String heldBy;
    private final Object inbound = new Object();
    private final AgentSocket.Owner owner = new AgentSocket.Owner() {
        @Override
        public AgentSink sink() {
            return AgentStream.this;
        }

        @Override
        public void socketDead(AgentSocket socket, String why) {
            AgentStream.this.socketDead(socket, why);
        }

        @Override
        public void frameTooBig(AgentSocket socket, String why) {
            AgentStream.this.frameTooBig(socket, why);
        }

        @Override
        public void socketClosed(AgentSocket socket) {
            AgentStream.this.socketClosed(socket);
        }
    };
    private final AtomicInteger agentDtmfWaiting = new AtomicInteger();
    private State state = State.CONNECTING;
    private AgentSocket socket;
    private Duration delay;
    private long failingSinceNanos;
    private long timerId = -1;
    private int attempt; // a late answer to an abandoned attempt is closed, not used
    private boolean released;
    private int reconnects;
    private long framesToAgent;
    private long firstAudioNanos;
    private final AtomicLong malformed = new AtomicLong();
    private long droppedWhileAway;

    AgentStream(AgentConnector connector, StreamStart start, Supplier<AgentProtocol> protocols, String url,
                MediaLeg leg, Events events) {
        this.connector = connector;
        this.start = start;
        this.protocols = protocols;
        this.url = url;
        this.leg = leg;
        this.events = events;
        this.delay = connector.config().reconnectMinDelay();
        this.pendingAudioLimit = (int) Math.max(1, connector.config().pendingAudio().toMillis() / 20);
    }

    synchronized void connect() {
        if (state == State.CLOSED) return;
        state = State.CONNECTING;
        int thisAttempt = ++attempt;
        // The client's connect timeout covers TCP only; an agent that accepts and never upgrades hangs.
        timerId = connector.vertx().setTimer(connector.config().connectTimeout().toMillis(), id -> handshakeTimedOut(thisAttempt));
        WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(url);
        // Twilio signs its upgrade request as it signs webhooks, with no form fields: HMAC-SHA1 over the URL.
        connector.config().authToken().ifPresent(token -> options.addHeader(SIGNATURE_HEADER, TwilioSignature.of(token, url, "")));
        // On an event loop: an agent that speaks first would otherwise lose its first message (WebSocketConnects).
        WebSocketConnects.onEventLoop(connector.vertx(), () -> connector.client().connect(options),
                result -> connected(thisAttempt, result));
    }

    private synchronized void handshakeTimedOut(int thisAttempt) {
        if (thisAttempt != attempt || state != State.CONNECTING) return;
        attempt++; // abandon it
        retry("no WebSocket handshake within " + connector.config().connectTimeout().toMillis() + " ms");
    }

    private void connected(int thisAttempt, AsyncResult<WebSocket> result) {
        synchronized (this) {
            if (state == State.CLOSED || thisAttempt != attempt) {
                if (result.succeeded()) result.result().close((short) 1000, "call ended");
                return;
            }
            connector.vertx().cancelTimer(timerId);
            if (result.failed()) {
                if (result.cause() instanceof UpgradeRejectedException rejected
                        && rejected.getStatus() >= 400 && rejected.getStatus() < 500) {
                    // The agent answered and said no (a bad signature, a wrong path): asking again changes nothing.
                    fail("the agent refused the WebSocket handshake with HTTP " + rejected.getStatus() + "; not retried");
                    return;
                }
                retry("connect failed: " + result.cause().getMessage());
                return;
            }
            AgentProtocol protocol = protocols.get();
            List<WireFrame> opening = protocol.open(start); // before any agent frame is decoded
            socket = new AgentSocket(result.result(), protocol, connector.vertx(), connector.config().pingInterval(),
                    connector.config().deadAfter(), inbound, owner);
            socket.start();
            for (WireFrame f : opening) write(f);
            state = State.OPEN;
            failingSinceNanos = 0;
            delay = connector.config().reconnectMinDelay();
            if (heldNow) write(socket.protocol.hold(true, heldBy));
            while (!pending.isEmpty()) {
                Object item = pending.pollFirst();
                if (item instanceof byte[] audio) sendAudio(audio, 0, audio.length);
                else write(socket.protocol.dtmf((Character) item));
            }
            pendingAudio = 0;
            pendingDigits = 0;
        }
        withCallId(() -> LOG.debugf("agent stream open: %s", url));
    }

    private void socketClosed(AgentSocket closed) {
        Short code;
        String reason;
        synchronized (this) {
            if (closed != socket || state == State.CLOSED) return;
            closed.retire();
            socket = null;
            code = closed.ws.closeStatusCode();
            reason = closed.ws.closeReason();
            if (code == null || code == 1006) { // dropped without a close frame: try again
                retry("agent socket dropped");
                return;
            }
            state = State.CLOSED;
        }
        events.agentClosed("agent closed the stream (" + code + (reason == null ? "" : " " + reason) + ")");
    }

    private synchronized void socketDead(AgentSocket dead, String why) {
        if (dead != socket || state == State.CLOSED) return;
        dead.retire();
        socket = null;
        dead.ws.close((short) 1001, "no pong"); // best effort: the peer is probably not listening
        retry(why);
    }

    private synchronized void frameTooBig(AgentSocket broken, String why) {
        if (broken != socket || state == State.CLOSED) return;
        broken.retire();
        socket = null;
        malformed("too_large", why);
        broken.ws.close((short) 1009, "frame over " + connector.config().maxFrameBytes() + " bytes");
        fail("the agent sent a WebSocket frame over " + connector.config().maxFrameBytes()
                + " bytes; closed with 1009 (message too big)");
    }

    /** Under the lock. Reconnects after the current delay, or gives up once the window has passed. */
    private void retry(String why) {
        state = State.CONNECTING;
        long now = System.nanoTime();
        if (failingSinceNanos == 0) failingSinceNanos = now;
        if (now - failingSinceNanos > connector.config().reconnectWindow().toNanos()) {
            fail(why + "; gave up after " + connector.config().reconnectWindow().toMillis() + " ms");
            return;
        }
        reconnects++;
        long wait = delay.toMillis();
        withCallId(() -> LOG.infof("agent %s: %s; retrying in %d ms", url, why, wait));
        timerId = connector.vertx().setTimer(delay.toMillis(), id -> connect());
        delay = delay.multipliedBy(2).compareTo(connector.config().reconnectMaxDelay()) > 0
                ? connector.config().reconnectMaxDelay() : delay.multipliedBy(2);
    }

    /** Under the lock. The stream is over: the route's onAgentFailure applies. */
    private void fail(String why) {
        state = State.CLOSED;
        pending.clear();
        withCallId(() -> LOG.warnf("agent %s failed: %s", url, why));
        connector.vertx().runOnContext(v -> events.agentFailed(why));
    }

    // ---- caller → agent

    @Override
    public synchronized void callerAudio(byte[] buffer, int offset, int length) {
        if (state == State.OPEN) {
            sendAudio(buffer, offset, length);
        } else if (state == State.CONNECTING) {
            if (pendingAudio >= pendingAudioLimit) {
                removeOldest(byte[].class);
                pendingAudio--;
                droppedWhileAway++;
            }
            byte[] copy = new byte[length];
            System.arraycopy(buffer, offset, copy, 0, length);
            pending.addLast(copy);
            pendingAudio++;
        }
    }

    private void sendAudio(byte[] buffer, int offset, int length) {
        if (socket.ws.writeQueueFull()) { // the agent does not keep up: drop rather than queue without bound
            droppedWhileAway++;
            return;
        }
        write(socket.protocol.media(buffer, offset, length));
        framesToAgent++;
        if (firstAudioNanos == 0) firstAudioNanos = System.nanoTime();
    }

    /** A caller digit; kept (up to {@code pendingDtmf}, oldest dropped and counted) while the socket opens. */
    public synchronized void callerDtmf(char digit) {
        if (state == State.OPEN) {
            write(socket.protocol.dtmf(digit));
        } else if (state == State.CONNECTING) {
            if (pendingDigits >= connector.config().pendingDtmf()) {
                removeOldest(Character.class);
                pendingDigits--;
                connector.countDropped("caller_dtmf");
            }
            pending.addLast(digit);
            pendingDigits++;
        }
    }

    private void removeOldest(Class<?> kind) {
        for (Iterator<Object> it = pending.iterator(); it.hasNext(); ) {
            if (kind.isInstance(it.next())) {
                it.remove();
                return;
            }
        }
    }

    /**
     * Tells the agent the call went on hold or came off it ({@code by}: {@code api} or {@code caller}); a socket
     * still opening (or reopening) is told the hold after its {@code start}. Only for agents that opted in.
     */
    public synchronized void holdChanged(boolean held, String by) {
        if (held == heldNow) return;
        heldNow = held;
        heldBy = by;
        if (state == State.OPEN) write(socket.protocol.hold(held, by));
    }

    @Override
    public synchronized void marksPlayed(List<String> names) {
        if (state != State.OPEN) return;
        for (String name : names) write(socket.protocol.markPlayed(name));
    }

    /** Ends the stream from our side: {@code stop}, then a normal close. Idempotent. */
    public synchronized void close() {
        if (!released) {
            released = true;
            connector.streamClosed();
        }
        if (state == State.CLOSED) return;
        boolean open = state == State.OPEN;
        state = State.CLOSED;
        if (timerId >= 0) connector.vertx().cancelTimer(timerId);
        pending.clear();
        if (socket != null) {
            socket.retire();
            if (open) {
                write(socket.protocol.stop());
                socket.ws.close((short) 1000, "call ended");
            }
        }
        socket = null;
    }

    private void write(WireFrame frame) {
        byte[] utf8 = frame.utf8();
        if (utf8 != null) {
            // What writeTextMessage does after String.getBytes: the frame's bytes go out as they are. Vert.x
            // has no public text frame from bytes; its own writeTextMessage builds this one.
            socket.ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, utf8, true));
        } else if (frame.isText()) {
            socket.ws.writeTextMessage(frame.text());
        } else {
            socket.ws.writeBinaryMessage(Buffer.buffer(frame.binary()));
        }
    }

    // ---- agent → caller (the socket's event loop, under the inbound lock only)

    @Override
    public void audio(byte[] payload) {
        leg.play(payload);
    }

    @Override
    public void mark(String name) {
        if (!leg.mark(name)) connector.countDropped("mark");
    }

    @Override
    public void clear() {
        leg.clear();
    }

    @Override
    public void dtmf(String digits) {
        if (agentDtmfWaiting.incrementAndGet() > connector.config().pendingAgentDtmf()) {
            agentDtmfWaiting.decrementAndGet();
            connector.countDropped("agent_dtmf");
            withCallId(() -> LOG.warnf("agent DTMF %s dropped: %d requests already wait to be played",
                    digits, connector.config().pendingAgentDtmf()));
            return;
        }
        events.sendDtmf(digits, agentDtmfWaiting::decrementAndGet);
    }

    @Override
    public void ignored(String what) {
        withCallId(() -> LOG.info(what));
    }

    @Override
    public void malformed(String kind, String detail) {
        connector.countMalformed(kind);
        if (malformed.incrementAndGet() <= MAX_LOGGED_MALFORMED) {
            withCallId(() -> LOG.warnf("malformed input from agent (%s): %s", kind, detail));
        }
    }

    /**
     * Socket threads are shared by all calls: runs {@code work} (a log line) with this call's id in the log
     * context, then restores what was there. Only around logging: setting the context for every agent frame
     * cost more than decoding a media frame.
     */
    private void withCallId(Runnable work) {
        Object outer = MDC.get("callSid");
        MDC.put("callSid", start.callSid());
        try {
            work.run();
        } finally {
            if (outer == null) MDC.remove("callSid");
            else MDC.put("callSid", outer);
        }
    }

    // ---- figures for the CDR

    public synchronized AgentFigures figures(long answeredNanos) {
        Integer firstAudioMs = firstAudioNanos == 0 ? null
                : (int) Math.max(0, (firstAudioNanos - answeredNanos) / 1_000_000);
        return new AgentFigures(reconnects, firstAudioMs, malformed.get(), framesToAgent, droppedWhileAway);
    }
}
