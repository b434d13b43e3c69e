package io.callbridge.quality;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the caller leg's RTP statistics are sampled ({@code callbridge.quality.*}). */
@ConfigMapping(prefix = "callbridge.quality")
public interface QualityConfig {

    /**
     * Time between two samples of an answered call's RTP statistics (one ARI request each). The CDR keeps the
     * last one; a call the app hangs up takes a final sample first, while one the caller hangs up has none left
     * to take (Asterisk drops them with the channel), so its last sample is up to this old. Several seconds,
     * not one: every sample is an ARI request on the call path, and Asterisk's loss count only moves with its
     * RTCP reports (every 5 s).
     */
    @WithDefault("10s")
    Duration sampleInterval();

    /**
     * From the answer to the first sample: just past Asterisk's first RTCP report (rtp.conf {@code rtcpinterval},
     * 5 s by default), before which its loss count is still 0. A call shorter than this that the caller hangs
     * up has no caller-leg figures.
     */
    @WithDefault("6s")
    Duration firstSample();
}
