package io.callbridge.ari;

import java.time.Instant;

/**
 * What the ARI connection tells the rest of the app about the link itself, as CDI events; the events off the
 * socket go to the {@link AriEventListener}s, in arrival order.
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
}
