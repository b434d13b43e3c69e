package io.callbridge.call;

import io.callbridge.ari.AriBridges;
import io.callbridge.ari.AriChannels;
import io.callbridge.ari.Ownership;
import io.callbridge.call.HangupCauses.Reason;
import io.callbridge.call.Termination.Result;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Warm transfer of a call from its AI agent to a human (POST /api/calls/{callSid}/transfer with {@code mode: warm}):
 * the agent's media leg leaves the call's bridge and the caller hears the route's music on hold, as on hold; the
 * target is dialled and, once it answers, talks with the agent in a bridge of its own (the agent's stream carries
 * the target's audio, and the target hears the agent). Then {@link #complete} joins the caller to the target and
 * stops the agent's stream, or {@link #cancel} hangs the target up and gives the caller back to the agent; a target
 * that is busy, does not answer or hangs up first gives the caller back by itself. Each step goes out as a
 * {@code transfer.*} webhook; a completed transfer ends the call's CDR as {@code transferred}. Every method runs on
 * the call's executor.
 */
@ApplicationScoped
class WarmTransfers implements LegEvents {

    static final String DIALING = "transfer.dialing";
    static final String ANSWERED = "transfer.answered";
    static final String COMPLETED = "transfer.completed";
    static final String CANCELED = "transfer.canceled";
    static final String FAILED = "transfer.failed";

    private static final Logger LOG = Logger.getLogger(WarmTransfers.class);

    private final AriChannels channels;
    private final AriBridges bridges;
    private final CallRegistry registry;
    private final OutboundTrunk trunk;
    private final CdrWriter cdr;
    private final Ownership ownership;
    /** Numbers the warm transfers of one process, so a call's successive transfers never reuse a channel id. */
    private final AtomicInteger serial = new AtomicInteger();

    WarmTransfers(AriChannels channels, AriBridges bridges, CallRegistry registry, OutboundTrunk trunk, CdrWriter cdr,
                  Ownership ownership) {
        this.channels = channels;
        this.bridges = bridges;
        this.registry = registry;
        this.trunk = trunk;
        this.cdr = cdr;
        this.ownership = ownership;
    }

    /**
     * Whether {@code call} can be transferred warm now: answered, talking to its agent (not on hold, not dialling,
     * not being transferred).
     */
    static boolean possible(CallSession call) {
        return !call.isClosed() && call.isAnswered() && !call.isTransferring() && call.dialing() == null
                && call.media() != null && !call.hold().held();
    }

    /** Starts a warm transfer of {@code call} to {@code target}; the caller must pass {@link #possible}. */
    void start(CallSession call, String target) {
        MediaBridge media = call.media();
        Transfer leg = Transfer.warm(channels, bridges, registry, call, target, ownership.marker(call.callSid()),
                serial.incrementAndGet());
        call.transferring(leg);
        LOG.infof("warm transfer of the call to %s", target);
        try {
            media.takeAgentOut(); // the caller hears music on hold, the agent nothing, until the target answers
        } catch (Exception e) {
            LOG.warnf("putting the caller on hold for a warm transfer failed: %s", e.getMessage());
            back(call, leg, FAILED, "failed", null);
            return;
        }
        step(call, leg, DIALING, null, null);
        try {
            int seconds = trunk.place(leg.legChannelId(), call.callSid(), target, call.from(), null, "transfer");
            call.after(Duration.ofSeconds(seconds), () -> {
                if (call.isClosed() || call.transfer() != leg || leg.isConsulting() || leg.isBridged()) return;
                FarEnd far = leg.farEnd();
                back(call, leg, FAILED, far.timedOut(seconds).code(), far.timedOutSipCode());
            });
        } catch (Exception e) {
            LOG.warnf("dialing warm transfer target %s failed: %s", target, e.getMessage());
            back(call, leg, FAILED, "failed", null);
        }
    }

    /**
     * Completes the warm transfer of {@code call}: the agent's stream ends with {@code stop} and the caller joins
     * the target. The call then ends as {@code transferred} when either side hangs up.
     */
    CallControl.WarmStep complete(CallSession call) {
        Transfer leg = call.transfer();
        if (leg == null || leg.kind() != Transfer.Kind.WARM || leg.isBridged()) return CallControl.WarmStep.NO_TRANSFER;
        if (!leg.isConsulting()) return CallControl.WarmStep.NOT_ANSWERED;
        MediaBridge media = call.media();
        if (media != null) media.close(); // the agent hears stop; the call's bridge goes, and its music with it
        try {
            leg.joinCaller();
        } catch (Exception e) {
            LOG.warnf("joining the caller to %s failed: %s", leg.target(), e.getMessage());
            step(call, leg, FAILED, "failed", null);
            call.hangup(Termination.of(Result.TRANSFER_FAILED, "warm transfer to " + leg.target()
                    + ": joining the caller failed"), Reason.NORMAL);
            return CallControl.WarmStep.FAILED;
        }
        LOG.infof("warm transfer to %s completed", leg.target());
        step(call, leg, COMPLETED, "completed", null);
        return CallControl.WarmStep.DONE;
    }

    /** Calls off the warm transfer of {@code call}: the target is hung up (or stops ringing), the agent is back. */
    CallControl.WarmStep cancel(CallSession call) {
        Transfer leg = call.transfer();
        if (leg == null || leg.kind() != Transfer.Kind.WARM || leg.isBridged()) return CallControl.WarmStep.NO_TRANSFER;
        LOG.infof("warm transfer to %s cancelled", leg.target());
        back(call, leg, CANCELED, "canceled", null);
        return CallControl.WarmStep.DONE;
    }

    /** A Dial event for the target's leg: once answered it talks with the agent. */
    @Override
    public void dialed(CallSession call, Transfer leg, String dialstatus) {
        if (call.isClosed() || call.transfer() != leg) return;
        DialStatus status = DialStatus.of(dialstatus);
        if (status == DialStatus.ANSWER) {
            if (leg.isConsulting()) return; // told again (ARI came back): it talks with the agent already
            MediaBridge media = call.media();
            try {
                if (media == null) throw new IllegalStateException("the agent's media is gone");
                leg.consult(media.externalChannel());
            } catch (Exception e) {
                LOG.warnf("bridging the agent to %s failed: %s", leg.target(), e.getMessage());
                back(call, leg, FAILED, "failed", null);
                return;
            }
            step(call, leg, ANSWERED, "answered", 200);
        } else if (status == DialStatus.PROGRESS) {
            leg.farEnd().rang();
        } else if (status.failed()) {
            back(call, leg, FAILED, leg.farEnd().unanswered(status).code(), leg.farEnd().sipCode(status));
        }
    }

    /** The target's leg went away: after the caller joined it (the call ends), while talking to the agent, or unanswered. */
    @Override
    public void legGone(CallSession call, Transfer leg, int cause, String techCause) {
        if (call.isClosed() || call.transfer() != leg) return;
        leg.farEnd().hangupRequested(cause, techCause);
        if (leg.isBridged()) {
            call.hangup(Termination.of(Result.TRANSFERRED, "warm transfer to " + leg.target() + "; it hung up"),
                    Reason.NORMAL);
        } else if (leg.isConsulting()) {
            back(call, leg, CANCELED, "target_hangup", null);
        } else {
            back(call, leg, FAILED, leg.farEnd().unanswered(null).code(), leg.farEnd().sipCode(null));
        }
    }

    /** The caller hung up: after joining the target, or while on hold. */
    @Override
    public void callerGone(CallSession call, Transfer leg, int cause, String causeText) {
        if (call.isClosed()) return;
        if (leg.isBridged()) {
            call.channelGone(Termination.of(Result.TRANSFERRED, "warm transfer to " + leg.target()
                    + "; the caller hung up"));
            return;
        }
        step(call, leg, CANCELED, "caller_hangup", null);
        call.channelGone(HangupCauses.remoteEnded(cause, causeText, true));
    }

    /**
     * The transfer is over without the caller joining the target: {@code event} goes out, the target's leg and
     * bridge go, and the agent's leg rejoins the caller (the music stops). An agent that cannot be brought back
     * ends the call as {@code error}.
     */
    private void back(CallSession call, Transfer leg, String event, String outcome, Integer sipCode) {
        step(call, leg, event, outcome, sipCode);
        call.transferring(null);
        MediaBridge media = call.media();
        if (media != null) leg.releaseAgent(media.externalChannel());
        leg.close();
        if (call.isClosed() || media == null) return;
        try {
            media.bringAgentBack();
        } catch (Exception e) {
            LOG.warnf("bringing the agent back after a warm transfer failed: %s", e.getMessage());
            call.hangup(Termination.of(Result.ERROR, "the agent could not rejoin the caller after a warm transfer: "
                    + e.getMessage()), Reason.NORMAL);
        }
    }

    private void step(CallSession call, Transfer leg, String event, String outcome, Integer sipCode) {
        try {
            cdr.transferStep(call.cdr(), event, leg.target(), outcome, sipCode);
        } catch (RuntimeException e) {
            LOG.errorf(e, "recording %s of call %s failed", event, call.callSid());
        }
    }
}
