package io.callbridge.api.auth;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "callbridge.api")
public interface ApiConfig {

    /**
     * The bearer keys that open {@code /api}; comma-separated, fed by {@code CALLBRIDGE_API_KEY}. Several
     * keys let a key be rotated without downtime. Empty when unset, and then every API request is refused.
     */
    Optional<List<String>> keys();
}
