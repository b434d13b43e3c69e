package io.callbridge.call;

import io.callbridge.ari.AriChannels;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Places calls through the configured outbound endpoint: outbound calls and transfer legs alike. */
@ApplicationScoped
class OutboundTrunk {

    private final AriChannels channels;
    private final OutboundConfig config;

    OutboundTrunk(AriChannels channels, OutboundConfig config) {
        this.channels = channels;
        this.config = config;
    }

    /**
     * Asterisk's own dial timeout is this much later than ours, only a backstop: when Asterisk gives up it
     * reports a bare hangup cause, so the app ends an unanswered call itself (see {@link #place}).
     */
    private static final int BACKSTOP_SECONDS = 5;

    /**
     * Creates {@code channelId} in Stasis and dials {@code target} (an E.164 number or a SIP URI) with
     * {@code callerId}; the outcome arrives as Dial events. Then runs {@code onNoAnswer} after the ring
     * timeout ({@code ringSeconds}, or the configured one when null): the caller checks whether the call is
     * still unanswered and gives up on it.
     */
    void place(String channelId, String target, String callerId, Integer ringSeconds, String purpose,
               Runnable onNoAnswer) throws ch.loway.oss.ari4java.tools.RestException {
        int seconds = ringSeconds != null ? ringSeconds : (int) config.ringTimeout().toSeconds();
        channels.create(channelId, dialString(target), callerId, purpose);
        channels.dial(channelId, seconds + BACKSTOP_SECONDS);
        CompletableFuture.delayedExecutor(seconds, TimeUnit.SECONDS).execute(onNoAnswer);
    }

    String dialString(String target) {
        String lower = target.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sip:") || lower.startsWith("sips:")) return "PJSIP/" + config.endpoint() + "/" + target;
        return "PJSIP/" + target + "@" + config.endpoint();
    }
}
