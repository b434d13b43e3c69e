package io.callbridge.call;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@code <Dial>} asks for: the numbers (E.164) and SIP URIs to ring at once, the caller id they see, how long
 * they may ring, and how long the answered call may last. Source: Twilio's {@code <Dial>} reference,
 * https://www.twilio.com/docs/voice/twiml/dial ({@code timeout}, {@code callerId}, {@code timeLimit}).
 *
 * @param targets   one or more numbers or SIP URIs; all ring at once and the first to answer is bridged
 * @param callerId  the caller id the targets see; null: the call's own caller ({@code From})
 * @param timeout   how long the targets ring before the dial ends as {@code no-answer}
 * @param timeLimit the longest the bridged call may last; then the dialled leg is hung up ({@code completed})
 */
public record DialRequest(List<String> targets, String callerId, Duration timeout, Duration timeLimit) {

    public DialRequest {
        targets = List.copyOf(Objects.requireNonNull(targets, "targets"));
        if (targets.isEmpty()) throw new IllegalArgumentException("a dial needs at least one target");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(timeLimit, "timeLimit");
    }
}
