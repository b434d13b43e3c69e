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

    /**
     * The Asterisk PJSIP endpoint that calls to users of the edge's own domains leave through
     * (asterisk/pjsip.conf: Kamailio as outbound proxy): a SIP URI whose host is in {@code kamailio.domain}
     * is dialed as {@code PJSIP/<edge-endpoint>/<uri>}, and Kamailio rings every registered contact.
     */
    @WithDefault("edge")
    String edgeEndpoint();

    /**
     * The Asterisk PJSIP endpoint calls for numbers leave through when carrier trunks are enabled
     * (asterisk/pjsip.conf: Kamailio, which picks the trunk and gateway, kamailio/trunkout.cfg): a number is
     * dialed as {@code PJSIP/<number>@<trunks-endpoint>}.
     */
    @WithDefault("trunks")
    String trunksEndpoint();

    /** How long an outbound call or a transfer may ring before it is given up as no answer. */
    @WithDefault("30s")
    Duration ringTimeout();
}
