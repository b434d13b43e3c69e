package io.callbridge.hold;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A call's hold after a hold or resume request. */
public record HoldResponse(
        @Schema(required = true) String callSid,
        @Schema(required = true, description = "Whether the call is on hold now (by the API or by the caller)") boolean held,
        @Schema(required = true, nullable = true,
                description = "Who holds it: api or caller (api when both do); null when not held") String heldBy) {

    static HoldResponse of(String callSid, CallHolds.Outcome outcome) {
        return new HoldResponse(callSid, outcome.held(), outcome.heldBy() == null ? null : outcome.heldBy().code());
    }
}
