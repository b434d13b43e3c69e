package io.callbridge.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Buckets per key, the limit read per request, and idle buckets dropped; on a clock the test moves. */
class RateLimiterTest {

    static final long SECOND = 1_000_000_000L;

    final AtomicLong clock = new AtomicLong(42 * SECOND);
    final RateLimits limits = new RateLimits(1, 2);
    final RateLimiter limiter = new RateLimiter(limits, clock::get);

    @Test
    void eachKeyHasItsOwnBucket() {
        assertEquals(0, limiter.acquire("key_a"));
        assertEquals(0, limiter.acquire("key_a"));
        assertEquals(SECOND, limiter.acquire("key_a"));
        assertEquals(0, limiter.acquire("key_b"));
        assertEquals(0, limiter.acquire("key_b"));
    }

    @Test
    void aChangedLimitAppliesToTheNextRequest() {
        limiter.acquire("key_a");
        limiter.acquire("key_a");
        assertEquals(SECOND, limiter.acquire("key_a"));
        limits.apply(4, 2);
        assertEquals(SECOND / 4, limiter.acquire("key_a"));
        clock.addAndGet(SECOND / 4);
        assertEquals(0, limiter.acquire("key_a"));
    }

    @Test
    void bucketsOfIdleKeysAreDropped() {
        limits.apply(0.02, 2);
        limiter.acquire("key_busy");
        limiter.acquire("key_busy");
        limiter.acquire("key_idle");
        assertEquals(2, limiter.buckets());

        // A minute on, 1.2 tokens came back: key_idle's bucket is full again, key_busy's is not.
        clock.addAndGet(RateLimiter.SWEEP_EVERY);
        limiter.acquire("key_new");
        assertEquals(2, limiter.buckets(), "key_idle dropped, key_busy and key_new kept");
        assertEquals(0, limiter.acquire("key_busy"));
        assertEquals(0, limiter.acquire("key_idle"), "a dropped key starts again with a full bucket");
        assertEquals(0, limiter.acquire("key_idle"));
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "500000000, 1", "1000000000, 1", "1000000001, 2", "2500000000, 3"})
    void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne(long waitNanos, long seconds) {
        assertEquals(seconds, RateLimiter.retryAfterSeconds(waitNanos));
    }

    @ParameterizedTest
    @CsvSource({"0, 1", "-1, 1", "NaN, 1", "Infinity, 1", "1, 0", "1, -5"})
    void aLimitOutOfRangeIsRefusedAndTheOldOneKept(double perSecond, int burst) {
        assertThrows(IllegalArgumentException.class, () -> limits.apply(perSecond, burst));
        assertEquals(1, limits.perSecond());
        assertEquals(2, limits.burst());
    }
}
