package io.callbridge.sms;

import io.callbridge.api.auth.SharedRateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Messages per number per minute ({@link SmsConfig#perNumberPerMinute}), counted across app instances: a fixed
 * one-minute window per number ({@link MinuteWindows}), counted for senders (inbound) and for the numbers messages
 * are sent from (outbound). Enough to stop one number flooding an agent or a carrier however the messages are
 * spread over instances. Blocking (JDBC): {@link SmsIntake} and {@link SmsQueue} ask it on worker threads.
 * {@link SmsQueue} asks inside the transaction that stores the message; the count takes a connection of its own for
 * its one statement, so a message whose transaction rolls back stays counted, as a refused one does.
 */
@ApplicationScoped
class NumberRateLimit {

    /** The windows' bucket names in the rate-limit table start with this. */
    static final String BUCKETS = "sms-number:";

    private final SmsConfig config;
    private final MinuteWindows windows;

    @Inject
    NumberRateLimit(SmsConfig config, SharedRateLimiter shared) {
        this.config = config;
        this.windows = new MinuteWindows(shared, BUCKETS);
    }

    /** Counts one message of {@code number}; false when the number has used its minute's allowance. */
    boolean tryAcquire(String number) {
        return windows.tryAcquire(number, config.perNumberPerMinute());
    }
}
