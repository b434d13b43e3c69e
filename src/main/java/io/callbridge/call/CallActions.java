package io.callbridge.call;

import io.callbridge.ari.AriChannels;
import io.callbridge.call.HangupCauses.Reason;
import io.callbridge.call.Termination.Result;
import io.callbridge.stream.Protocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * What a TwiML flow does to its call's channel, through the call path's own pieces: answer, refuse, hang up, play,
 * join an agent's stream and leave it, and the route's failure policy. Every method runs on the call's executor.
 */
@ApplicationScoped
public class CallActions {

    private static final Logger LOG = Logger.getLogger(CallActions.class);

    private final AgentBridging agents;
    private final Transfers transfers;
    private final CdrWriter cdr;
    private final AriChannels channels;
    private final Event<CallAnswered> answered;

    CallActions(AgentBridging agents, Transfers transfers, CdrWriter cdr, AriChannels channels,
                Event<CallAnswered> answered) {
        this.agents = agents;
        this.transfers = transfers;
        this.cdr = cdr;
        this.channels = channels;
        this.answered = answered;
    }

    /** Answers the call unless it is answered already; false (the call hung up with {@code error}) when it fails. */
    public boolean answer(CallSession call) {
        if (call.isAnswered()) return true;
        try {
            call.answer();
            answered.fire(new CallAnswered(call.callSid(), call.routeNumber()));
            return true;
        } catch (Exception e) {
            LOG.errorf("could not answer the call: %s", e.getMessage());
            call.hangup(Termination.of(Result.ERROR, "answer failed: " + e.getMessage()), Reason.CONGESTION);
            return false;
        }
    }

    /**
     * TwiML {@code <Reject>}: refuses an unanswered call with 486 Busy Here ({@code busy}) or, for
     * {@code rejected}, 603 Decline; an answered call is hung up. Termination {@code rejected} or {@code busy}.
     */
    public void reject(CallSession call, boolean busy) {
        if (busy || call.isAnswered()) {
            call.hangup(Termination.of(busy ? Result.BUSY : Result.REJECTED, "<Reject reason=\""
                    + (busy ? "busy" : "rejected") + "\">"), busy ? Reason.BUSY : Reason.REJECTED);
            return;
        }
        // ARI's hangup reasons reach 403 at most (chan_pjsip's hangup_cause2sip); the dialplan's PJSIPHangup sends
        // any final response (asterisk/extensions.conf, context callbridge-reject).
        try {
            channels.continueInDialplan(call.channelId(), REJECT_CONTEXT, "603");
            call.leftToDialplan(Termination.of(Result.REJECTED, "<Reject reason=\"rejected\">"), 603);
        } catch (Exception e) {
            LOG.warnf("refusing with 603 failed (%s): refusing with 403", e.getMessage());
            call.hangup(Termination.of(Result.REJECTED, "<Reject reason=\"rejected\">"), Reason.REJECTED);
        }
    }

    /** The dialplan context that refuses a call with the SIP code its extension names (asterisk/extensions.conf). */
    static final String REJECT_CONTEXT = "callbridge-reject";

    /** Plays {@code media} (an ARI media URI such as {@code sound:beep}) as {@code playbackId}; ARI errors propagate. */
    public void play(CallSession call, String media, String playbackId) throws Exception {
        channels.play(call.channelId(), media, playbackId);
    }

    /** Stops the playback {@code playbackId}; one that has ended already is no error. */
    public void stopPlayback(String playbackId) {
        try {
            channels.stopPlayback(playbackId);
        } catch (Exception e) {
            LOG.debugf("stopping playback %s: %s", playbackId, e.getMessage());
        }
    }

    /**
     * {@code <Connect><Stream>}: joins the answered call to the agent at {@code url} (ws or wss) with stream
     * {@code parameters}, spoken to in the protocol and sample rate of the call's route (twilio, 8 kHz without
     * one). When the agent's stream ends, its media goes and {@code ended} gets the termination the call would have
     * had. False (the call hung up with {@code error}) when the media cannot be set up.
     */
    public boolean connectStream(CallSession call, URI url, Map<String, String> parameters,
                                 Consumer<Termination> ended) {
        AgentRoute route = call.route();
        Map<String, String> given = new HashMap<>(parameters);
        given.keySet().removeAll(AgentRoute.RESERVED_PARAMETERS); // Callbridge sets these itself
        AgentRoute stream = route == null
                ? new AgentRoute(0, call.to(), url, Protocol.TWILIO, 8000, given, null, AgentRoute.HANGUP)
                : new AgentRoute(route.id(), route.number(), url, route.protocol(), route.sampleRate(), given,
                        route.maxConcurrentCalls(), route.onAgentFailure(), route.mohClass(), route.holdEvents(),
                        route.record(), route.recordAnnouncement());
        return agents.connect(call, stream, ended);
    }

    /** Ends the call's agent stream, if any (the agent hears {@code stop}), keeping the call: a live redirect. */
    public void disconnectAgent(CallSession call) {
        MediaBridge bridge = call.media();
        if (bridge == null) return;
        bridge.close();
        call.attach(null);
    }

    /**
     * The flow failed for {@code reason}: {@code flow.failed} goes out, and the route's onAgentFailure applies
     * (forward the caller to its number or SIP URI, or hang up with termination {@code flow_failed}).
     */
    public void flowFailed(CallSession call, String source, String reason) {
        if (call.isClosed()) return;
        LOG.warnf("call %s: flow failed (%s): %s", call.callSid(), source, reason);
        try {
            cdr.flowFailed(call.callSid(), source, reason);
        } catch (RuntimeException e) {
            LOG.warnf("recording the flow failure failed: %s", e.getMessage());
        }
        String policy = call.route() == null ? AgentRoute.HANGUP : call.route().onAgentFailure();
        if (policy != null && !AgentRoute.HANGUP.equals(policy) && call.isAnswered()) {
            disconnectAgent(call);
            transfers.start(call, policy, "flow failed: " + reason);
            return;
        }
        call.hangup(Termination.of(Result.FLOW_FAILED, reason), call.isAnswered() ? Reason.NORMAL : Reason.CONGESTION);
    }
}
