package io.callbridge.stream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the app keeps its WebSocket to each call's agent. */
@ConfigMapping(prefix = "callbridge.agent")
public interface AgentConfig {

    @WithDefault("5s")
    Duration connectTimeout();

    /**
     * After the socket fails to open or drops, how long to keep reconnecting (the caller hears silence)
     * before the route's onAgentFailure applies.
     */
    @WithDefault("10s")
    Duration reconnectWindow();

    @WithDefault("200ms")
    Duration reconnectMinDelay();

    @WithDefault("2s")
    Duration reconnectMaxDelay();

    /** Caller audio kept while the socket is not open (at start, during a reconnect); older is dropped. */
    @WithDefault("2s")
    Duration pendingAudio();

    /** Concurrent WebSockets to one agent host:port (one per call). */
    @WithDefault("10000")
    int maxSocketsPerAgent();

    /** Largest frame accepted from an agent; larger ones are refused as malformed, the call goes on. */
    @WithDefault("2097152")
    int maxFrameBytes();
}
