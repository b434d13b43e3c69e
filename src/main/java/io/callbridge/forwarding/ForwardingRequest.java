package io.callbridge.forwarding;

import io.callbridge.api.CheckedBody;
import io.callbridge.api.Destinations;
import io.callbridge.api.problem.FieldError;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code PUT /api/routes/{id}/forwarding}: when the route forwards its callers ({@code on}) and to whom,
 * in the order tried, each with how long it may ring.
 */
@Schema(description = "A route's forwarding with failover. Unknown properties are refused.")
public record ForwardingRequest(
        @Schema(required = true, minItems = 1, description = "When to forward: busy (the route or the instance is at "
                + "its maximum of concurrent calls: instead of 486 Busy Here), agent-failure (the agent could not be "
                + "reached, refused the stream or broke it; an agent that does not answer is one that cannot be "
                + "reached). Items: busy, agent-failure") List<String> on,
        @Schema(required = true, minItems = 1, maxItems = ForwardingRequest.MAX_TARGETS, description = "Tried in "
                + "turn: a busy, unanswered or failed target gives way to the next") List<Target> targets)
        implements CheckedBody {

    public static final String BUSY = "busy";
    public static final String AGENT_FAILURE = "agent-failure";
    public static final int MAX_TARGETS = 10;
    public static final int MIN_TIMEOUT = 5;
    public static final int MAX_TIMEOUT = 120;
    public static final int DEFAULT_TIMEOUT = 20;

    /** One target: a number or SIP URI, and the seconds it rings before the next is tried. */
    @Schema(name = "ForwardingTargetRequest", description = "A forwarding target")
    public record Target(
            @Schema(required = true, maxLength = 128, example = "+14155550123", description = "An E.164 number, "
                    + "digits only (an extension or national number), or a SIP URI") String to,
            @Schema(minimum = "5", maximum = "120", defaultValue = "20", description = "Seconds it rings before the "
                    + "next target is tried") Integer timeout) {

        /** The timeout in seconds, the default when none was given. */
        public int seconds() {
            return timeout == null ? DEFAULT_TIMEOUT : timeout;
        }
    }

    @Override
    public List<FieldError> fieldErrors() {
        List<FieldError> errors = new ArrayList<>();
        if (on == null || on.isEmpty()) {
            errors.add(new FieldError("on", "is required: busy, agent-failure or both"));
        } else {
            for (String when : on) {
                if (!BUSY.equals(when) && !AGENT_FAILURE.equals(when)) {
                    errors.add(new FieldError("on", "must hold only busy and agent-failure"));
                    break;
                }
            }
        }
        if (targets == null || targets.isEmpty()) {
            errors.add(new FieldError("targets", "is required: at least one target"));
        } else if (targets.size() > MAX_TARGETS) {
            errors.add(new FieldError("targets", "must hold at most " + MAX_TARGETS + " targets"));
        } else {
            for (int i = 0; i < targets.size(); i++) {
                Target t = targets.get(i);
                if (t == null || t.to() == null || !Destinations.isDialable(t.to())) {
                    errors.add(new FieldError("targets[" + i + "].to", "must be an E.164 number (+14155550100), an "
                            + "extension or national number (digits only), or a SIP URI (sip:user@host)"));
                } else if (t.timeout() != null && (t.timeout() < MIN_TIMEOUT || t.timeout() > MAX_TIMEOUT)) {
                    errors.add(new FieldError("targets[" + i + "].timeout", "must be from " + MIN_TIMEOUT + " to "
                            + MAX_TIMEOUT + " seconds"));
                }
            }
        }
        return errors;
    }
}
