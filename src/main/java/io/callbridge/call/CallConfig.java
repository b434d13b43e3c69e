package io.callbridge.call;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The fixed call properties; the drain timeout and the call limit are runtime settings (config.SettingDefaults). */
@ConfigMapping(prefix = "callbridge.calls")
public interface CallConfig {

    /** The account id agents see in twilio {@code start}/{@code stop} messages ({@code AC} + 32 hex). */
    @WithDefault("AC00000000000000000000000000000000")
    String accountSid();
}
