package io.callbridge.call;

import io.callbridge.call.HangupCauses.Reason;
import io.callbridge.call.Termination.Result;
import io.callbridge.stream.AgentStream;
import io.callbridge.stream.StreamStart;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * What happens to a call handed to Stasis: refused while draining, 403 from a blocked caller, 404 without
 * a route, 486 when the instance or its
 * route is at capacity; otherwise answered and bridged to the route's agent. When the agent goes away,
 * the route's onAgentFailure applies.
 */
@ApplicationScoped
public class InboundFlow {

    private static final Logger LOG = Logger.getLogger(InboundFlow.class);

    private final CallRouting routing;
    private final Blocklist blocklist;
    private final CallDrain drain;
    private final CallRegistry registry;
    private final CallConfig config;
    private final MediaBridge.Services media;
    private final CallCapacity capacity;

    InboundFlow(CallRouting routing, Blocklist blocklist, CallDrain drain, CallRegistry registry, CallConfig config,
                MediaBridge.Services media, CallCapacity capacity) {
        this.routing = routing;
        this.blocklist = blocklist;
        this.drain = drain;
        this.registry = registry;
        this.config = config;
        this.media = media;
        this.capacity = capacity;
    }

    void start(CallSession call) {
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
            found = routing.routeFor(call.to());
        } catch (RuntimeException e) {
            LOG.errorf(e, "blocklist or route lookup failed");
            call.hangup(Termination.of(Result.ERROR, "blocklist or route lookup failed"), Reason.CONGESTION);
            return;
        }
        if (found.isEmpty() || found.get().url() == null) {
            call.hangup(Termination.of(Result.NO_ROUTE, "no route for " + call.to()), Reason.UNALLOCATED);
            return;
        }
        AgentRoute route = found.get();
        call.routeTo(route);
        if (capacity.refuseIfFull(call)) return;
        Integer max = route.maxConcurrentCalls();
        if (max != null && registry.activeOnRoute(route.id()) > max) {
            call.hangup(Termination.of(Result.OVER_CAPACITY, "route " + route.number() + " at " + max + " calls"),
                    Reason.BUSY);
            return;
        }
        try {
            call.answer();
            MediaBridge bridge = new MediaBridge(media, call.callSid(), call.channelId());
            call.attach(bridge);
            bridge.start(route, streamStart(call, route), agentEvents(call));
        } catch (Exception e) {
            LOG.errorf("could not bridge the call to its agent: %s", e.getMessage());
            call.hangup(Termination.of(Result.ERROR, "media setup failed: " + e.getMessage()), Reason.CONGESTION);
        }
    }

    private StreamStart streamStart(CallSession call, AgentRoute route) {
        Map<String, String> parameters = new HashMap<>(route.parameters());
        if (call.from() != null) parameters.put("from", call.from());
        if (call.to() != null) parameters.put("to", call.to());
        return new StreamStart(config.accountSid(), call.callSid(), newStreamSid(), call.from(), call.to(),
                Map.copyOf(parameters), route.sampleRate());
    }

    static String newStreamSid() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "MZ" + HexFormat.of().formatHex(bytes);
    }

    /** The agent stream's events arrive on socket threads; each is handed to the call's executor. */
    private AgentStream.Events agentEvents(CallSession call) {
        return new AgentStream.Events() {
            @Override
            public void agentClosed(String why) {
                call.submit(() -> agentGone(call, Termination.of(Result.AGENT_HANGUP, why)));
            }

            @Override
            public void agentFailed(String why) {
                call.submit(() -> agentGone(call, Termination.of(Result.AGENT_FAILED, why)));
            }

            @Override
            public void sendDtmf(String digits) {
                call.submit(() -> {
                    if (call.media() != null && !call.isClosed()) call.media().sendDtmfToCaller(digits);
                });
            }
        };
    }

    /** The route's onAgentFailure. Forwarding to a number or SIP URI needs call transfer (REST API work). */
    private void agentGone(CallSession call, Termination termination) {
        String policy = call.route() == null ? AgentRoute.HANGUP : call.route().onAgentFailure();
        if (!AgentRoute.HANGUP.equals(policy)) {
            LOG.warnf("onAgentFailure %s: forwarding is not available yet; hanging up", policy);
        }
        call.hangup(termination, Reason.NORMAL);
    }
}
