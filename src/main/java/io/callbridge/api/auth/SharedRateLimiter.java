package io.callbridge.api.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Rate limits counted in PostgreSQL so that they hold across app instances: every instance takes its tokens from
 * the same bucket (table {@code rate_limit_buckets}), each bucket named by what it limits. The API keys' limit is a
 * bucket per key ({@link #acquire(String)}, with the limit {@link RateLimits} holds at the time of each request);
 * the SMS limits count fixed one-minute windows in the same table ({@link #acquire(String, double, int, LongSupplier)}
 * with a refill of 0 and the minute in the bucket's name). A bucket is the one {@link TokenBucket} keeps (full at
 * first, {@code burst} tokens, refilled at {@code perSecond}), computed by the database on its own clock in one
 * upsert: one round trip per request, and no clock skew between instances. Blocking (JDBC): call it from a worker
 * thread.
 *
 * <p>When the database cannot be reached the limiter fails open to this instance's own counts (for API keys
 * {@link RateLimiter}): requests are still limited, per instance, rather than refused or let through unlimited;
 * after a failure the database is left alone for {@link #RETRY_AFTER} so that every request does not wait on a
 * dead connection.
 */
@ApplicationScoped
public class SharedRateLimiter {

    /** How long the local buckets stand in after the database failed, before it is tried again. */
    static final long RETRY_AFTER = TimeUnit.SECONDS.toNanos(1);
    /** How often buckets that have refilled completely (idle keys) and past windows are deleted, by each instance. */
    static final long SWEEP_EVERY = TimeUnit.MINUTES.toNanos(1);
    /** Buckets are named by what they limit, so other limits can share the table. */
    static final String API_KEY = "api-key:";
    /** The longest bucket name the table holds; longer names are stored as their SHA-256. */
    static final int MAX_NAME = 160;

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
    /**
     * A full bucket is the same as none: deleting it changes no answer. A fixed window (refill 0) never fills up
     * again; its name carries its minute, so once the minute is past (with a minute's leeway for the instances'
     * clocks) no request asks for it again.
     */
    private static final String SWEEP = "delete from rate_limit_buckets where tokens + extract(epoch from "
            + "statement_timestamp() - updated_at) * per_second >= burst "
            + "or (per_second = 0 and updated_at < statement_timestamp() - interval '2 minutes')";

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
        RateLimits.Limit limit = limits.current();
        return acquire(API_KEY + keyId, limit.perSecond(), limit.burst(), () -> local.acquire(keyId));
    }

    /**
     * Takes one token out of the shared bucket {@code bucket}, creating it full if there is none.
     *
     * @param bucket    the bucket's name, starting with what it limits ({@code "sms-number:"} …); a name longer
     *                  than {@value #MAX_NAME} characters is stored as its SHA-256
     * @param perSecond the refill, tokens per second, 0 or above; 0 makes the bucket a fixed window's count, which
     *                  never refills (the name then carries the window, and the sweep deletes it two minutes after
     *                  its last use)
     * @param burst     the bucket's size, at least 1
     * @param local     this instance's own count of the same limit, asked instead when the database does not
     *                  answer; it answers as this method does
     * @return 0 when the request may go ahead, else the nanoseconds until the bucket has a token again
     *         ({@link Long#MAX_VALUE} for a window: the caller knows when its window ends)
     */
    public long acquire(String bucket, double perSecond, int burst, LongSupplier local) {
        long now = clock.getAsLong();
        if (failing && now - failedAt.get() < RETRY_AFTER) return local.getAsLong();
        try (Connection c = db.getConnection()) {
            sweepIfDue(c, now);
            long wait = take(c, name(bucket), perSecond, burst);
            if (failing) {
                failing = false;
                LOG.info("rate limits are counted in the database again, across instances");
            }
            return wait;
        } catch (SQLException e) {
            return failOpen(now, e, local);
        }
    }

    /** API key {@code keyId}'s local bucket stands in, as {@link #failOpen(long, Throwable, LongSupplier)} says. */
    long failOpen(String keyId, long now, Throwable cause) {
        return failOpen(now, cause, () -> local.acquire(keyId));
    }

    /** The local counts stand in: the limit still holds on this instance, but no longer across instances. */
    long failOpen(long now, Throwable cause, LongSupplier local) {
        failedAt.set(now);
        if (!failing) {
            failing = true;
            LOG.warnf("rate limits are counted on this instance alone until the database answers again: %s",
                    cause.getMessage());
        }
        return local.getAsLong();
    }

    /** A name the column holds: a phone number or a SIP user may be any length, and must not fail the statement. */
    static String name(String bucket) {
        if (bucket.length() <= MAX_NAME) return bucket;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bucket.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static long take(Connection c, String bucket, double perSecond, int burst) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(TAKE)) {
            s.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            s.setString(1, bucket);
            s.setDouble(2, burst - 1);
            s.setDouble(3, perSecond);
            s.setInt(4, burst);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) return 0;
                if (perSecond == 0) return Long.MAX_VALUE;
                return Math.max(1, (long) Math.ceil((1 - rs.getDouble(2)) * 1e9 / perSecond));
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
