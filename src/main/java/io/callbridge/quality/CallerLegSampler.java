package io.callbridge.quality;

import ch.loway.oss.ari4java.tools.RestException;
import io.callbridge.ari.AriChannels;
import io.callbridge.ari.AriRtpStatistics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Samples Asterisk's RTP statistics of callers' channels ({@code GET /channels/{id}/rtp_statistics}) into
 * {@link CallerQuality}. Blocking (one ARI request): call from the call's own executor. A failure or a channel
 * already gone keeps the call's last sample; it never fails the call.
 */
@ApplicationScoped
public class CallerLegSampler {

    private static final Logger LOG = Logger.getLogger(CallerLegSampler.class);

    private final AriChannels channels;
    private final QualityConfig config;
    private final QualityMetrics metrics;

    CallerLegSampler(AriChannels channels, QualityConfig config, QualityMetrics metrics) {
        this.channels = channels;
        this.config = config;
        this.metrics = metrics;
    }

    /** From the answer to the first sample. */
    public Duration firstSample() {
        return config.firstSample();
    }

    /** Time between two samples of an answered call. */
    public Duration interval() {
        return config.sampleInterval();
    }

    /** A new, empty record of the caller leg of the call on {@code channelId}. */
    public Leg leg(String channelId) {
        return new Leg(channelId);
    }

    /** The caller leg of one call: its last sample. Used from the call's executor only. */
    public final class Leg {
        private final String channelId;
        private CallerQuality last;
        private boolean ended;

        private Leg(String channelId) {
            this.channelId = channelId;
        }

        /** Takes a sample; keeps the last one when Asterisk has none to give (channel gone) or fails. */
        public void sample() {
            if (ended) return;
            try {
                Optional<AriRtpStatistics> stats = channels.rtpStatistics(channelId);
                if (stats.isEmpty()) {
                    LOG.debugf("no RTP statistics for channel %s (gone)", channelId);
                    return;
                }
                if (LOG.isDebugEnabled()) LOG.debugf("RTP statistics of %s: %s", channelId, stats.get());
                last = CallerQuality.of(stats.get(), Instant.now());
            } catch (RestException | RuntimeException e) {
                LOG.debugf("sampling RTP statistics of channel %s failed: %s", channelId, e.getMessage());
            }
        }

        /** The last sample, null when none was taken. */
        public CallerQuality last() {
            return last;
        }

        /**
         * The call ended: no more samples; the last one goes to the histograms and is returned for the CDR
         * (null when none was taken).
         */
        public CallerQuality end() {
            if (!ended) {
                ended = true;
                metrics.record(last);
            }
            return last;
        }
    }
}
