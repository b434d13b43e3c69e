package io.callbridge.ari;

import static io.callbridge.ari.AriHttpClient.encode;

import ch.loway.oss.ari4java.tools.RestException;
import jakarta.enterprise.context.ApplicationScoped;

/** Asterisk's loadable modules, over ARI. Blocking; not for the call path. */
@ApplicationScoped
public class AriModules {

    private final AriConnection connection;

    AriModules(AriConnection connection) {
        this.connection = connection;
    }

    /** Reloads {@code module} (e.g. {@code res_musiconhold.so}), which re-reads its configuration: {@code PUT /asterisk/modules/{module}}. */
    public void reload(String module) throws RestException {
        connection.rest().request("PUT", "/asterisk/modules/" + encode(module), null);
    }
}
