package io.callbridge.call;

import io.callbridge.call.HangupCauses.Reason;
import io.callbridge.call.Termination.Result;
import io.callbridge.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The cap on calls in progress on this instance (runtime setting {@code calls.maxConcurrentCalls}, read
 * for every call): an inbound call over it is refused like one over its route's limit (486), an outbound
 * one is not placed (409).
 */
@ApplicationScoped
public class CallCapacity {

    private final CallRegistry registry;
    private final Settings settings;

    CallCapacity(CallRegistry registry, Settings settings) {
        this.registry = registry;
        this.settings = settings;
    }

    /** Whether the calls in progress, a just registered one included, are over the cap. */
    boolean isOver() {
        Optional<Integer> max = settings.maxConcurrentCalls();
        return max.isPresent() && registry.inProgress() > max.get();
    }

    /** Hangs up {@code call} (already registered, so counted) if it is over the cap; returns whether it did. */
    boolean refuseIfFull(CallSession call) {
        if (!isOver()) return false;
        call.hangup(Termination.of(Result.OVER_CAPACITY, "instance at " + settings.maxConcurrentCalls().orElseThrow()
                + " calls"), Reason.BUSY);
        return true;
    }
}
