package io.callbridge.ari;

import ch.loway.oss.ari4java.generated.models.Bridge;
import ch.loway.oss.ari4java.tools.RestException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The bridge operations calls need. Blocking, like {@link AriChannels}. */
@ApplicationScoped
public class AriBridges {

    private final AriConnection connection;

    AriBridges(AriConnection connection) {
        this.connection = connection;
    }

    /** Creates a mixing bridge; {@code name} carries its ownership marker ({@link Ownership}). */
    public void createMixing(String bridgeId, String name) throws RestException {
        connection.ari().bridges().create().setType("mixing").setBridgeId(bridgeId).setName(name).execute();
    }

    /** Adds a channel; one ARI has just created (externalMedia) may not be in Stasis yet: see {@link InStasis}. */
    public void add(String bridgeId, String channelId) throws RestException {
        InStasis.retry(() -> connection.ari().bridges().addChannel(bridgeId, channelId).execute());
    }

    /** Returns false when the bridge was already gone. */
    public boolean destroy(String bridgeId) throws RestException {
        try {
            connection.ari().bridges().destroy(bridgeId).execute();
            return true;
        } catch (RestException e) {
            if (e.getCode() == 404) return false;
            throw e;
        }
    }

    public List<Bridge> list() throws RestException {
        return connection.ari().bridges().list().execute();
    }
}
