package io.callbridge.api.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "callbridge.api")
public interface ApiConfig {

    /**
     * The bootstrap keys that open {@code /api}; comma-separated, fed by {@code CALLBRIDGE_API_KEY}. Several
     * keys let a key be rotated without downtime. They always work, beside the keys created through
     * {@code /api/keys}; with neither, every API request is refused.
     */
    Optional<List<String>> keys();

    /**
     * How often each instance re-reads the stored API keys. A key created or revoked through another
     * instance applies here within this time; through this instance, at once.
     */
    @WithDefault("30s")
    Duration keyRefresh();
}
