package io.callbridge.trunk;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which calls the SIP edge lets in from outside ({@code callbridge.sip.inbound-policy}; docs/carriers.md). */
@ConfigMapping(prefix = "callbridge.sip")
public interface InboundConfig {

    /**
     * {@code trunks}: only calls from a trunk's source addresses, registered users and trusted peers (others are
     * refused with 403); {@code open}: any caller. Written to Kamailio's table {@code edge_flags} at start.
     */
    @WithDefault("trunks")
    InboundPolicy inboundPolicy();

    /** {@link #inboundPolicy()}'s values. */
    enum InboundPolicy {
        /** Calls from anywhere are let in (a development stack, a closed network). */
        OPEN,
        /** Only trunks, registered users and trusted peers may call in. */
        TRUNKS
    }
}
