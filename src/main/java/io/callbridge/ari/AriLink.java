package io.callbridge.ari;

import java.time.Instant;

/** What the ARI connection tells the rest of the app, as CDI events fired in arrival order. */
public final class AriLink {

    private AriLink() {
    }

    /** The events socket is open; anything that happened while it was away must be reconciled. */
    public record Up(Instant at) {
    }

    /** The events socket is gone; a reconnect is under way. */
    public record Down(String why) {
    }

    /**
     * One event off the socket, of a type Callbridge acts on (others are dropped by {@link AriEventReader}).
     * Observers must not block: they run on the socket's reader thread.
     */
    public record Received(AriEvent event) {
    }
}
