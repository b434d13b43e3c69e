package io.callbridge.quality;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Histograms of the caller leg's quality, one observation per answered call at its end (buckets:
 * {@code LatencyHistograms}); registered at start so dashboards see them before the first call. The loss is the
 * worse of the two directions the call has figures for.
 */
@Startup
@ApplicationScoped
public class QualityMetrics {

    private final DistributionSummary loss;
    private final DistributionSummary jitter;
    private final DistributionSummary mos;

    QualityMetrics(MeterRegistry meters) {
        loss = DistributionSummary.builder("callbridge.caller.loss.percent")
                .description("Caller leg packet loss at call end, worse direction, percent").register(meters);
        jitter = DistributionSummary.builder("callbridge.caller.jitter.ms")
                .description("Caller leg interarrival jitter at call end (caller to Asterisk), milliseconds")
                .register(meters);
        mos = DistributionSummary.builder("callbridge.caller.mos")
                .description("Caller leg estimated MOS at call end (ITU-T G.107 E-model)").register(meters);
    }

    /** Records one ended call's caller-leg figures; nothing for null (never sampled). */
    public void record(CallerQuality q) {
        if (q == null) return;
        loss.record(Math.max(q.lossInPercent(), q.lossOutPercent() == null ? 0 : q.lossOutPercent()));
        jitter.record(q.jitterInMs());
        mos.record(q.mos());
    }
}
