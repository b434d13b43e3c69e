package io.callbridge.call;

import io.callbridge.media.MediaQuality;
import io.callbridge.stream.AgentFigures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Call metrics for /q/metrics: active calls, ended calls by termination, and aggregate media quality. */
@ApplicationScoped
public class CallMetrics {

    private final MeterRegistry meters;
    private final Map<Termination.Result, Counter> ended = new ConcurrentHashMap<>();

    CallMetrics(MeterRegistry meters, CallRegistry registry) {
        this.meters = meters;
        Gauge.builder("callbridge.calls.active", registry, CallRegistry::size)
                .description("Calls in progress").register(meters);
    }

    /** Adds one ended call's media figures to the aggregate quality metrics. */
    void quality(MediaQuality q, AgentFigures agent) {
        if (q != null) {
            count("callbridge.media.packets", "RTP packets", q.packetsIn(), "direction", "in");
            count("callbridge.media.packets", "RTP packets", q.packetsOut(), "direction", "out");
            count("callbridge.media.bytes", "RTP payload bytes", q.bytesIn(), "direction", "in");
            count("callbridge.media.bytes", "RTP payload bytes", q.bytesOut(), "direction", "out");
            count("callbridge.media.packets.lost", "Caller RTP packets lost (RFC 3550)", q.packetsLost());
            count("callbridge.media.packets.out.of.order", "Caller RTP packets out of order", q.packetsOutOfOrder());
            count("callbridge.media.frames.dropped", "Agent audio frames dropped on playout overflow", q.framesDropped());
            DistributionSummary.builder("callbridge.media.jitter.ms").description("Caller interarrival jitter at call end")
                    .publishPercentiles(0.5, 0.99).register(meters).record(q.jitterMs());
        }
        if (agent != null) {
            count("callbridge.agent.reconnects", "Agent sockets reopened after a failure", agent.reconnects());
            count("callbridge.agent.frames.dropped", "Caller frames dropped while the agent was away or slow",
                    agent.framesDropped());
            if (agent.firstAudioMs() != null) {
                Timer.builder("callbridge.agent.first.audio").description("From answer to the first audio sent to the agent")
                        .publishPercentiles(0.5, 0.99).register(meters)
                        .record(Duration.ofMillis(agent.firstAudioMs()));
            }
        }
    }

    private void count(String name, String description, long amount, String... tags) {
        if (amount > 0) Counter.builder(name).description(description).tags(tags).register(meters).increment(amount);
    }

    void ended(Termination termination) {
        ended.computeIfAbsent(termination.result(), r -> Counter.builder("callbridge.calls")
                .description("Calls ended, by termination")
                .tag("termination", r.code())
                .register(meters)).increment();
    }
}
