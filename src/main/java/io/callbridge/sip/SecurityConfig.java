package io.callbridge.sip;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Attack protection, the app's side (the limits themselves are Kamailio's: kamailio/protect.cfg). */
@ConfigMapping(prefix = "callbridge.security")
public interface SecurityConfig {

    /** How often Kamailio's security events (bans, failure bursts) are taken from the database. */
    @WithDefault("1s")
    Duration eventPoll();
}
