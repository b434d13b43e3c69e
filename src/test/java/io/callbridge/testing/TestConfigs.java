package io.callbridge.testing;

import io.callbridge.media.MediaConfig;
import io.callbridge.stream.AgentConfig;
import java.time.Duration;
import java.util.Optional;

/**
 * Configs for tests and benchmarks that build the media relay's parts without Quarkus: records whose
 * accessors are the config interfaces' methods, with the documented defaults.
 */
public final class TestConfigs {

    private TestConfigs() {
    }

    /** {@link MediaConfig} on loopback: {@code rtpPort} 0 takes any free port. */
    public record Media(String rtpHost, int rtpPort, Duration playoutBuffer, boolean widebandWebsocket)
            implements MediaConfig {

        /** Loopback, any free port, a playout buffer of {@code playoutBuffer}. */
        public static Media loopback(int rtpPort, Duration playoutBuffer) {
            return new Media("127.0.0.1", rtpPort, playoutBuffer, true);
        }
    }

    /** {@link AgentConfig}; {@link #defaults()} are those of {@code callbridge.agent.*}, no auth token. */
    public record Agent(Duration connectTimeout, Duration reconnectWindow, Duration reconnectMinDelay,
                        Duration reconnectMaxDelay, Duration pendingAudio, int maxSocketsPerAgent, int maxFrameBytes,
                        Duration pingInterval, Duration deadAfter, int pendingDtmf, int pendingAgentDtmf,
                        Optional<String> authToken) implements AgentConfig {

        /** The defaults of {@link AgentConfig}, with room for 100 sockets per agent. */
        public static Agent defaults() {
            return new Agent(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofMillis(200),
                    Duration.ofSeconds(2), Duration.ofSeconds(2), 100, 2097152, Duration.ofSeconds(5),
                    Duration.ofSeconds(15), 32, 4, Optional.empty());
        }

        /** The same with at most {@code sockets} WebSockets per agent host:port. */
        public Agent withMaxSocketsPerAgent(int sockets) {
            return new Agent(connectTimeout, reconnectWindow, reconnectMinDelay, reconnectMaxDelay, pendingAudio,
                    sockets, maxFrameBytes, pingInterval, deadAfter, pendingDtmf, pendingAgentDtmf, authToken);
        }

        /** The same with at most {@code digits} caller digits waiting for the agent to connect. */
        public Agent withPendingDtmf(int digits) {
            return new Agent(connectTimeout, reconnectWindow, reconnectMinDelay, reconnectMaxDelay, pendingAudio,
                    maxSocketsPerAgent, maxFrameBytes, pingInterval, deadAfter, digits, pendingAgentDtmf, authToken);
        }
    }
}
