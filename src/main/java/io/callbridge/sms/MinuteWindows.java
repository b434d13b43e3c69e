package io.callbridge.sms;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed one-minute windows of counts per key, in this instance's memory: the SMS rate limits (per number, per
 * trunk). Not shared between instances.
 */
final class MinuteWindows {

    private record Window(long minute, int count) {
    }

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    /** Counts one for {@code key}; false when this minute's count is then over {@code limit}. */
    boolean tryAcquire(String key, int limit) {
        long minute = System.currentTimeMillis() / 60_000;
        if (windows.size() > 100_000) windows.values().removeIf(w -> w.minute() < minute);
        Window w = windows.merge(key, new Window(minute, 1),
                (old, one) -> old.minute() == minute ? new Window(minute, old.count() + 1) : one);
        return w.count() <= limit;
    }

    /** When the current window ends, epoch milliseconds. */
    static long nextWindowMillis() {
        return (System.currentTimeMillis() / 60_000 + 1) * 60_000;
    }
}
