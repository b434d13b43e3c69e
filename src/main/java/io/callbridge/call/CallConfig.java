package io.callbridge.call;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "callbridge.calls")
public interface CallConfig {

    /** The account id agents see in twilio {@code start}/{@code stop} messages ({@code AC} + 32 hex). */
    @WithDefault("AC00000000000000000000000000000000")
    String accountSid();

    /** On shutdown, how long running calls may go on before they are hung up with {@code shutdown}. */
    @WithDefault("30s")
    Duration drainTimeout();
}
