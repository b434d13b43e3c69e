package io.callbridge.call;

import io.callbridge.call.HangupCauses.Reason;
import io.callbridge.call.Termination.Result;
import io.callbridge.stream.AgentStream;
import io.callbridge.stream.StreamStart;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Joins an answered call, inbound or outbound, to its route's agent, and applies the route's
 * onAgentFailure when the agent goes away: hang up, or transfer the caller to a number or SIP URI.
 */
@ApplicationScoped
class AgentBridging {

    private static final Logger LOG = Logger.getLogger(AgentBridging.class);

    private final CallConfig config;
    private final MediaBridge.Services media;
    private final Transfers transfers;

    AgentBridging(CallConfig config, MediaBridge.Services media, Transfers transfers) {
        this.config = config;
        this.media = media;
        this.transfers = transfers;
    }

    /** On the call's executor, once the call is answered. A failure hangs the call up with {@code error}. */
    void connect(CallSession call, AgentRoute route) {
        try {
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
        // AgentRoute.RESERVED_PARAMETERS: the API refuses routes that set these.
        if (call.from() != null) parameters.put("from", call.from());
        if (call.to() != null) parameters.put("to", call.to());
        parameters.put("direction", call.direction().code());
        return new StreamStart(config.accountSid(), call.callSid(), newStreamSid(), call.from(), call.to(),
                Map.copyOf(parameters), route.sampleRate());
    }

    static String newStreamSid() {
        return CallSession.randomId("MZ", 16);
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

    /**
     * The route's onAgentFailure. A clean close by the agent ends the call; an agent that failed hands the
     * caller to the fallback number or SIP URI when the route names one.
     */
    private void agentGone(CallSession call, Termination termination) {
        if (call.isClosed() || call.isTransferring()) return;
        String policy = call.route() == null ? AgentRoute.HANGUP : call.route().onAgentFailure();
        if (termination.result() == Result.AGENT_FAILED && policy != null && !AgentRoute.HANGUP.equals(policy)) {
            LOG.infof("agent failed (%s): forwarding the caller to %s", termination.reason(), policy);
            transfers.start(call, policy, "onAgentFailure");
            return;
        }
        call.hangup(termination, Reason.NORMAL);
    }
}
