package io.callbridge.api.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The API keys' rate limit, counted in PostgreSQL so that it holds across app instances: every instance takes its
 * tokens from the same bucket per key (table {@code rate_limit_buckets}), with the limit {@link RateLimits} holds
 * at the time of each request. The bucket is the one {@link TokenBucket} keeps (full at first, {@code burst}
 * tokens, refilled at {@code perSecond}), computed by the database on its own clock in one upsert: one round trip
 * per request, and no clock skew between instances. Blocking (JDBC): call it from a worker thread.
 *
 * <p>When the database cannot be reached the limiter fails open to this instance's own buckets ({@link RateLimiter}):
 * requests are still limited, per instance, rather than refused or let through unlimited; after a failure the
 * database is left alone for {@link #RETRY_AFTER} so that every request does not wait on a dead connection.
 */
@ApplicationScoped
public class SharedRateLimiter {

    /** How long the local buckets stand in after the database failed, before it is tried again. */
    static final long RETRY_AFTER = TimeUnit.SECONDS.toNanos(1);
    /** How often buckets that have refilled completely (idle keys) are deleted, by each instance. */
    static final long SWEEP_EVERY = TimeUnit.MINUTES.toNanos(1);
    /** Buckets are named by what they limit, so other limits can share the table. */
    static final String API_KEY = "api-key:";

    private static final Logger LOG = Logger.getLogger(SharedRateLimiter.class);
    private static final int QUERY_TIMEOUT_SECONDS = 1;

    /** The tokens at the statement's time, refilled since the last request and capped at the burst. */
    private static final String AVAILABLE = "least(excluded.burst, b.tokens + extract(epoch from greatest(interval '0', "
            + "statement_timestamp() - b.updated_at)) * excluded.per_second)";
    /**
     * Takes a token if there is one; a new bucket starts full and gives one at once. The row lock of the upsert
     * serialises the instances' requests for one key; {@code allowed} and the tokens left come back to tell the
     * wait when there was none.
     */
    private static final String TAKE = "insert into rate_limit_buckets as b (bucket, tokens, updated_at, per_second, burst, allowed) "
            + "values (?, ?, statement_timestamp(), ?, ?, true) on conflict (bucket) do update set "
            + "tokens = case when " + AVAILABLE + " >= 1 then " + AVAILABLE + " - 1 else " + AVAILABLE + " end, "
            + "allowed = " + AVAILABLE + " >= 1, updated_at = greatest(b.updated_at, statement_timestamp()), "
            + "per_second = excluded.per_second, burst = excluded.burst returning allowed, tokens";
    /** A full bucket is the same as none: deleting it changes no answer. */
    private static final String SWEEP = "delete from rate_limit_buckets where tokens + extract(epoch from "
            + "statement_timestamp() - updated_at) * per_second >= burst";

    private final DataSource db;
    private final RateLimits limits;
    private final RateLimiter local;
    private final LongSupplier clock;
    private final AtomicLong failedAt = new AtomicLong();
    private volatile boolean failing;
    private final AtomicLong lastSweep;

    @Inject
    SharedRateLimiter(DataSource db, RateLimits limits, RateLimiter local) {
        this(db, limits, local, System::nanoTime);
    }

    SharedRateLimiter(DataSource db, RateLimits limits, RateLimiter local, LongSupplier clock) {
        this.db = db;
        this.limits = limits;
        this.local = local;
        this.clock = clock;
        this.lastSweep = new AtomicLong(clock.getAsLong());
    }

    /**
     * Takes a request of API key {@code keyId} out of its shared bucket.
     *
     * @return 0 when the request may go ahead, else the nanoseconds until the key has a token again
     */
    public long acquire(String keyId) {
        long now = clock.getAsLong();
        if (failing && now - failedAt.get() < RETRY_AFTER) return local.acquire(keyId);
        RateLimits.Limit limit = limits.current();
        try (Connection c = db.getConnection()) {
            sweepIfDue(c, now);
            long wait = take(c, API_KEY + keyId, limit);
            if (failing) {
                failing = false;
                LOG.info("rate limits are counted in the database again, across instances");
            }
            return wait;
        } catch (SQLException e) {
            return failOpen(keyId, now, e);
        }
    }

    /** The local buckets stand in: the limit still holds on this instance, but no longer across instances. */
    long failOpen(String keyId, long now, Throwable cause) {
        failedAt.set(now);
        if (!failing) {
            failing = true;
            LOG.warnf("rate limits are counted on this instance alone until the database answers again: %s",
                    cause.getMessage());
        }
        return local.acquire(keyId);
    }

    private static long take(Connection c, String bucket, RateLimits.Limit limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(TAKE)) {
            s.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            s.setString(1, bucket);
            s.setDouble(2, limit.burst() - 1);
            s.setDouble(3, limit.perSecond());
            s.setInt(4, limit.burst());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) return 0;
                return Math.max(1, (long) Math.ceil((1 - rs.getDouble(2)) * 1e9 / limit.perSecond()));
            }
        }
    }

    /** Keeps the table as small as the set of keys recently used; a race with a request costs nothing (see SWEEP). */
    private void sweepIfDue(Connection c, long now) throws SQLException {
        long last = lastSweep.get();
        if (now - last < SWEEP_EVERY || !lastSweep.compareAndSet(last, now)) return;
        try (PreparedStatement s = c.prepareStatement(SWEEP)) {
            s.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            s.executeUpdate();
        }
    }
}
