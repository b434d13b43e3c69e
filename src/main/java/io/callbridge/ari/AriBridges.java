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
