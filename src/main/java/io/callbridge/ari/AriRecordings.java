package io.callbridge.ari;

import static io.callbridge.ari.AriHttpClient.encode;

import ch.loway.oss.ari4java.tools.RestException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;

/**
 * What call recording needs of ARI: snoop channels on a caller's channel, a recording of each, mute (silence
 * of the same length in the file), stop, and the stored file read back over HTTP (so the app needs no access
 * to Asterisk's disk). Blocking: never call from the events socket's thread.
 */
@ApplicationScoped
public class AriRecordings {

    /**
     * The ids of snoop channels start with this: they enter our Stasis application, and call handling must not
     * take their StasisStart for a new call.
     */
    public static final String SNOOP_PREFIX = "cb-rs-";

    /** What a snoop channel hears of the channel it spies on. */
    public enum Spy {
        /** What the channel's far end sends: the caller's voice. */
        IN("in"),
        /** What is sent to the channel: everything the caller hears (the agent, or the human after a transfer). */
        OUT("out");

        final String ari;

        Spy(String ari) {
            this.ari = ari;
        }
    }

    private final AriConnection connection;

    AriRecordings(AriConnection connection) {
        this.connection = connection;
    }

    /**
     * Creates snoop channel {@code snoopId} (starting with {@link #SNOOP_PREFIX}) on {@code channelId}, in our
     * Stasis application, carrying {@code variables} (its ownership marker).
     */
    public void snoop(String channelId, String snoopId, Spy spy, Map<String, String> variables) throws RestException {
        rest().request("POST", "/channels/" + encode(channelId) + "/snoop?spy=" + spy.ari + "&app="
                + encode(connection.app()) + "&snoopId=" + encode(snoopId), null);
        // ARI answers the snoop request before the new channel has entered Stasis (409 until then).
        for (Map.Entry<String, String> v : variables.entrySet()) {
            InStasis.retry(() -> rest().request("POST", "/channels/" + encode(snoopId) + "/variable?variable="
                    + encode(v.getKey()) + "&value=" + encode(v.getValue()), null));
        }
    }

    /** Starts recording what {@code channelId} hears into stored recording {@code name} (WAV, 8 kHz mono). */
    public void record(String channelId, String name) throws RestException {
        InStasis.retry(() -> rest().request("POST", "/channels/" + encode(channelId) + "/record?name=" + encode(name)
                + "&format=wav&ifExists=fail&beep=false&maxDurationSeconds=0&maxSilenceSeconds=0", null));
    }

    /**
     * Starts recording what the caller on {@code channelId} says into stored recording {@code name} (WAV, 8 kHz
     * mono), as TwiML's {@code <Record>} does: Asterisk ends it after {@code maxSeconds}, or after
     * {@code maxSilenceSeconds} of silence (0: never), and plays a beep first when {@code beep}.
     */
    public void recordMessage(String channelId, String name, int maxSeconds, int maxSilenceSeconds, boolean beep)
            throws RestException {
        rest().request("POST", "/channels/" + encode(channelId) + "/record?name=" + encode(name)
                + "&format=wav&ifExists=fail&beep=" + beep + "&maxDurationSeconds=" + maxSeconds
                + "&maxSilenceSeconds=" + maxSilenceSeconds + "&terminateOn=none", null);
    }

    /** Mutes ({@code true}) or unmutes a live recording: while muted, Asterisk writes silence of the same length. */
    public void mute(String name, boolean muted) throws RestException {
        rest().request(muted ? "POST" : "DELETE", "/recordings/live/" + encode(name) + "/mute", null);
    }

    /** Stops a live recording (it becomes a stored one); false when it was not live (any more). */
    public boolean stop(String name) throws RestException {
        try {
            rest().request("POST", "/recordings/live/" + encode(name) + "/stop", null);
            return true;
        } catch (RestException e) {
            if (e.getCode() == 404) return false;
            throw e;
        }
    }

    /** Whether live recording {@code name} still runs. */
    public boolean isLive(String name) throws RestException {
        try {
            rest().request("GET", "/recordings/live/" + encode(name), null);
            return true;
        } catch (RestException e) {
            if (e.getCode() == 404) return false;
            throw e;
        }
    }

    /** The stored recording's file (a WAV), or empty when there is none (yet). */
    public Optional<byte[]> storedFile(String name) throws RestException {
        try {
            return Optional.of(rest().request("GET", "/recordings/stored/" + encode(name) + "/file", null));
        } catch (RestException e) {
            if (e.getCode() == 404) return Optional.empty();
            throw e;
        }
    }

    /** Deletes a stored recording from Asterisk; false when there was none. */
    public boolean deleteStored(String name) throws RestException {
        try {
            rest().request("DELETE", "/recordings/stored/" + encode(name), null);
            return true;
        } catch (RestException e) {
            if (e.getCode() == 404) return false;
            throw e;
        }
    }

    /** Hangs up a snoop channel; false when it was gone already. */
    public boolean hangup(String channelId) throws RestException {
        try {
            rest().request("DELETE", "/channels/" + encode(channelId), null);
            return true;
        } catch (RestException e) {
            if (e.getCode() == 404) return false;
            throw e;
        }
    }

    /** Whether channel {@code channelId} exists. */
    public boolean exists(String channelId) throws RestException {
        try {
            rest().request("GET", "/channels/" + encode(channelId), null);
            return true;
        } catch (RestException e) {
            if (e.getCode() == 404) return false;
            throw e;
        }
    }

    private AriHttpClient rest() {
        return connection.rest();
    }
}
