package io.callbridge.stream;

import io.callbridge.media.MediaLeg;
import io.vertx.core.AsyncResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One call's WebSocket to its agent. Caller audio and DTMF wait in a bounded buffer until the socket is
 * open, so the caller never waits on a slow agent. A socket that fails to open or drops is reopened with
 * capped exponential backoff for up to the reconnect window (each new socket starts a fresh stream:
 * twilio gets connected + start again, same streamSid). An agent that closes the socket cleanly has ended
 * the stream. Every protocol call happens under this object's lock: the RTP reader, the playout clock,
 * the socket's event loop and the call's executor all reach it.
 */
public final class AgentStream implements MediaLeg.Listener, AgentSink {

    /** What the call hears from its agent stream. Called from event-loop threads: hand work off. */
    public interface Events {
        /** The agent closed the socket: the stream is over. */
        void agentClosed(String why);

        /** The agent could not be reached within the reconnect window. */
        void agentFailed(String why);

        /** The agent asks to play DTMF digits to the caller. */
        void sendDtmf(String digits);
    }

    private enum State { CONNECTING, OPEN, CLOSED }

    private static final Logger LOG = Logger.getLogger(AgentStream.class);
    private static final int MAX_LOGGED_MALFORMED = 5;

    private final AgentConnector connector;
    private final StreamStart start;
    private final Supplier<AgentProtocol> protocols;
    private final String url;
    private final MediaLeg leg;
    private final Events events;
    private final int pendingLimit;
    private final ArrayDeque<Object> pending = new ArrayDeque<>(); // byte[] caller audio, Character dtmf
    private State state = State.CONNECTING;
    private AgentProtocol protocol;
    private WebSocket socket;
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
        this.pendingLimit = (int) Math.max(1, connector.config().pendingAudio().toMillis() / 20);
    }

    synchronized void connect() {
        if (state == State.CLOSED) return;
        state = State.CONNECTING;
        int thisAttempt = ++attempt;
        // The client's connect timeout covers TCP only; an agent that accepts and never upgrades hangs.
        timerId = connector.vertx().setTimer(connector.config().connectTimeout().toMillis(), id -> handshakeTimedOut(thisAttempt));
        connector.client().connect(new WebSocketConnectOptions().setAbsoluteURI(url))
                .onComplete(result -> connected(thisAttempt, result));
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
                retry("connect failed: " + result.cause().getMessage());
                return;
            }
            WebSocket ws = result.result();
            socket = ws;
            protocol = protocols.get();
            ws.textMessageHandler(text -> onText(ws, text));
            ws.binaryMessageHandler(data -> onBinary(ws, data));
            ws.exceptionHandler(e -> withCallId(() -> LOG.debugf("agent socket error: %s", e.toString())));
            ws.closeHandler(v -> onClose(ws));
            for (WireFrame f : protocol.open(start)) write(f);
            state = State.OPEN;
            failingSinceNanos = 0;
            delay = connector.config().reconnectMinDelay();
            while (!pending.isEmpty()) {
                Object item = pending.pollFirst();
                if (item instanceof byte[] audio) sendAudio(audio, 0, audio.length);
                else write(protocol.dtmf((Character) item));
            }
        }
        withCallId(() -> LOG.infof("agent stream open: %s", url));
    }

    private void onClose(WebSocket ws) {
        Short code;
        String reason;
        synchronized (this) {
            if (ws != socket || state == State.CLOSED) return;
            socket = null;
            code = ws.closeStatusCode();
            reason = ws.closeReason();
            if (code == null || code == 1006) { // dropped without a close frame: try again
                retry("agent socket dropped");
                return;
            }
            state = State.CLOSED;
        }
        events.agentClosed("agent closed the stream (" + code + (reason == null ? "" : " " + reason) + ")");
    }

    /** Under the lock. Reconnects after the current delay, or gives up once the window has passed. */
    private void retry(String why) {
        state = State.CONNECTING;
        long now = System.nanoTime();
        if (failingSinceNanos == 0) failingSinceNanos = now;
        if (now - failingSinceNanos > connector.config().reconnectWindow().toNanos()) {
            state = State.CLOSED;
            String detail = why + "; gave up after " + connector.config().reconnectWindow().toMillis() + " ms";
            connector.vertx().runOnContext(v -> events.agentFailed(detail));
            return;
        }
        reconnects++;
        long wait = delay.toMillis();
        withCallId(() -> LOG.infof("agent %s: %s; retrying in %d ms", url, why, wait));
        timerId = connector.vertx().setTimer(delay.toMillis(), id -> connect());
        delay = delay.multipliedBy(2).compareTo(connector.config().reconnectMaxDelay()) > 0
                ? connector.config().reconnectMaxDelay() : delay.multipliedBy(2);
    }

    // ---- caller → agent

    @Override
    public synchronized void callerAudio(byte[] buffer, int offset, int length) {
        if (state == State.OPEN) {
            sendAudio(buffer, offset, length);
        } else if (state == State.CONNECTING) {
            if (pending.size() >= pendingLimit) {
                pending.pollFirst();
                droppedWhileAway++;
            }
            byte[] copy = new byte[length];
            System.arraycopy(buffer, offset, copy, 0, length);
            pending.addLast(copy);
        }
    }

    private void sendAudio(byte[] buffer, int offset, int length) {
        if (socket.writeQueueFull()) { // the agent does not keep up: drop rather than queue without bound
            droppedWhileAway++;
            return;
        }
        write(protocol.media(buffer, offset, length));
        framesToAgent++;
        if (firstAudioNanos == 0) firstAudioNanos = System.nanoTime();
    }

    public synchronized void callerDtmf(char digit) {
        if (state == State.OPEN) write(protocol.dtmf(digit));
        else if (state == State.CONNECTING) pending.addLast(digit);
    }

    @Override
    public synchronized void marksPlayed(List<String> names) {
        if (state != State.OPEN) return;
        for (String name : names) write(protocol.markPlayed(name));
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
        if (open && socket != null) {
            write(protocol.stop());
            socket.close((short) 1000, "call ended");
        }
        socket = null;
    }

    private void write(WireFrame frame) {
        if (frame.isText()) socket.writeTextMessage(frame.text());
        else socket.writeBinaryMessage(Buffer.buffer(frame.binary()));
    }

    // ---- agent → caller (socket event loop)

    private synchronized void onText(WebSocket ws, String text) {
        if (ws == socket && state == State.OPEN) withCallId(() -> protocol.onText(text, this));
    }

    private synchronized void onBinary(WebSocket ws, Buffer data) {
        if (ws == socket && state == State.OPEN) withCallId(() -> protocol.onBinary(data.getBytes(), this));
    }

    @Override
    public void audio(byte[] payload) {
        leg.play(payload);
    }

    @Override
    public void mark(String name) {
        leg.mark(name);
    }

    @Override
    public void clear() {
        leg.clear();
    }

    @Override
    public void dtmf(String digits) {
        events.sendDtmf(digits);
    }

    @Override
    public void malformed(String kind, String detail) {
        connector.countMalformed(kind);
        if (malformed.incrementAndGet() <= MAX_LOGGED_MALFORMED) {
            withCallId(() -> LOG.warnf("malformed input from agent (%s): %s", kind, detail));
        }
    }

    /**
     * Socket threads are shared by all calls: runs {@code work} (a log line, or the protocol handling an
     * agent frame, which may log) with this call's id in the log context, then restores what was there.
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
