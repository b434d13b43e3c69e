package io.callbridge.sms;

import io.callbridge.api.auth.SharedRateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * MESSAGE requests per carrier trunk per minute ({@link SmsConfig#perTrunkPerMinute}), counted across app
 * instances in a fixed one-minute window per trunk ({@link MinuteWindows}) before each request leaves; a message
 * over the limit waits in the outbox ({@link OutboundAttempt}). Blocking (JDBC): asked on the outbox's workers.
 */
@ApplicationScoped
class TrunkRateLimit {

    /** The windows' bucket names in the rate-limit table start with this. */
    static final String BUCKETS = "sms-trunk:";

    private final SmsConfig config;
    private final MinuteWindows windows;

    @Inject
    TrunkRateLimit(SmsConfig config, SharedRateLimiter shared) {
        this.config = config;
        this.windows = new MinuteWindows(shared, BUCKETS);
    }

    /** Counts one request through trunk {@code trunkId}; false when the trunk has used this minute's allowance. */
    boolean tryAcquire(long trunkId) {
        if (config.perTrunkPerMinute().isEmpty()) return true;
        return windows.tryAcquire(Long.toString(trunkId), config.perTrunkPerMinute().getAsInt());
    }

    /** When the allowances are renewed: the start of the next minute. */
    OffsetDateTime nextWindow() {
        return Instant.ofEpochMilli(windows.nextWindowMillis()).atOffset(ZoneOffset.UTC);
    }
}
