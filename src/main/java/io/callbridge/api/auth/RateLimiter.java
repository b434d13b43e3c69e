package io.callbridge.api.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A {@link TokenBucket} per API key in this instance's memory, with the limit {@link RateLimits} holds at the time
 * of each request: what {@link SharedRateLimiter} falls back to when the database does not answer (the limit then
 * holds per instance). A map lookup and a few arithmetic operations.
 */
@ApplicationScoped
public class RateLimiter {

    /** How often buckets that have refilled completely (idle keys) are dropped. */
    static final long SWEEP_EVERY = TimeUnit.MINUTES.toNanos(1);

    private final RateLimits limits;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep;

    @Inject
    RateLimiter(RateLimits limits) {
        this(limits, System::nanoTime);
    }

    RateLimiter(RateLimits limits, LongSupplier clock) {
        this.limits = limits;
        this.clock = clock;
        this.lastSweep = new AtomicLong(clock.getAsLong());
    }

    /** Takes a request of {@code keyId} out of its bucket: 0 when it may go ahead, else the nanoseconds to wait. */
    long acquire(String keyId) {
        long now = clock.getAsLong();
        RateLimits.Limit limit = limits.current();
        sweepIfDue(now, limit);
        TokenBucket bucket = buckets.computeIfAbsent(keyId, k -> new TokenBucket(limit.burst(), now));
        return bucket.take(now, limit.perSecond(), limit.burst());
    }

    /** A wait as a {@code Retry-After} value (RFC 9110 §10.2.3): whole seconds, rounded up, at least 1. */
    static long retryAfterSeconds(long waitNanos) {
        return Math.max(1, (waitNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
    }

    int buckets() {
        return buckets.size();
    }

    /**
     * Drops the buckets that are full: a new bucket would be the same, so the map holds only keys active
     * within the last burst / perSecond seconds. A request racing the sweep may take its token from a
     * bucket just dropped; its key then gets at most one request more than the limit, once.
     */
    private void sweepIfDue(long now, RateLimits.Limit limit) {
        long last = lastSweep.get();
        if (now - last < SWEEP_EVERY || !lastSweep.compareAndSet(last, now)) return;
        buckets.values().removeIf(b -> b.fullAt(now, limit.perSecond(), limit.burst()));
    }
}
