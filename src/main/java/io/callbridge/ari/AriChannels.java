package io.callbridge.ari;

import ch.loway.oss.ari4java.generated.models.Channel;
import ch.loway.oss.ari4java.tools.RestException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The channel operations calls need, over ari4java. Blocking: call from a call's own executor,
 * never from the events socket's thread.
 */
@ApplicationScoped
public class AriChannels {

    private final AriConnection connection;

    AriChannels(AriConnection connection) {
        this.connection = connection;
    }

    public void answer(String channelId) throws RestException {
        connection.ari().channels().answer(channelId).execute();
    }

    /**
     * Hangs up with an ARI reason ({@code normal}, {@code busy}, {@code congestion}, {@code unallocated} …),
     * which chan_pjsip turns into the SIP final response of an unanswered call (unallocated → 404).
     * Returns false when the channel was already gone.
     */
    public boolean hangup(String channelId, String reason) throws RestException {
        try {
            connection.ari().channels().hangup(channelId).setReason(reason).execute();
            return true;
        } catch (RestException e) {
            if (e.getCode() == 404) return false;
            throw e;
        }
    }

    /** Starts playing {@code media} (e.g. {@code sound:hello-world}) under our own playback id. */
    public void play(String channelId, String media, String playbackId) throws RestException {
        connection.ari().channels().play(channelId, media).setPlaybackId(playbackId).execute();
    }

    public List<Channel> list() throws RestException {
        return connection.ari().channels().list().execute();
    }
}
