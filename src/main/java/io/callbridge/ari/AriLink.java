package io.callbridge.ari;

import ch.loway.oss.ari4java.generated.models.Message;
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
     * One event off the socket. Observers must not block: they run on the socket's reader thread.
     *
     * @param techCause the channel technology's own reason for a hangup ({@code tech_cause} of Asterisk 22's
     *                  ChannelHangupRequest and ChannelDestroyed, which ari4java's models lack: for chan_pjsip
     *                  the SIP response), or null
     */
    public record Received(Message message, String techCause) {
    }
}
