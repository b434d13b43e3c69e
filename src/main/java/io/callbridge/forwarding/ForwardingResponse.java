package io.callbridge.forwarding;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A route's stored forwarding with failover ({@code GET}/{@code PUT /api/routes/{id}/forwarding}). */
@Schema(description = "A route's forwarding with failover")
public record ForwardingResponse(
        @Schema(required = true, description = "The route's id") long routeId,
        @Schema(required = true, description = "When it forwards: busy, agent-failure") List<String> on,
        @Schema(required = true, description = "The targets, in the order tried") List<Target> targets) {

    /** A stored target; {@code timeout} in seconds. */
    @Schema(name = "ForwardingTarget", description = "A forwarding target")
    public record Target(@Schema(required = true) String to,
                         @Schema(required = true, description = "Seconds it rings before the next is tried") int timeout) {
    }
}
