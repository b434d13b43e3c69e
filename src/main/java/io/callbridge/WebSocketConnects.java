package io.callbridge;

import io.vertx.core.Vertx;

/**
 * Vert.x WebSocket connects are started on an event loop, whatever thread asks.
 *
 * <p>Why: Vert.x 4.5 hands a new WebSocket over paused, and installs its handlers and resumes it as the connect
 * completes. Asked from a thread that is not an event loop (a call's executor), that completion runs on another
 * thread than the socket's reads, and a message the peer sends right after its 101 can be delivered before the
 * handlers are there, and is lost. Measured on loopback with the peer in the same new Vert.x: chan_websocket's
 * {@code MEDIA_START} was lost in 50 of 400 opens, an agent's first message in 21 of 300; none of 403 and of 300
 * once the connect was started on an event loop. With the peer in another Vert.x none was lost in 600, so a
 * real Asterisk or agent may rarely meet it; the thread crossing is gone all the same.
 */
public final class WebSocketConnects {

    private WebSocketConnects() {
    }

    /**
     * Runs {@code connect} (which calls the client's {@code connect} and sets its callbacks) on an event loop of
     * {@code vertx}: the one the caller is on, or a new one. Returns at once; {@code connect} runs later.
     */
    public static void onEventLoop(Vertx vertx, Runnable connect) {
        vertx.getOrCreateContext().runOnContext(v -> connect.run());
    }
}
