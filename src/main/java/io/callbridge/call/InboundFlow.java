package io.callbridge.call;

import io.callbridge.ari.AriChannels;
import io.callbridge.call.HangupCauses.Reason;
import io.callbridge.call.Termination.Result;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What happens to a call handed to Stasis: refused while draining, rejected with 404 when no route
 * matches, otherwise answered. Until the media bridge lands, an answered call hears a prompt and is
 * hung up when it finishes.
 */
@ApplicationScoped
public class InboundFlow {

    private static final Logger LOG = Logger.getLogger(InboundFlow.class);

    private final CallRouting routing;
    private final CallDrain drain;
    private final CallConfig config;
    private final AriChannels channels;

    InboundFlow(CallRouting routing, CallDrain drain, CallConfig config, AriChannels channels) {
        this.routing = routing;
        this.drain = drain;
        this.config = config;
        this.channels = channels;
    }

    void start(CallSession call) {
        if (drain.isDraining()) {
            call.hangup(Termination.of(Result.SHUTDOWN, "refused: shutting down"), Reason.CONGESTION);
            return;
        }
        Optional<AgentRoute> route;
        try {
            route = routing.routeFor(call.to());
        } catch (RuntimeException e) {
            LOG.errorf(e, "route lookup failed");
            call.hangup(Termination.of(Result.ERROR, "route lookup failed"), Reason.CONGESTION);
            return;
        }
        if (route.isEmpty()) {
            call.hangup(Termination.of(Result.NO_ROUTE, "no route for " + call.to()), Reason.UNALLOCATED);
            return;
        }
        try {
            call.answer(route.get().number());
            channels.play(call.channelId(), config.greeting(), greetingId(call));
        } catch (Exception e) {
            LOG.errorf("could not answer: %s", e.getMessage());
            call.hangup(Termination.of(Result.ERROR, "answer failed: " + e.getMessage()), Reason.CONGESTION);
        }
    }

    void playbackFinished(CallSession call, String playbackId) {
        if (greetingId(call).equals(playbackId)) {
            call.hangup(Termination.of(Result.COMPLETED, "prompt played"), Reason.NORMAL);
        }
    }

    private static String greetingId(CallSession call) {
        return "greeting-" + call.callSid();
    }
}
