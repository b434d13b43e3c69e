package io.callbridge.sip;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the app reaches Kamailio ({@code callbridge.sip.*}; docs/sip-edge.md). */
@ConfigMapping(prefix = "callbridge.sip")
public interface SipConfig {

    /** Kamailio's JSON-RPC endpoint (jsonrpcs over HTTP, loopback only: kamailio/rpc.cfg). */
    @WithDefault("http://127.0.0.1:5066/RPC")
    String rpcUrl();

    /** How long one JSON-RPC request may take, connecting included, before Kamailio counts as unreachable. */
    @WithDefault("3s")
    Duration rpcTimeout();
}
