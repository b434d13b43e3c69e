package io.callbridge.call;

import io.callbridge.call.HangupCauses.Reason;
import io.callbridge.call.Termination.Result;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * A route's forwarding with failover, carried out through {@link Dials} directly (one single-target dial after
 * another, as a chain of {@code <Dial action>} documents would): the caller hears ringback while each target rings
 * for its own timeout; a busy, unanswered or failed target gives way to the next, and the first that answers is
 * bridged to the caller until either hangs up (termination {@code transferred}). When every target failed the call
 * ends as {@code transfer_failed}, with each target's outcome in the reason. Each attempt goes out as
 * {@code call.transferred} with {@code via: "forwarding"}. Every method runs on the call's executor.
 */
@ApplicationScoped
class Forwarding {

    private static final Logger LOG = Logger.getLogger(Forwarding.class);
    /** Twilio's default {@code <Dial timeLimit>}: four hours. */
    static final Duration TIME_LIMIT = Duration.ofHours(4);

    private final Dials dials;
    private final CdrWriter cdr;
    private final ForwardingRules rules;

    Forwarding(Dials dials, CdrWriter cdr, ForwardingRules rules) {
        this.dials = dials;
        this.cdr = cdr;
        this.rules = rules;
    }

    /**
     * The route's agent failed ({@code why}): when the route forwards on agent failure, the agent's media goes and
     * the caller is forwarded; returns whether it is. An unanswered call is left alone (false).
     */
    boolean onAgentFailure(CallSession call, Termination why) {
        if (!call.isAnswered() || call.isClosed()) return false;
        List<ForwardTarget> targets = targets(call, ForwardingRules.Trigger.AGENT_FAILURE);
        if (targets.isEmpty()) return false;
        MediaBridge media = call.media();
        if (media != null) {
            media.close(); // the agent is gone; the caller leaves its bridge for the dials
            call.attach(null);
        }
        forward(call, targets, "agent failed: " + why.reason());
        return true;
    }

    /**
     * The route is at capacity ({@code why}): when it forwards on busy, the call is answered (marked as this
     * instance's) and forwarded instead of refused; returns whether it is.
     */
    boolean onBusy(CallSession call, String why) {
        List<ForwardTarget> targets = targets(call, ForwardingRules.Trigger.BUSY);
        if (targets.isEmpty()) return false;
        call.markOwned();
        try {
            call.answer();
        } catch (Exception e) {
            LOG.errorf("could not answer the call to forward it: %s", e.getMessage());
            call.hangup(Termination.of(Result.ERROR, "answer failed: " + e.getMessage()), Reason.CONGESTION);
            return true;
        }
        forward(call, targets, "busy: " + why);
        return true;
    }

    private List<ForwardTarget> targets(CallSession call, ForwardingRules.Trigger trigger) {
        AgentRoute route = call.route();
        if (route == null || route.id() <= 0) return List.of();
        try {
            return rules.targets(route.id(), trigger);
        } catch (RuntimeException e) {
            LOG.warnf("reading the forwarding of route %s failed: %s", route.number(), e.getMessage());
            return List.of();
        }
    }

    private void forward(CallSession call, List<ForwardTarget> targets, String why) {
        LOG.infof("forwarding the caller (%s) to %d target(s)", why, targets.size());
        next(call, targets, 0, why, new ArrayList<>());
    }

    /** Dials target {@code i}; the dial's end decides: done, the next target, or every target failed. */
    private void next(CallSession call, List<ForwardTarget> targets, int i, String why, List<String> tried) {
        if (call.isClosed()) return;
        if (i >= targets.size()) {
            call.hangup(Termination.of(Result.TRANSFER_FAILED, "forwarding (" + why + "): "
                    + String.join(", ", tried)), Reason.NORMAL);
            return;
        }
        ForwardTarget target = targets.get(i);
        DialRequest request = new DialRequest(List.of(target.to()), null, target.timeout(), TIME_LIMIT);
        dials.dial(call, request).thenAccept(outcome -> {
            if (call.isClosed()) { // the caller hung up: while the target rang, or after talking to it
                record(call, target, outcome.answered() ? "answered" : DialOutcome.CANCELED, outcome.sipCode());
                return;
            }
            record(call, target, outcome.answered() ? "answered" : outcome.status(), outcome.sipCode());
            if (outcome.answered()) {
                call.hangup(Termination.of(Result.TRANSFERRED, "forwarded to " + target.to() + " (" + why
                        + "); talked " + outcome.durationSeconds() + " s"), Reason.NORMAL);
                return;
            }
            tried.add(target.to() + " " + outcome.status() + (outcome.sipCode() == null ? "" : " (" + outcome.sipCode() + ")"));
            next(call, targets, i + 1, why, tried);
        });
    }

    private void record(CallSession call, ForwardTarget target, String outcome, Integer sipCode) {
        try {
            cdr.transferred(call.cdr(), target.to(), outcome.replace('-', '_'), sipCode, "forwarding");
        } catch (RuntimeException e) {
            LOG.errorf(e, "recording the forwarding of call %s failed", call.callSid());
        }
    }
}
