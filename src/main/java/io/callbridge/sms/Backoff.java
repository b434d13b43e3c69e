package io.callbridge.sms;

import java.time.Duration;

/** Capped exponential backoff: {@code min} after the first failed attempt, doubled after each further one. */
final class Backoff {

    private Backoff() {
    }

    static Duration after(int attempts, Duration min, Duration max) {
        long millis = min.toMillis() << Math.min(Math.max(attempts - 1, 0), 20);
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
