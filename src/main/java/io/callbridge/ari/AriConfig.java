package io.callbridge.ari;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How the app reaches Asterisk's REST Interface. */
@ConfigMapping(prefix = "callbridge.ari")
public interface AriConfig {

    /** Base URL of Asterisk's HTTP server, without the trailing {@code ari/}. */
    @WithDefault("http://127.0.0.1:8088/")
    String url();

    @WithDefault("callbridge")
    String user();

    String password();

    /** The Stasis application every call is handed to ({@code Stasis(callbridge,…)} in the dialplan). */
    @WithDefault("callbridge")
    String app();

    /**
     * This instance's name in the ownership markers it writes on channels and bridges ({@link Ownership}) and
     * on CDRs. Must stay the same across restarts (so a restarted app adopts its calls) and differ between
     * instances sharing a database or an Asterisk node. Default: {@code <app>@<hostname>}.
     */
    Optional<String> instanceId();

    /**
     * The Asterisk node this instance drives, as Kamailio's dispatcher names it (the {@code duid} of its entry in
     * set 1, kamailio/dispatcher.list): written with the instance's heartbeat so that {@code GET /api/nodes} can
     * count each node's calls.
     */
    @WithDefault("asterisk-1")
    String mediaNode();

    /** First wait before reconnecting; doubles on each failure up to {@link #reconnectMaxDelay()}. */
    @WithDefault("500ms")
    Duration reconnectMinDelay();

    @WithDefault("5s")
    Duration reconnectMaxDelay();

    /** The events socket is pinged when quiet this long; ari4java's own ping runs only every 5 minutes. */
    @WithDefault("2s")
    Duration pingInterval();

    /** No frame (event or pong) for this long means the socket is dead. Must stay under 10 s. */
    @WithDefault("6s")
    Duration deadAfter();

    /** Timeout of each ARI HTTP request. */
    @WithDefault("5s")
    Duration requestTimeout();
}
