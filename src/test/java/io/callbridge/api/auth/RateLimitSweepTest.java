package io.callbridge.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sweep keeps the rate-limit table small: a fixed window (refill 0) whose minute is past is deleted, as is a
 * token bucket that has refilled; the current window, and a bucket still refilling, stay.
 */
@QuarkusTest
class RateLimitSweepTest {

    static final String PREFIX = "sweep-test:";

    @Inject
    DataSource db;
    @Inject
    RateLimits limits;

    @AfterEach
    void cleanUp() throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("delete from rate_limit_buckets where bucket like ?")) {
            s.setString(1, PREFIX + "%");
            s.executeUpdate();
        }
    }

    @Test
    void pastWindowsAndFullBucketsAreSweptCurrentOnesStay() throws SQLException {
        row(PREFIX + "window-past", 0, 0, 3, "interval '3 minutes'");
        row(PREFIX + "window-now", 0, 0, 3, "interval '5 seconds'");
        row(PREFIX + "bucket-full", 0, 1, 3, "interval '1 hour'");
        row(PREFIX + "bucket-refilling", 0, 0.001, 3, "interval '5 seconds'");

        AtomicLong clock = new AtomicLong(1_000_000_000L);
        SharedRateLimiter limiter = new SharedRateLimiter(db, limits, new RateLimiter(limits), clock::get);
        clock.addAndGet(SharedRateLimiter.SWEEP_EVERY);
        assertEquals(0, limiter.acquire(PREFIX + "asking", 0, 1, () -> -1), "the request that sweeps");

        assertEquals(List.of(PREFIX + "asking", PREFIX + "bucket-refilling", PREFIX + "window-now"), buckets());
    }

    private void row(String bucket, double tokens, double perSecond, int burst, String age) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("insert into rate_limit_buckets "
                + "(bucket, tokens, updated_at, per_second, burst, allowed) values (?, ?, statement_timestamp() - "
                + age + ", ?, ?, true)")) {
            s.setString(1, bucket);
            s.setDouble(2, tokens);
            s.setDouble(3, perSecond);
            s.setInt(4, burst);
            s.executeUpdate();
        }
    }

    private List<String> buckets() throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "select bucket from rate_limit_buckets where bucket like ? order by bucket")) {
            s.setString(1, PREFIX + "%");
            try (ResultSet rs = s.executeQuery()) {
                List<String> names = new ArrayList<>();
                while (rs.next()) names.add(rs.getString(1));
                return names;
            }
        }
    }
}
