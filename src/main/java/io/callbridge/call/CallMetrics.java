package io.callbridge.call;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Call counters for /q/metrics: active calls and ended calls by termination. */
@ApplicationScoped
public class CallMetrics {

    private final MeterRegistry meters;
    private final Map<Termination.Result, Counter> ended = new ConcurrentHashMap<>();

    CallMetrics(MeterRegistry meters, CallRegistry registry) {
        this.meters = meters;
        Gauge.builder("callbridge.calls.active", registry, CallRegistry::size)
                .description("Calls in progress").register(meters);
    }

    void ended(Termination termination) {
        ended.computeIfAbsent(termination.result(), r -> Counter.builder("callbridge.calls")
                .description("Calls ended, by termination")
                .tag("termination", r.code())
                .register(meters)).increment();
    }
}
