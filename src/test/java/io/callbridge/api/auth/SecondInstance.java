package io.callbridge.api.auth;

import javax.sql.DataSource;

/**
 * What a second app process would hold, for tests that check a limit across instances: a {@link SharedRateLimiter}
 * on the same database with counts of its own in memory (what it falls back to), so that a limit counted per
 * instance gives it an allowance of its own.
 */
public final class SecondInstance {

    private SecondInstance() {
    }

    /** A second instance's shared limiter on {@code db}, its API buckets following {@code limits}. */
    public static SharedRateLimiter rateLimiter(DataSource db, RateLimits limits) {
        return new SharedRateLimiter(db, limits, new RateLimiter(limits));
    }
}
