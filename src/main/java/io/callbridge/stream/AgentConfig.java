package io.callbridge.stream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

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

    /**
     * Largest single WebSocket frame the app reads from an agent, in bytes. A message over 1 MiB is dropped
     * and counted ({@code too_large}) and the stream goes on; one frame over this limit cannot be read at
     * all: the app closes the socket with 1009 (Message Too Big, RFC 6455 7.4.1) and the route's
     * onAgentFailure applies at once.
     */
    @WithDefault("2097152")
    int maxFrameBytes();

    /** The agent's socket is pinged when it has been quiet this long. */
    @WithDefault("5s")
    Duration pingInterval();

    /**
     * No frame and no pong from the agent for this long means the socket is dead (a half-open connection,
     * an agent that stopped reading): it is dropped and reopened like any dropped socket.
     */
    @WithDefault("15s")
    Duration deadAfter();

    /** Caller digits kept while the socket is not open; older ones are dropped and counted. */
    @WithDefault("32")
    int pendingDtmf();

    /**
     * DTMF requests from the agent that may wait for the call to play them (each is an ARI request); more
     * are dropped and counted.
     */
    @WithDefault("4")
    int pendingAgentDtmf();

    /**
     * The secret that signs each handshake with {@code X-Twilio-Signature}, as Twilio signs its Media
     * Streams upgrade request with the account's auth token (base64 HMAC-SHA1 of the agent URL, query
     * included). Unset: handshakes are not signed.
     */
    Optional<String> authToken();
}
