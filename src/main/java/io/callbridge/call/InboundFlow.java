package io.callbridge.call;

import io.callbridge.call.HangupCauses.Reason;
import io.callbridge.call.Termination.Result;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What happens to a call handed to Stasis: refused while draining, 403 from a blocked caller, 404 without
 * a route, 486 when the instance or its route is at capacity (unless the route overflows into a queue,
 * {@link CallOverflow}, which comes first, or forwards busy calls, {@link Forwarding}); otherwise bridged to the route's agent
 * ({@link AgentBridging}) and answered, or handed to its TwiML flow ({@link FlowStarter}). A call for a user of the edge (another phone) rings that user
 * ({@link UserCalls}).
 */
@ApplicationScoped
public class InboundFlow {

    private static final Logger LOG = Logger.getLogger(InboundFlow.class);

    private final CallRouting routing;
    private final Blocklist blocklist;
    private final CallDrain drain;
    private final AgentBridging agents;
    private final CallCapacity capacity;
    private final UserCalls users;
    private final Forwarding forwarding;

    private final Event<CallAnswered> answered;
    private final Instance<FlowStarter> flows;
    private final Instance<CallOverflow> overflow;

    InboundFlow(CallRouting routing, Blocklist blocklist, CallDrain drain, AgentBridging agents,
                CallCapacity capacity, UserCalls users, Event<CallAnswered> answered, Instance<FlowStarter> flows,
                Forwarding forwarding, Instance<CallOverflow> overflow) {
        this.forwarding = forwarding;
        this.flows = flows;
        this.overflow = overflow;
        this.users = users;
        this.answered = answered;
        this.routing = routing;
        this.blocklist = blocklist;
        this.drain = drain;
        this.agents = agents;
        this.capacity = capacity;
    }

    /** {@code callee}: the user of the edge the caller called (a SIP URI), or null for a call to a route. */
    void start(CallSession call, String callee) {
        if (drain.isDraining()) {
            call.hangup(Termination.of(Result.SHUTDOWN, "refused: shutting down"), Reason.CONGESTION);
            return;
        }
        Optional<AgentRoute> found;
        try {
            if (blocklist.isBlocked(call.from())) {
                call.hangup(Termination.of(Result.BLOCKED, "caller " + call.from() + " is blocked"), Reason.REJECTED);
                return;
            }
            if (callee != null) {
                users.start(call, callee);
                return;
            }
            found = routing.routeFor(call.to());
        } catch (RuntimeException e) {
            LOG.errorf(e, "blocklist or route lookup failed");
            call.hangup(Termination.of(Result.ERROR, "blocklist or route lookup failed"), Reason.CONGESTION);
            return;
        }
        if (found.isEmpty() || (found.get().url() == null && found.get().flow() == null)) {
            call.hangup(Termination.of(Result.NO_ROUTE, "no route for " + call.to()), Reason.UNALLOCATED);
            return;
        }
        AgentRoute route = found.get();
        call.routeTo(route);
        Optional<CallCapacity.Refusal> full = capacity.refusal(call);
        if (full.isPresent()) {
            if (full.get().byRoute() && route.overflowQueue() != null && route.flow() == null && overflow.isResolvable()) {
                call.markOwned();
                if (overflow.get().hold(call, route)) return; // the caller waits in the route's overflow queue
            }
            if (forwarding.onBusy(call, full.get().reason())) return; // the route forwards instead of refusing
            call.hangup(Termination.of(Result.OVER_CAPACITY, full.get().reason()), Reason.BUSY);
            return;
        }
        // Marked only now: a refused call is hung up at once and needs no marker (one ARI request less).
        call.markOwned();
        if (route.flow() != null) { // TwiML: the flow answers when a verb needs media (a <Reject> never does)
            flows.get().start(call, route);
            return;
        }
        // The media is set up before the answer: the caller's first packet, sent right after our 200 OK,
        // finds the bridge to the agent already there instead of a channel in no bridge.
        if (!agents.connect(call, route)) return;
        try {
            call.answer();
            answered.fire(new CallAnswered(call.callSid(), route.number()));
        } catch (Exception e) {
            LOG.errorf("could not answer the call: %s", e.getMessage());
            call.hangup(Termination.of(Result.ERROR, "answer failed: " + e.getMessage()), Reason.CONGESTION);
        }
    }
}
