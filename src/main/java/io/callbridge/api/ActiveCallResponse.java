package io.callbridge.api;

import io.callbridge.call.CallSession;
import java.time.Instant;
import java.util.Locale;

/** A call in progress on this instance; {@code route} is the number of the route handling it, null until routed. */
public record ActiveCallResponse(String callSid, String direction, String from, String to, String state,
                                 Instant startedAt, String route) {

    static ActiveCallResponse of(CallSession call) {
        return new ActiveCallResponse(call.callSid(), call.direction().code(), call.from(), call.to(),
                call.state().name().toLowerCase(Locale.ROOT), call.startedAt(), call.routeNumber());
    }
}
