package io.callbridge.sms;

import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;

/** For tests that count within one SMS rate-limit window: the windows are the clock's minutes. */
final class MinuteWindowTime {

    private MinuteWindowTime() {
    }

    /** Waits, if need be, for a minute to start, so that at least {@code left} of the current one remains. */
    static void awaitAtLeastLeft(Duration left) {
        Awaitility.await().atMost(Duration.ofSeconds(61)).pollInterval(Duration.ofMillis(100))
                .until(() -> 60_000 - System.currentTimeMillis() % 60_000 >= left.toMillis());
    }

    /** The current window, the epoch minute. */
    static long current() {
        return Instant.now().getEpochSecond() / 60;
    }
}
