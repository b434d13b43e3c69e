package io.callbridge.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bucket's math, on a clock the test moves (nanoseconds). */
class TokenBucketTest {

    static final long SECOND = 1_000_000_000L;
    static final long T0 = 5 * SECOND;

    @Test
    void aNewBucketAllowsTheBurstThenSaysHowLongToWait() {
        TokenBucket b = new TokenBucket(3, T0);
        assertEquals(0, b.take(T0, 2, 3));
        assertEquals(0, b.take(T0, 2, 3));
        assertEquals(0, b.take(T0, 2, 3));
        assertEquals(SECOND / 2, b.take(T0, 2, 3), "one token at 2 per second takes half a second");
        assertEquals(SECOND / 2, b.take(T0, 2, 3), "a refused request takes nothing");
    }

    @Test
    void tokensComeBackAtTheRate() {
        TokenBucket b = new TokenBucket(1, T0);
        assertEquals(0, b.take(T0, 2, 1));
        assertEquals(SECOND / 4, b.take(T0 + SECOND / 4, 2, 1), "half a token there, half to come");
        assertEquals(0, b.take(T0 + SECOND / 2, 2, 1));
        assertEquals(SECOND / 2, b.take(T0 + SECOND / 2, 2, 1));
    }

    @Test
    void aFractionalRateMeansSecondsPerToken() {
        TokenBucket b = new TokenBucket(1, T0);
        assertEquals(0, b.take(T0, 0.5, 1));
        assertEquals(2 * SECOND, b.take(T0, 0.5, 1));
    }

    @Test
    void anIdleBucketHoldsNoMoreThanTheBurst() {
        TokenBucket b = new TokenBucket(2, T0);
        long later = T0 + 3600 * SECOND;
        assertEquals(0, b.take(later, 10, 2));
        assertEquals(0, b.take(later, 10, 2));
        assertEquals(SECOND / 10, b.take(later, 10, 2));
    }

    @Test
    void aSmallerBurstAppliesToTheNextRequest() {
        TokenBucket b = new TokenBucket(10, T0);
        assertEquals(0, b.take(T0, 1, 2));
        assertEquals(0, b.take(T0, 1, 2));
        assertEquals(SECOND, b.take(T0, 1, 2));
    }

    @Test
    void aHigherRateAppliesToTheNextRequest() {
        TokenBucket b = new TokenBucket(1, T0);
        assertEquals(0, b.take(T0, 1, 1));
        assertEquals(SECOND, b.take(T0, 1, 1));
        assertEquals(SECOND / 100, b.take(T0, 100, 1));
    }

    @Test
    void aClockReadingFromBeforeTheLastOneAddsNothing() {
        TokenBucket b = new TokenBucket(1, T0);
        assertEquals(0, b.take(T0, 1, 1));
        assertEquals(SECOND, b.take(T0 - SECOND, 1, 1));
        assertEquals(0, b.take(T0 + SECOND, 1, 1));
    }

    @Test
    void aBucketIsFullOnceItHasRefilled() {
        TokenBucket b = new TokenBucket(4, T0);
        assertTrue(b.fullAt(T0, 2, 4));
        b.take(T0, 2, 4);
        assertFalse(b.fullAt(T0, 2, 4));
        assertFalse(b.fullAt(T0 + SECOND / 2 - 1, 2, 4));
        assertTrue(b.fullAt(T0 + SECOND / 2, 2, 4));
    }
}
