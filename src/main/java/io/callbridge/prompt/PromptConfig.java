package io.callbridge.prompt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Where prompt audio is rendered and cached, and the limits on it ({@code callbridge.prompts.*}; docs/flows.md). */
@ConfigMapping(prefix = "callbridge.prompts")
public interface PromptConfig {

    /**
     * The cache directory as this app sees it: {@code speech/} holds rendered text, {@code audio/} fetched URLs.
     * Asterisk must be able to read it (the same disk, or a volume shared by every app instance and Asterisk node).
     */
    @WithDefault("/var/lib/callbridge/prompts")
    String directory();

    /** The same directory as Asterisk sees it, when that differs (a chroot, another mount point); default: {@link #directory()}. */
    Optional<String> asteriskDirectory();

    /** The flite executable (Debian package {@code flite}) that renders speech. */
    @WithDefault("flite")
    String flite();

    /** The longest a speech rendering may take before it counts as failed. */
    @WithDefault("PT30S")
    Duration renderTimeout();

    /** The longest {@code <Say>} text rendered, in characters (Twilio's limit is 4,096). */
    @WithDefault("4096")
    int maxTextLength();

    /** How long a fetched audio URL is played from the cache before it is fetched again. */
    @WithDefault("PT1H")
    Duration audioMaxAge();

    /** Connect and read timeout of an audio URL fetch. */
    @WithDefault("PT10S")
    Duration fetchTimeout();

    /** The largest audio file fetched, in bytes (a longer answer fails the prompt). */
    @WithDefault("26214400")
    long maxAudioBytes();
}
