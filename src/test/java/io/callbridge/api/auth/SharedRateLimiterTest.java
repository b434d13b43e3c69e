package io.callbridge.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Without a database the limiter fails open to this instance's buckets: the limit still holds here, and the
 * database is not asked again until {@link SharedRateLimiter#RETRY_AFTER} has passed.
 */
class SharedRateLimiterTest {

    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final AtomicInteger connects = new AtomicInteger();
    final RateLimits limits = new RateLimits(0.01, 2);
    final DataSource down = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{DataSource.class},
            (proxy, method, args) -> {
                if (method.getName().equals("getConnection")) {
                    connects.incrementAndGet();
                    throw new SQLException("Connection refused");
                }
                throw new UnsupportedOperationException(method.getName());
            });
    final SharedRateLimiter limiter = new SharedRateLimiter(down, limits, new RateLimiter(limits, clock::get), clock::get);

    @Test
    void anUnreachableDatabaseLeavesTheLimitToThisInstance() {
        assertEquals(0, limiter.acquire("k"));
        assertEquals(0, limiter.acquire("k"));
        assertTrue(limiter.acquire("k") > 0, "the local bucket of 2 is empty");
        assertEquals(1, connects.get(), "the database is left alone after a failure");

        clock.addAndGet(SharedRateLimiter.RETRY_AFTER);
        assertTrue(limiter.acquire("k") > 0, "still limited");
        assertEquals(2, connects.get(), "tried again after RETRY_AFTER");
    }

    @Test
    void aWindowFailsOpenToThisInstancesCount() {
        AtomicInteger localCounts = new AtomicInteger();
        assertEquals(7, limiter.acquire("sms-number:1:+15550100", 0, 3, () -> {
            localCounts.incrementAndGet();
            return 7;
        }), "the local count answers");
        assertEquals(1, localCounts.get());
    }

    @Test
    void namesTooLongForTheTableAreHashed() {
        String number = "+1555" + "9".repeat(200);
        String stored = SharedRateLimiter.name("sms-number:1:" + number);
        assertTrue(stored.length() <= SharedRateLimiter.MAX_NAME, stored);
        assertEquals(stored, SharedRateLimiter.name("sms-number:1:" + number), "the same name each time");
        assertTrue(!stored.equals(SharedRateLimiter.name("sms-number:1:" + number + "0")), "a different one per name");
        assertEquals("sms-number:1:+15550100", SharedRateLimiter.name("sms-number:1:+15550100"));
    }
}
