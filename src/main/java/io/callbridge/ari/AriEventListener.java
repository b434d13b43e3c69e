package io.callbridge.ari;

/**
 * A feature that acts on ARI events (call handling, holds, recordings, playbacks, stream forks). Every
 * application-scoped bean implementing it is called by {@link AriConnection} with each event read off the socket,
 * in arrival order, on the socket's reader thread: it must not block (hand work to the call's executor).
 *
 * <p>A plain interface rather than a CDI event: ArC activates and terminates a request context around every
 * synchronous {@code Event.fire} made outside one, about ten per call, which showed in the call-path profile
 * (docs/performance.md, section 6). An exception thrown by one listener is logged and does not keep the event
 * from the others.
 */
public interface AriEventListener {

    /** One event of a type Callbridge acts on ({@link AriEventReader} drops the others). */
    void onAriEvent(AriEvent event);
}
