package io.callbridge.call;

import io.callbridge.call.HangupCauses.Reason;
import io.callbridge.call.Termination.Result;
import io.callbridge.stream.AgentStream;
import io.callbridge.stream.StreamStart;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Joins an answered call, inbound or outbound, to its route's agent, and applies the route's forwarding on agent
 * failure ({@link Forwarding}) or else its onAgentFailure when the agent goes away: hang up, or transfer the caller
 * to a number or SIP URI.
 */
@ApplicationScoped
class AgentBridging {

    private static final Logger LOG = Logger.getLogger(AgentBridging.class);

    private final CallConfig config;
    private final MediaBridge.Services media;
    private final Transfers transfers;
    private final Forwarding forwarding;

    AgentBridging(CallConfig config, MediaBridge.Services media, Transfers transfers, Forwarding forwarding) {
        this.forwarding = forwarding;
        this.config = config;
        this.media = media;
        this.transfers = transfers;
    }

    /** Stream parameter set to {@code true} when the stream is reopened for an adopted call (docs/agents.md). */
    static final String RESUMED = "resumed";

    /**
     * On the call's executor: the call's media and agent stream. A failure hangs the call up with
     * {@code error} and returns false.
     */
    boolean connect(CallSession call, AgentRoute route) {
        return start(call, route, false, false, null);
    }

    /**
     * A TwiML flow's {@code <Connect><Stream>}: as {@link #connect}, but when the agent's stream ends (closed or
     * failed) its media is closed and {@code ended} gets the termination it would have had, instead of the
     * route's onAgentFailure; the flow goes on from there. On the call's executor.
     */
    boolean connect(CallSession call, AgentRoute route, Consumer<Termination> ended) {
        return start(call, route, false, false, ended);
    }

    /**
     * Gives a call that lost its media a new leg and a new agent stream, on the call's executor: an adopted
     * call (the app restarted; {@code callerBridged} when the caller still sits in the call's bridge), or a
     * call whose leg went while ARI was away. The agent sees a new stream with the same callSid, a new
     * streamSid and the parameter {@value #RESUMED}.
     */
    void resume(CallSession call, AgentRoute route, boolean callerBridged) {
        MediaBridge old = call.media();
        if (old != null) old.close();
        start(call, route, true, callerBridged && old == null, null);
    }

    private boolean start(CallSession call, AgentRoute route, boolean resumed, boolean callerBridged,
                          Consumer<Termination> ended) {
        try {
            MediaBridge bridge = new MediaBridge(media, call.callSid(), call.channelId(), resumed, call.hold());
            call.attach(bridge);
            Consumer<Termination> gone = ended == null ? t -> agentGone(call, t) : t -> {
                if (call.isClosed() || call.media() != bridge) return; // the flow moved on already
                LOG.infof("agent stream ended (%s): the call's flow goes on", t.reason());
                bridge.close();
                call.attach(null);
                ended.accept(t);
            };
            bridge.start(route, streamStart(call, route, resumed), agentEvents(call, gone), callerBridged);
            // One of the two INFO lines of a call (CallSession logs its end): operators see who called whom
            // through which route.
            LOG.infof("call %s: %s from %s to %s route=%s agent=%s (%s)", resumed ? "resumed" : "started",
                    call.direction().code(), call.from(), call.to(), route.number(), route.url(),
                    route.protocol().code());
            return true;
        } catch (Exception e) {
            LOG.errorf("could not bridge the call to its agent: %s", e.getMessage());
            call.hangup(Termination.of(Result.ERROR, "media setup failed: " + e.getMessage()), Reason.CONGESTION);
            return false;
        }
    }

    private StreamStart streamStart(CallSession call, AgentRoute route, boolean resumed) {
        Map<String, String> parameters = new HashMap<>(route.parameters());
        // AgentRoute.RESERVED_PARAMETERS: the API refuses routes that set these.
        if (call.from() != null) parameters.put("from", call.from());
        if (call.to() != null) parameters.put("to", call.to());
        parameters.put("direction", call.direction().code());
        if (resumed) parameters.put(RESUMED, "true");
        return new StreamStart(config.accountSid(), call.callSid(), newStreamSid(), call.from(), call.to(),
                Map.copyOf(parameters), route.sampleRate());
    }

    static String newStreamSid() {
        return CallSession.randomId("MZ", 16);
    }

    /** The agent stream's events arrive on socket threads; each is handed to the call's executor. */
    private AgentStream.Events agentEvents(CallSession call, Consumer<Termination> gone) {
        return new AgentStream.Events() {
            @Override
            public void agentClosed(String why) {
                call.submit(() -> gone.accept(Termination.of(Result.AGENT_HANGUP, why)));
            }

            @Override
            public void agentFailed(String why) {
                call.submit(() -> gone.accept(Termination.of(Result.AGENT_FAILED, why)));
            }

            @Override
            public void sendDtmf(String digits, Runnable done) {
                call.submit(() -> {
                    try {
                        if (call.media() != null && !call.isClosed()) call.media().sendDtmfToCaller(digits);
                    } finally {
                        done.run();
                    }
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
        // The route's forwarding with failover, when it has one for agent failures, comes before onAgentFailure.
        if (termination.result() == Result.AGENT_FAILED && forwarding.onAgentFailure(call, termination)) return;
        String policy = call.route() == null ? AgentRoute.HANGUP : call.route().onAgentFailure();
        if (termination.result() == Result.AGENT_FAILED && policy != null && !AgentRoute.HANGUP.equals(policy)) {
            LOG.infof("agent failed (%s): forwarding the caller to %s", termination.reason(), policy);
            transfers.start(call, policy, "onAgentFailure");
            return;
        }
        call.hangup(termination, Reason.NORMAL);
    }
}
