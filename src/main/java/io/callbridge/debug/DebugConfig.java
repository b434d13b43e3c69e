package io.callbridge.debug;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Debug mode ({@code callbridge.debug.*}; docs/troubleshooting.md, "Debug mode"). */
@ConfigMapping(prefix = "callbridge.debug")
public interface DebugConfig {

    /** The longest a debug entry may last, in minutes (a forgotten entry must not trace a number for good). */
    @WithDefault("1440")
    int maxMinutes();

    /**
     * How often the app applies the stored entries to Kamailio again (its htable "debug" and siptrace's switch)
     * and drops expired ones: what a Kamailio restart lost is back within this interval.
     */
    @WithDefault("30s")
    Duration sync();

    /** How long captured messages stay in {@code kamailio.sip_trace}; older rows are deleted by the sync. */
    @WithDefault("7d")
    Duration traceRetention();

    /** The log category raised to DEBUG while any entry is live, and restored when none is. */
    @WithDefault("io.callbridge")
    String verboseCategory();
}
