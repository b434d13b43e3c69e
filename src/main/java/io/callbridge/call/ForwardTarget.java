package io.callbridge.call;

import java.time.Duration;
import java.util.Objects;

/**
 * One target of a route's forwarding: a number (E.164, or digits as the trunk dials them) or SIP URI, and how long it
 * may ring before the next one is tried.
 *
 * @param to      the number or SIP URI
 * @param timeout how long it rings before it counts as {@code no-answer}
 */
public record ForwardTarget(String to, Duration timeout) {

    public ForwardTarget {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(timeout, "timeout");
    }
}
