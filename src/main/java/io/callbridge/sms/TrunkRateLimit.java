package io.callbridge.sms;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * MESSAGE requests per carrier trunk per minute ({@link SmsConfig#perTrunkPerMinute}), in this instance's memory,
 * counted before each request leaves; a message over the limit waits in the outbox ({@link OutboundAttempt}).
 */
@ApplicationScoped
class TrunkRateLimit {

    private final SmsConfig config;
    private final MinuteWindows windows = new MinuteWindows();

    TrunkRateLimit(SmsConfig config) {
        this.config = config;
    }

    /** Counts one request through trunk {@code trunkId}; false when the trunk has used this minute's allowance. */
    boolean tryAcquire(long trunkId) {
        if (config.perTrunkPerMinute().isEmpty()) return true;
        return windows.tryAcquire(Long.toString(trunkId), config.perTrunkPerMinute().getAsInt());
    }

    /** When the allowances are renewed: the start of the next minute. */
    OffsetDateTime nextWindow() {
        return Instant.ofEpochMilli(MinuteWindows.nextWindowMillis()).atOffset(ZoneOffset.UTC);
    }
}
