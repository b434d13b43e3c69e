package io.callbridge.call;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "callbridge.calls")
public interface CallConfig {

    /** What an answered call hears before the media bridge takes over (an ARI media URI). */
    @WithDefault("sound:hello-world")
    String greeting();

    /** On shutdown, how long running calls may go on before they are hung up with {@code shutdown}. */
    @WithDefault("30s")
    Duration drainTimeout();
}
