package io.callbridge;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import java.util.function.Supplier;

/**
 * Vert.x WebSocket connects are started as a task on the event loop that will carry the socket.
 *
 * <p>Why: Vert.x 4.5 hands a new WebSocket over paused, resumes it as the handshake completes, and installs the
 * caller's handlers in a listener on the connect's future. Started from a call's executor (not a Vert.x thread),
 * the handshake can complete on the event loop before that thread has attached the listener: the socket is then
 * resumed with no handlers, and a message the peer sent right after its 101 is delivered to nobody. Run as a
 * task on the event loop, the connect and its listener are in place before the loop can read the answer.
 * Measured on loopback with the peer in the same new Vert.x: chan_websocket's {@code MEDIA_START} was lost in 50
 * of 400 opens and an agent's first message in 21 of 300; none of 403 and of 300 this way. With the peer in
 * another Vert.x (as Asterisk and agents are) none of 600 was lost, so real calls may rarely have met it.
 */
public final class WebSocketConnects {

    private WebSocketConnects() {
    }

    /**
     * Runs {@code connect} (a client's {@code connect(options)}, options built by the caller) on an event loop of
     * {@code vertx} (the caller's when it is on one, else Vert.x's context for the calling thread), and hands its
     * outcome to {@code done} there. Returns at once. An exception thrown by {@code connect} reaches {@code done}
     * as a failure. Callers must not be on a Vert.x worker context (the task would run on a worker thread).
     */
    public static void onEventLoop(Vertx vertx, Supplier<Future<WebSocket>> connect, Handler<AsyncResult<WebSocket>> done) {
        vertx.getOrCreateContext().runOnContext(v -> {
            Future<WebSocket> connecting;
            try {
                connecting = connect.get();
            } catch (RuntimeException e) {
                connecting = Future.failedFuture(e);
            }
            connecting.onComplete(done);
        });
    }
}
