package io.callbridge.ari;

import static io.callbridge.ari.AriHttpClient.encode;

import ch.loway.oss.ari4java.generated.models.Channel;
import ch.loway.oss.ari4java.tools.RestException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The channel operations calls need. The call path's requests go straight to ARI's REST interface
 * ({@link AriHttpClient#request}): no ari4java action builders, and no binding of answers the call does not
 * read (ARI answers most of them with a whole channel snapshot). Blocking: call from a call's own executor,
 * never from the events socket's thread.
 */
@ApplicationScoped
public class AriChannels {

    private static final JsonFactory JSON = new JsonFactory();

    private final AriConnection connection;

    AriChannels(AriConnection connection) {
        this.connection = connection;
    }

    public void answer(String channelId) throws RestException {
        post("/channels/" + encode(channelId) + "/answer", null);
    }

    /**
     * Hangs up with an ARI reason ({@code normal}, {@code busy}, {@code congestion}, {@code unallocated} …),
     * which chan_pjsip turns into the SIP final response of an unanswered call (unallocated → 404).
     * Returns false when the channel was already gone.
     */
    public boolean hangup(String channelId, String reason) throws RestException {
        try {
            rest().request("DELETE", "/channels/" + encode(channelId) + "?reason=" + encode(reason), null);
            return true;
        } catch (RestException e) {
            if (e.getCode() == 404) return false;
            throw e;
        }
    }

    /**
     * Plays music on hold of class {@code mohClass} (null: Asterisk's {@code default}) to the channel until
     * {@link #stopMoh}; 404 when the channel is gone.
     */
    public void startMoh(String channelId, String mohClass) throws RestException {
        post("/channels/" + encode(channelId) + "/moh" + (mohClass == null ? "" : "?mohClass=" + encode(mohClass)), null);
    }

    /** Stops the channel's music on hold; false when the channel was already gone. */
    public boolean stopMoh(String channelId) throws RestException {
        try {
            rest().request("DELETE", "/channels/" + encode(channelId) + "/moh", null);
            return true;
        } catch (RestException e) {
            if (e.getCode() == 404) return false;
            throw e;
        }
    }

    /** Starts playing {@code media} (e.g. {@code sound:hello-world}) under our own playback id. */
    public void play(String channelId, String media, String playbackId) throws RestException {
        post("/channels/" + encode(channelId) + "/play?media=" + encode(media) + "&playbackId=" + encode(playbackId),
                null);
    }

    /**
     * Creates an externalMedia channel sending RTP (UDP) to {@code host:port} in {@code format}
     * ({@code ulaw}, {@code slin16} …), with channel {@code variables} (its ownership marker), and returns
     * Asterisk's end of it: the address it sends from and listens on (channel variables
     * UNICASTRTP_LOCAL_ADDRESS / _PORT of the channel ARI answers with).
     */
    public InetSocketAddress externalMedia(String channelId, String host, int port, String format,
                                           Map<String, String> variables) throws RestException {
        byte[] answer = post("/channels/externalMedia?app=" + encode(connection.app())
                + "&external_host=" + encode(host + ":" + port) + "&format=" + encode(format)
                + "&channelId=" + encode(channelId) + "&encapsulation=rtp&transport=udp&direction=both",
                variablesBody(variables));
        AriChannel channel = created(answer, channelId);
        String address = channel == null ? null : channel.variable("UNICASTRTP_LOCAL_ADDRESS");
        String localPort = channel == null ? null : channel.variable("UNICASTRTP_LOCAL_PORT");
        if (address == null || localPort == null) {
            throw new RestException("externalMedia channel " + channelId + " has no UNICASTRTP_LOCAL_* variables");
        }
        return new InetSocketAddress(address, Integer.parseInt(localPort));
    }

    /** The channel ARI answered a create request with; null for an empty answer. */
    private static AriChannel created(byte[] answer, String channelId) throws RestException {
        try (JsonParser p = JSON.createParser(answer)) {
            p.nextToken();
            return AriEventReader.channel(p);
        } catch (IOException e) {
            throw new RestException("externalMedia channel " + channelId + ": unreadable answer (" + answer.length
                    + " bytes): " + e.getMessage());
        }
    }

    /**
     * Creates an externalMedia channel whose audio travels over a WebSocket (chan_websocket) that the app
     * opens to Asterisk's HTTP server ({@code connection_type=server}), in {@code format} ({@code slin16},
     * {@code slin24}: 16-bit little-endian PCM in binary messages), with channel {@code variables}. Returns the
     * URL to open, {@code ws://<ARI host:port>/media/<connection id>}: Asterisk answers the channel once the
     * socket is open, and hangs it up when the socket closes.
     */
    public String externalMediaWebSocket(String channelId, String format, Map<String, String> variables)
            throws RestException {
        byte[] answer = post("/channels/externalMedia?app=" + encode(connection.app())
                + "&external_host=INCOMING&format=" + encode(format) + "&channelId=" + encode(channelId)
                + "&encapsulation=none&transport=websocket&connection_type=server&direction=both",
                variablesBody(variables));
        AriChannel channel = created(answer, channelId);
        String connectionId = channel == null ? null : channel.variable("MEDIA_WEBSOCKET_CONNECTION_ID");
        if (connectionId == null) {
            throw new RestException("externalMedia channel " + channelId + " has no MEDIA_WEBSOCKET_CONNECTION_ID");
        }
        return connection.mediaSocketUrl(connectionId);
    }

    /**
     * The value of a channel variable or dialplan function ({@code CHANNEL(audionativeformat)} …); null when
     * it is unset. Fails with 404 when the channel is gone.
     */
    public String variable(String channelId, String name) throws RestException {
        byte[] answer = rest().request("GET", "/channels/" + encode(channelId) + "/variable?variable=" + encode(name), null);
        try (JsonParser p = JSON.createParser(answer)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if ("value".equals(field)) return p.getValueAsString();
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            throw new RestException("variable " + name + " of " + channelId + ": unreadable answer: " + e.getMessage());
        }
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
        post("/channels/create?endpoint=" + encode(endpoint) + "&app=" + encode(connection.app())
                + "&channelId=" + encode(channelId) + (appArgs == null ? "" : "&appArgs=" + encode(appArgs)),
                variablesBody(variables));
    }

    /**
     * Dials a channel made by {@link #create}; gives up (Dial status NOANSWER) after {@code timeoutSeconds}.
     * The channel may not be in Stasis yet: see {@link InStasis}.
     */
    public void dial(String channelId, int timeoutSeconds) throws RestException {
        InStasis.retry(() -> post("/channels/" + encode(channelId) + "/dial?timeout=" + timeoutSeconds, null));
    }

    /** Plays ringback to the channel (Asterisk generates the tone on an answered channel). */
    public void ring(String channelId) throws RestException {
        post("/channels/" + encode(channelId) + "/ring", null);
    }

    /**
     * Tells the phone that sent a REFER on {@code channelId} how its transfer goes (a NOTIFY with a sipfrag):
     * {@code channel_progress}, {@code channel_answered} (200), {@code channel_unavailable} or
     * {@code channel_declined}. Asterisk 22.3 and later; the channel's transfers must be handled by ARI.
     */
    public void transferProgress(String channelId, String state) throws RestException {
        post("/channels/" + encode(channelId) + "/transfer_progress?states=" + encode(state), null);
    }

    /**
     * Sends the channel out of Stasis to {@code context}, {@code extension}, priority 1 of the dialplan (ARI
     * "Channels.continueInDialplan"): how the app reaches a dialplan application ARI has no request for.
     */
    public void continueInDialplan(String channelId, String context, String extension) throws RestException {
        post("/channels/" + encode(channelId) + "/continue?context=" + encode(context) + "&extension="
                + encode(extension) + "&priority=1", null);
    }

    /** Stops a playback started with {@link #play}; false when it had ended already (ARI 404). */
    public boolean stopPlayback(String playbackId) throws RestException {
        try {
            rest().request("DELETE", "/playbacks/" + encode(playbackId), null);
            return true;
        } catch (RestException e) {
            if (e.getCode() == 404) return false;
            throw e;
        }
    }

    public void ringStop(String channelId) throws RestException {
        rest().request("DELETE", "/channels/" + encode(channelId) + "/ring", null);
    }

    public void sendDtmf(String channelId, String digits) throws RestException {
        post("/channels/" + encode(channelId) + "/dtmf?dtmf=" + encode(digits), null);
    }

    /** Sets one channel variable (e.g. the ownership marker of a caller's channel). */
    public void setVariable(String channelId, String name, String value) throws RestException {
        post("/channels/" + encode(channelId) + "/variable?variable=" + encode(name) + "&value=" + encode(value), null);
    }

    /**
     * The RTP statistics of a channel with an RTP stream (chan_pjsip); empty when the channel is gone or has no
     * RTP instance (ARI answers 404 for both). Throws {@link RestException} for any other failure, or an answer
     * that is not an {@code RTPstat}.
     */
    public Optional<AriRtpStatistics> rtpStatistics(String channelId) throws RestException {
        byte[] answer;
        try {
            answer = rest().request("GET", "/channels/" + encode(channelId) + "/rtp_statistics", null);
        } catch (RestException e) {
            if (e.getCode() == 404) return Optional.empty();
            throw e;
        }
        try {
            return Optional.of(AriRtpStatistics.parse(answer));
        } catch (IOException e) {
            throw new RestException("RTP statistics of " + channelId + ": unreadable answer: " + e.getMessage());
        }
    }

    /** The channel's current snapshot; empty when it no longer exists. For recovery, not the call path. */
    public Optional<Channel> get(String channelId) throws RestException {
        try {
            return Optional.of(connection.ari().channels().get(channelId).execute());
        } catch (RestException e) {
            if (e.getCode() == 404) return Optional.empty();
            throw e;
        }
    }

    /** Every channel in Asterisk. For recovery, not the call path. */
    public List<Channel> list() throws RestException {
        return connection.ari().channels().list().execute();
    }

    private byte[] post(String pathAndQuery, String body) throws RestException {
        return rest().request("POST", pathAndQuery, body);
    }

    private AriHttpClient rest() {
        return connection.rest();
    }

    /** ARI's request body for channel variables: {@code {"variables":{"NAME":"value",…}}}. */
    static String variablesBody(Map<String, String> variables) {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeObjectFieldStart("variables");
            for (Map.Entry<String, String> v : variables.entrySet()) json.writeStringField(v.getKey(), v.getValue());
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
