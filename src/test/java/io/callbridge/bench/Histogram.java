package io.callbridge.bench;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in 1 µs buckets up to 100 ms (beyond that only counted, with the exact maximum kept).
 * Lock-free, so any number of threads may record; reading while recording is approximate, which the
 * bench avoids by reading after its window has closed.
 */
final class Histogram {

    private static final int BUCKETS = 100_000; // µs

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS + 1);
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong maxNanos = new AtomicLong(Long.MIN_VALUE);

    void record(long nanos) {
        long us = Math.max(0, nanos / 1000);
        counts.incrementAndGet((int) Math.min(us, BUCKETS));
        count.incrementAndGet();
        maxNanos.accumulateAndGet(nanos, Math::max);
    }

    long count() {
        return count.get();
    }

    /** The value below which {@code q} of the samples fall, in ms (1 µs resolution); NaN when empty. */
    double percentileMs(double q) {
        long n = count.get();
        if (n == 0) return Double.NaN;
        long rank = (long) Math.ceil(q * n);
        long seen = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) return i == BUCKETS ? maxMs() : (i + 1) / 1000.0; // upper edge of the bucket
        }
        return maxMs();
    }

    double maxMs() {
        long m = maxNanos.get();
        return m == Long.MIN_VALUE ? Double.NaN : m / 1e6;
    }

    JsonObject summary() {
        return new JsonObject().put("n", count()).put("p50", json(percentileMs(0.50)))
                .put("p99", json(percentileMs(0.99))).put("p995", json(percentileMs(0.995))).put("p999", json(percentileMs(0.999))).put("max", json(maxMs()));
    }

    /** JSON has no NaN. */
    static Double json(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
