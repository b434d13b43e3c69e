package io.callbridge.sms;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Messages per number per minute ({@link SmsConfig#perNumberPerMinute}), in this instance's memory: a fixed
 * one-minute window per number, counted for senders (inbound) and for the numbers messages are sent from
 * (outbound). Enough to stop one number flooding an agent or a carrier; not shared between instances.
 */
@ApplicationScoped
class NumberRateLimit {

    private final SmsConfig config;
    private final MinuteWindows windows = new MinuteWindows();

    NumberRateLimit(SmsConfig config) {
        this.config = config;
    }

    /** Counts one message of {@code number}; false when the number has used its minute's allowance. */
    boolean tryAcquire(String number) {
        return windows.tryAcquire(number, config.perNumberPerMinute());
    }
}
