package io.callbridge.node;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** How the other app instances reach this one (docs/scaling.md). */
@ConfigMapping(prefix = "callbridge.instance")
public interface InstanceConfig {

    /**
     * The base URL of this instance's REST API as the other instances reach it ({@code http://10.0.0.12:8080}), where
     * requests about a call this instance owns that reach another instance are forwarded. Default:
     * {@code http://127.0.0.1:<quarkus.http.port>}, right only when every instance runs on one host.
     */
    Optional<String> address();
}
