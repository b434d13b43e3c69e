package io.callbridge.stream;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketFrame;
import java.time.Duration;

/**
 * One open WebSocket of an agent stream: its protocol instance, the agent → caller direction and the
 * socket's liveness. Agent frames are decoded on the socket's event loop under the stream's inbound lock,
 * which the RTP reader and the playout clock never take: a large or slow frame delays only this call's
 * agent audio, never another call's media. Liveness: a ping when quiet for {@code pingInterval}, and dead
 * when nothing (frame or pong) arrived for {@code deadAfter}.
 */
final class AgentSocket implements MessageAssembler.Messages {

    /** The stream this socket belongs to; the sink gets the decoded agent input. */
    interface Owner {
        AgentSink sink();

        /** Nothing heard for too long: the socket is dead though TCP has not noticed. */
        void socketDead(AgentSocket socket, String why);

        /** A frame over the WebSocket layer's limit: it cannot be read, the socket is unusable. */
        void frameTooBig(AgentSocket socket, String why);

        void socketClosed(AgentSocket socket);
    }

    final WebSocket ws;
    final AgentProtocol protocol;
    private final Vertx vertx;
    private final Owner owner;
    private final Object inboundLock;
    private final MessageAssembler messages = new MessageAssembler(AgentJson.MAX_FRAME);
    private final long pingNanos;
    private final long deadNanos;
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile boolean current = true;
    private long timerId = -1;

    AgentSocket(WebSocket ws, AgentProtocol protocol, Vertx vertx, Duration pingInterval, Duration deadAfter,
                Object inboundLock, Owner owner) {
        this.ws = ws;
        this.protocol = protocol;
        this.vertx = vertx;
        this.owner = owner;
        this.inboundLock = inboundLock;
        this.pingNanos = pingInterval.toNanos();
        this.deadNanos = deadAfter.toNanos();
    }

    /** Installs the handlers and starts the liveness check. On the socket's context. */
    void start() {
        ws.frameHandler(this::frame);
        ws.exceptionHandler(this::failed);
        ws.closeHandler(v -> owner.socketClosed(this));
        long period = Math.max(50, pingNanos / 2_000_000);
        timerId = vertx.setPeriodic(period, period, id -> watch());
    }

    /** This socket is no longer the stream's: its frames are ignored and its timer stops. Idempotent. */
    void retire() {
        current = false;
        if (timerId >= 0) vertx.cancelTimer(timerId);
    }

    private void watch() {
        if (!current) return;
        long quiet = System.nanoTime() - lastHeardNanos;
        if (quiet > deadNanos) {
            owner.socketDead(this, "no frame or pong from the agent for " + quiet / 1_000_000 + " ms");
        } else if (quiet > pingNanos) {
            ws.writePing(Buffer.buffer());
        }
    }

    private void frame(WebSocketFrame frame) {
        lastHeardNanos = System.nanoTime(); // pongs too: any frame shows the agent is there
        if (!current) return;
        synchronized (inboundLock) {
            messages.frame(frame, this); // what logs (the sink) puts the call's id in the log context itself
        }
    }

    private void failed(Throwable e) {
        // Netty refuses a frame over the client's maxFrameSize before reading it (RFC 6455 7.4.1: 1009).
        if (e instanceof CorruptedWebSocketFrameException c
                && c.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()) {
            owner.frameTooBig(this, c.getMessage());
        }
    }

    @Override
    public void text(byte[] utf8, int offset, int length) {
        protocol.onText(utf8, offset, length, owner.sink());
    }

    @Override
    public void binary(byte[] data) {
        protocol.onBinary(data, owner.sink());
    }

    @Override
    public void tooLarge(boolean text, long bytes) {
        owner.sink().malformed("too_large", (text ? "text" : "binary") + " message of " + bytes + " bytes");
    }
}
