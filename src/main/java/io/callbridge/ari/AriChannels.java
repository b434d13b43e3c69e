package io.callbridge.ari;

import ch.loway.oss.ari4java.generated.models.Channel;
import ch.loway.oss.ari4java.tools.RestException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /**
     * Creates an externalMedia channel sending RTP (UDP) to {@code host:port} in {@code format}, with
     * channel {@code variables} (its ownership marker),
     * ({@code ulaw}, {@code slin16} …) and returns Asterisk's end of it: the address it sends from and
     * listens on (channel variables UNICASTRTP_LOCAL_ADDRESS / _PORT).
     */
    public InetSocketAddress externalMedia(String channelId, String host, int port, String format,
                                           Map<String, String> variables) throws RestException {
        Channel ch = connection.ari().channels().externalMedia(connection.ari().getAppName(), host + ":" + port, format)
                .setChannelId(channelId).setEncapsulation("rtp").setTransport("udp").setDirection("both")
                .setVariables(variables).execute();
        Map<?, ?> vars = ch.getChannelvars() instanceof Map<?, ?> m ? m : Map.of();
        Object address = vars.get("UNICASTRTP_LOCAL_ADDRESS");
        Object localPort = vars.get("UNICASTRTP_LOCAL_PORT");
        if (address == null || localPort == null) {
            throw new RestException("externalMedia channel " + channelId + " has no UNICASTRTP_LOCAL_* variables");
        }
        return new InetSocketAddress(address.toString(), Integer.parseInt(localPort.toString()));
    }

    /**
     * Creates a channel to {@code endpoint} (a dial string: {@code PJSIP/+4930123@outbound}) in our Stasis
     * application, not dialed yet: its events reach us from the start, and {@link #dial} places the call.
     * {@code callerId} is the number the far end sees; {@code marker} is the channel's ownership variables.
     */
    public void create(String channelId, String endpoint, String callerId, String appArgs,
                       Map<String, String> marker) throws RestException {
        // chan_pjsip builds From and P-Asserted-Identity of an outgoing INVITE from the connected line, which
        // an ARI-created channel does not have: set it with the caller id, as Asterisk's originate does.
        Map<String, String> variables = new HashMap<>(marker);
        if (callerId != null) {
            variables.put("CALLERID(num)", callerId);
            variables.put("CONNECTEDLINE(num)", callerId);
        }
        connection.ari().channels().create(endpoint, connection.ari().getAppName())
                .setChannelId(channelId).setAppArgs(appArgs).setVariables(variables).execute();
    }

    /**
     * Dials a channel made by {@link #create}; gives up (Dial status NOANSWER) after {@code timeoutSeconds}.
     * The channel may not be in Stasis yet: see {@link InStasis}.
     */
    public void dial(String channelId, int timeoutSeconds) throws RestException {
        InStasis.retry(() -> connection.ari().channels().dial(channelId).setTimeout(timeoutSeconds).execute());
    }

    /** Plays ringback to the channel (Asterisk generates the tone on an answered channel). */
    public void ring(String channelId) throws RestException {
        connection.ari().channels().ring(channelId).execute();
    }

    public void ringStop(String channelId) throws RestException {
        connection.ari().channels().ringStop(channelId).execute();
    }

    public void sendDtmf(String channelId, String digits) throws RestException {
        connection.ari().channels().sendDTMF(channelId).setDtmf(digits).execute();
    }

    /** Sets one channel variable (e.g. the ownership marker of a caller's channel). */
    public void setVariable(String channelId, String name, String value) throws RestException {
        connection.ari().channels().setChannelVar(channelId, name).setValue(value).execute();
    }

    /** The channel's current snapshot; empty when it no longer exists. */
    public Optional<Channel> get(String channelId) throws RestException {
        try {
            return Optional.of(connection.ari().channels().get(channelId).execute());
        } catch (RestException e) {
            if (e.getCode() == 404) return Optional.empty();
            throw e;
        }
    }

    public List<Channel> list() throws RestException {
        return connection.ari().channels().list().execute();
    }
}
