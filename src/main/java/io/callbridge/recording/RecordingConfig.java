package io.callbridge.recording;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** Where recordings are kept and how they are finished (docs/recording.md). Retention is a runtime setting. */
@ConfigMapping(prefix = "callbridge.recordings")
public interface RecordingConfig {

    /**
     * The directory of the stereo WAV files. Every instance of a deployment must see the same directory (a
     * shared volume), as every instance serves the whole API.
     */
    @WithDefault("recordings")
    Path directory();

    /** How long finishing a recording waits for Asterisk to hand over its two stored files. */
    @WithDefault("20s")
    Duration fetchTimeout();

    /**
     * The base URL clients reach this API at (e.g. {@code https://voice.example.com}), for the RecordingUrl of
     * Twilio-style callbacks; without it, RecordingUrl is a path ({@code /api/recordings/RE…/audio}).
     */
    java.util.Optional<String> publicUrl();

    /** How often recordings older than the retention setting are deleted. */
    @WithDefault("1h")
    Duration purgeInterval();
}
