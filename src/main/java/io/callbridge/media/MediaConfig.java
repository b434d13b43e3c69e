package io.callbridge.media;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "callbridge.media")
public interface MediaConfig {

    /** Address of the app's RTP socket; Asterisk's externalMedia channels send there. */
    @WithDefault("127.0.0.1")
    String rtpHost();

    /** One UDP socket serves every call; calls are told apart by Asterisk's source port. 0 = any free port. */
    @WithDefault("40000")
    int rtpPort();

    /** How much agent audio may wait to be played; beyond it the oldest is dropped and counted. */
    @WithDefault("60s")
    Duration playoutBuffer();

    /**
     * Whether a raw agent at 16 or 24 kHz talking with a wideband caller (G.722, Opus …) gets its audio to the
     * caller at its own rate, over a chan_websocket externalMedia leg; when false, or for a narrowband caller,
     * the leg is RTP at 8 kHz (docs/architecture.md, "Media path").
     */
    @WithDefault("true")
    boolean widebandWebsocket();
}
