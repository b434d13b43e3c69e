package io.callbridge.call;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Calls Callbridge places: outbound calls from the API, transfers, onAgentFailure forwarding. */
@ConfigMapping(prefix = "callbridge.outbound")
public interface OutboundConfig {

    /**
     * The Asterisk PJSIP endpoint calls leave through (asterisk/pjsip.conf): a number is dialed as
     * {@code PJSIP/<number>@<endpoint>}, a SIP URI as {@code PJSIP/<endpoint>/<uri>}.
     */
    @WithDefault("outbound")
    String endpoint();

    /** How long an outbound call or a transfer may ring before it is given up as no answer. */
    @WithDefault("30s")
    Duration ringTimeout();
}
