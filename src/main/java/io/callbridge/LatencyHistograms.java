package io.callbridge;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * The histogram buckets of every Callbridge latency and distribution, in one table: Prometheus gets
 * {@code _bucket{le=…}} series that aggregate across instances and answer {@code histogram_quantile}, where
 * client-side percentiles cannot be summed and read 0 once their short window has passed. The buckets are
 * fixed (bounded cardinality) and span what each figure does on a healthy and on a struggling node.
 */
public class LatencyHistograms {

    private static final Map<String, double[]> BUCKETS = Map.of(
            // answer to first audio sent to the agent: connect + handshake + first frame
            "callbridge.agent.first.audio", nanos(ms(20), ms(50), ms(100), ms(200), ms(500),
                    Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)),
            // RFC 3550 interarrival jitter at call end, in milliseconds (a distribution summary)
            "callbridge.media.jitter.ms", new double[] {1, 2, 5, 10, 20, 30, 50, 100, 200},
            // the caller leg at call end (Asterisk's RTP statistics of the caller's channel): loss in percent,
            // interarrival jitter in milliseconds, estimated MOS (G.107: 4.41 is a perfect G.711 call)
            "callbridge.caller.loss.percent", new double[] {0.1, 0.5, 1, 2, 3, 5, 10, 20, 50},
            "callbridge.caller.jitter.ms", new double[] {1, 2, 5, 10, 20, 30, 50, 100, 200},
            "callbridge.caller.mos", new double[] {1.5, 2, 2.5, 3, 3.5, 3.8, 4, 4.2, 4.4},
            // how late a playout tick started; a tick is 20 ms, a resync happens past 100 ms
            "callbridge.media.clock.lateness", nanos(Duration.ofNanos(100_000), Duration.ofNanos(500_000), ms(1), ms(2),
                    ms(5), ms(10), ms(20), ms(50), ms(100)),
            // how long one tick took to send a frame to every leg
            "callbridge.media.clock.work", nanos(Duration.ofNanos(50_000), Duration.ofNanos(100_000),
                    Duration.ofNanos(200_000), Duration.ofNanos(500_000), ms(1), ms(2), ms(5), ms(10), ms(20)));

    /** Applied by Quarkus to the registry before any meter is registered (a MeterFilter bean). */
    @Produces
    @Singleton
    static MeterFilter buckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                double[] buckets = BUCKETS.get(id.getName());
                if (buckets == null) return config;
                return DistributionStatisticConfig.builder().serviceLevelObjectives(buckets).build().merge(config);
            }
        };
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    private static double[] nanos(Duration... bounds) {
        return Arrays.stream(bounds).mapToDouble(Duration::toNanos).toArray();
    }
}
