package io.callbridge.api.auth;

/**
 * One key's token bucket: it holds up to {@code burst} tokens, refills at {@code perSecond}, and every
 * request takes one. The limits are passed on every call, so a change of {@link RateLimits} applies at
 * once (a smaller burst caps the tokens held). Time is a caller's {@link System#nanoTime()} reading, so
 * the math is tested without a clock.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;

    private double tokens;
    private long updatedAt;

    /** A bucket that starts full: a key's first requests are never limited. */
    TokenBucket(int burst, long now) {
        this.tokens = burst;
        this.updatedAt = now;
    }

    /**
     * Takes a token if there is one: returns 0 then. Otherwise takes nothing and returns the nanoseconds
     * until a token will be there.
     */
    synchronized long take(long now, double perSecond, int burst) {
        refill(now, perSecond, burst);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) * NANOS_PER_SECOND / perSecond);
    }

    /** Whether the bucket would be full at {@code now}: such a bucket is the same as a new one, and can go. */
    synchronized boolean fullAt(long now, double perSecond, int burst) {
        return tokens + elapsedSeconds(now) * perSecond >= burst;
    }

    private void refill(long now, double perSecond, int burst) {
        tokens = Math.min(burst, tokens + elapsedSeconds(now) * perSecond);
        updatedAt = Math.max(updatedAt, now);
    }

    private double elapsedSeconds(long now) {
        return Math.max(0, now - updatedAt) / NANOS_PER_SECOND;
    }
}
