package io.callbridge.call;

import io.callbridge.media.MediaQuality;
import io.callbridge.stream.AgentFigures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Call metrics for /q/metrics: active calls, ended calls by direction and termination, and aggregate media
 * quality. Every meter is registered at start, at zero, so a dashboard or an alert sees it before the first
 * call (docs/architecture.md lists them). Histogram buckets of the latencies: {@code LatencyHistograms}.
 */
@Startup // the meters exist from the start, not from the first call that uses the bean
@ApplicationScoped
public class CallMetrics {

    private final Map<Direction, Map<Termination.Result, Counter>> ended = new EnumMap<>(Direction.class);
    private final Counter packetsIn;
    private final Counter packetsOut;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter packetsLost;
    private final Counter packetsOutOfOrder;
    private final Counter framesDropped;
    private final DistributionSummary jitter;
    private final Counter agentReconnects;
    private final Counter agentFramesDropped;
    private final Timer firstAudio;
    private final Counter callerDtmfDropped;

    CallMetrics(MeterRegistry meters, CallRegistry registry) {
        Gauge.builder("callbridge.calls.active", registry, CallRegistry::size)
                .description("Calls in progress").register(meters);
        for (Direction direction : Direction.values()) {
            Map<Termination.Result, Counter> byResult = new EnumMap<>(Termination.Result.class);
            for (Termination.Result result : Termination.Result.values()) {
                byResult.put(result, Counter.builder("callbridge.calls").description("Calls ended, by direction and termination")
                        .tag("direction", direction.code()).tag("termination", result.code()).register(meters));
            }
            ended.put(direction, byResult);
        }
        packetsIn = counter(meters, "callbridge.media.packets", "RTP packets", "direction", "in");
        packetsOut = counter(meters, "callbridge.media.packets", "RTP packets", "direction", "out");
        bytesIn = counter(meters, "callbridge.media.bytes", "RTP payload bytes", "direction", "in");
        bytesOut = counter(meters, "callbridge.media.bytes", "RTP payload bytes", "direction", "out");
        packetsLost = counter(meters, "callbridge.media.packets.lost", "Caller RTP packets lost (RFC 3550)");
        packetsOutOfOrder = counter(meters, "callbridge.media.packets.out.of.order", "Caller RTP packets out of order");
        framesDropped = counter(meters, "callbridge.media.frames.dropped", "Agent audio frames dropped on playout overflow");
        jitter = DistributionSummary.builder("callbridge.media.jitter.ms")
                .description("Caller interarrival jitter at call end (RFC 3550), milliseconds").register(meters);
        agentReconnects = counter(meters, "callbridge.agent.reconnects", "Agent sockets reopened after a failure");
        agentFramesDropped = counter(meters, "callbridge.agent.frames.dropped",
                "Caller frames dropped while the agent was away or slow");
        callerDtmfDropped = counter(meters, "callbridge.call.events.dropped",
                "Caller events dropped because the call's queue was full", "kind", "caller_dtmf");
        firstAudio = Timer.builder("callbridge.agent.first.audio")
                .description("From answer to the first audio sent to the agent").register(meters);
    }

    private static Counter counter(MeterRegistry meters, String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(meters);
    }

    /** Adds one ended call's media figures to the aggregate quality metrics; either may be null (never bridged). */
    void quality(MediaQuality q, AgentFigures agent) {
        if (q != null) {
            packetsIn.increment(q.packetsIn());
            packetsOut.increment(q.packetsOut());
            bytesIn.increment(q.bytesIn());
            bytesOut.increment(q.bytesOut());
            packetsLost.increment(q.packetsLost());
            packetsOutOfOrder.increment(q.packetsOutOfOrder());
            framesDropped.increment(q.framesDropped());
            jitter.record(q.jitterMs());
        }
        if (agent != null) {
            agentReconnects.increment(agent.reconnects());
            agentFramesDropped.increment(agent.framesDropped());
            if (agent.firstAudioMs() != null) firstAudio.record(Duration.ofMillis(agent.firstAudioMs()));
        }
    }

    /** Counts one ended call in {@code callbridge_calls_total{direction, termination}}. */
    /** A caller's digit was dropped: its call's queue was full. */
    void callerDtmfDropped() {
        callerDtmfDropped.increment();
    }

    void ended(Termination termination, Direction direction) {
        ended.get(direction).get(termination.result()).increment();
    }
}
