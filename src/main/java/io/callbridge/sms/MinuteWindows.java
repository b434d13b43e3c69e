package io.callbridge.sms;

import io.callbridge.api.auth.SharedRateLimiter;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Fixed one-minute windows of counts per key, shared by every app instance: the SMS rate limits (per number, per
 * trunk). Each window is a bucket of the rate-limit table ({@link SharedRateLimiter}) named by the limit, the minute
 * and the key ({@code sms-number:29410567:+15550100}), as large as the limit and never refilled, so every instance
 * counts into the same window; the minute is the epoch minute of this instance's clock, on which instances kept by
 * NTP agree to within milliseconds. When the database does not answer, this instance's own windows stand in: the
 * limit then holds per instance. Blocking (JDBC): call it from a worker thread.
 */
final class MinuteWindows {

    private static final long MINUTE_MILLIS = 60_000;

    private record Window(long minute, int count) {
    }

    private final SharedRateLimiter shared;
    private final String limitName;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Window> local = new ConcurrentHashMap<>();

    /**
     * @param shared    the table's limiter
     * @param limitName what the windows limit, the start of their buckets' names ({@code "sms-number:"})
     */
    MinuteWindows(SharedRateLimiter shared, String limitName) {
        this(shared, limitName, System::currentTimeMillis);
    }

    MinuteWindows(SharedRateLimiter shared, String limitName, LongSupplier epochMillis) {
        this.shared = shared;
        this.limitName = limitName;
        this.clock = epochMillis;
    }

    /** Counts one for {@code key}; false when this minute's count is then over {@code limit} (below 1: always). */
    boolean tryAcquire(String key, int limit) {
        if (limit < 1) return false;
        long minute = clock.getAsLong() / MINUTE_MILLIS;
        return shared.acquire(limitName + minute + ":" + key, 0, limit,
                () -> tryLocally(key, limit, minute) ? 0 : Long.MAX_VALUE) == 0;
    }

    /** When the current window ends, epoch milliseconds. */
    long nextWindowMillis() {
        return (clock.getAsLong() / MINUTE_MILLIS + 1) * MINUTE_MILLIS;
    }

    /** This instance's window, while the database does not answer. */
    private boolean tryLocally(String key, int limit, long minute) {
        if (local.size() > 100_000) local.values().removeIf(w -> w.minute() < minute);
        Window w = local.merge(key, new Window(minute, 1),
                (old, one) -> old.minute() == minute ? new Window(minute, old.count() + 1) : one);
        return w.count() <= limit;
    }
}
