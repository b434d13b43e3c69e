package io.callbridge.ari;

import static io.callbridge.ari.AriHttpClient.encode;

import ch.loway.oss.ari4java.generated.models.Bridge;
import ch.loway.oss.ari4java.tools.RestException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The bridge operations calls need. Blocking, and straight to ARI's REST interface on the call path, like
 * {@link AriChannels}.
 */
@ApplicationScoped
public class AriBridges {

    private final AriConnection connection;

    AriBridges(AriConnection connection) {
        this.connection = connection;
    }

    /** Creates a mixing bridge; {@code name} carries its ownership marker ({@link Ownership}). */
    public void createMixing(String bridgeId, String name) throws RestException {
        connection.rest().request("POST",
                "/bridges?type=mixing&bridgeId=" + encode(bridgeId) + "&name=" + encode(name), null);
    }

    /**
     * Adds channels to the bridge, in one request (ARI takes a comma-separated list). A channel ARI has just
     * created (externalMedia) may not be in Stasis yet: see {@link InStasis}.
     */
    public void add(String bridgeId, String... channelIds) throws RestException {
        StringBuilder channels = new StringBuilder();
        for (String id : channelIds) {
            if (!channels.isEmpty()) channels.append(',');
            channels.append(encode(id));
        }
        String pathAndQuery = "/bridges/" + encode(bridgeId) + "/addChannel?channel=" + channels;
        InStasis.retry(() -> connection.rest().request("POST", pathAndQuery, null));
    }

    /**
     * Takes a channel out of the bridge; it stays in Stasis (hold takes the agent's media leg out this way).
     * Returns false when the channel was not in the bridge (ARI 422) or the bridge is gone (404).
     */
    public boolean remove(String bridgeId, String channelId) throws RestException {
        try {
            connection.rest().request("POST", "/bridges/" + encode(bridgeId) + "/removeChannel?channel="
                    + encode(channelId), null);
            return true;
        } catch (RestException e) {
            if (e.getCode() == 404 || e.getCode() == 422) return false;
            throw e;
        }
    }

    /**
     * Plays music on hold of class {@code mohClass} (null: Asterisk's {@code default}) to everyone in the bridge,
     * or changes the class already playing. Asterisk keeps playing it whatever happens to the app.
     */
    public void startMoh(String bridgeId, String mohClass) throws RestException {
        connection.rest().request("POST", "/bridges/" + encode(bridgeId) + "/moh"
                + (mohClass == null ? "" : "?mohClass=" + encode(mohClass)), null);
    }

    /** Stops the bridge's music on hold; false when none was playing (ARI 409) or the bridge is gone (404). */
    public boolean stopMoh(String bridgeId) throws RestException {
        try {
            connection.rest().request("DELETE", "/bridges/" + encode(bridgeId) + "/moh", null);
            return true;
        } catch (RestException e) {
            if (e.getCode() == 404 || e.getCode() == 409) return false;
            throw e;
        }
    }

    /** Returns false when the bridge was already gone. */
    public boolean destroy(String bridgeId) throws RestException {
        try {
            connection.rest().request("DELETE", "/bridges/" + encode(bridgeId), null);
            return true;
        } catch (RestException e) {
            if (e.getCode() == 404) return false;
            throw e;
        }
    }

    /** Every bridge in Asterisk. For recovery, not the call path. */
    public List<Bridge> list() throws RestException {
        return connection.ari().bridges().list().execute();
    }
}
