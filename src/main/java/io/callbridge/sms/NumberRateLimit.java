package io.callbridge.sms;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Messages per number per minute ({@link SmsConfig#perNumberPerMinute}), in this instance's memory: a fixed
 * one-minute window per number, counted for senders (inbound) and for the numbers messages are sent from
 * (outbound). Enough to stop one number flooding an agent or a carrier; not shared between instances.
 */
@ApplicationScoped
class NumberRateLimit {

    private record Window(long minute, int count) {
    }

    private final SmsConfig config;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    NumberRateLimit(SmsConfig config) {
        this.config = config;
    }

    /** Counts one message of {@code number}; false when the number has used its minute's allowance. */
    boolean tryAcquire(String number) {
        long minute = System.currentTimeMillis() / 60_000;
        if (windows.size() > 100_000) windows.values().removeIf(w -> w.minute() < minute);
        Window w = windows.merge(number, new Window(minute, 1),
                (old, one) -> old.minute() == minute ? new Window(minute, old.count() + 1) : one);
        return w.count() <= config.perNumberPerMinute();
    }
}
