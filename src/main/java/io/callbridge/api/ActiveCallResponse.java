package io.callbridge.api;

import io.callbridge.call.CallSession;
import java.time.Instant;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A call in progress; {@code route} is the number of the route handling it, null until routed; {@code instance}
 * the id of the app instance that owns it ({@code callbridge.ari.instance-id}), which actions on it are forwarded to.
 */
public record ActiveCallResponse(@Schema(required = true) String callSid,
                                 @Schema(required = true, enumeration = {"inbound", "outbound"}) String direction,
                                 @Schema(required = true, nullable = true) String from,
                                 @Schema(required = true, nullable = true) String to,
                                 @Schema(required = true) String state,
                                 @Schema(required = true) Instant startedAt,
                                 @Schema(required = true, nullable = true) String route,
                                 @Schema(required = true) String instance) {

    static ActiveCallResponse of(CallSession call, String instance) {
        return new ActiveCallResponse(call.callSid(), call.direction().code(), call.from(), call.to(),
                call.state().name().toLowerCase(Locale.ROOT), call.startedAt(), call.routeNumber(), instance);
    }
}
