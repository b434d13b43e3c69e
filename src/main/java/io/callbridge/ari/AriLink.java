package io.callbridge.ari;

import java.time.Instant;

/**
 * What the ARI connection tells the rest of the app: {@link Up} and {@link Down} as CDI events; each event off the
 * socket ({@link Received}) goes to the {@link AriEventListener}s, in arrival order.
 */
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
     * One event off the socket, of a type Callbridge acts on (others are dropped by {@link AriEventReader}),
     * as {@link AriEventStream} hands it to {@link AriConnection}.
     */
    public record Received(AriEvent event) {
    }
}
