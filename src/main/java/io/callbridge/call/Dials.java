package io.callbridge.call;

import io.callbridge.ari.AriBridges;
import io.callbridge.ari.AriChannels;
import io.callbridge.ari.Ownership;
import io.callbridge.call.Termination.Result;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Dials for a call in a TwiML flow ({@code <Dial>} and forwarding): places one leg per target through the
 * {@link OutboundTrunk} (users of the edge's own domains through Kamailio, anything else through the outbound
 * endpoint), all ringing at once while the caller hears ringback. The first to answer is bridged to the caller
 * and the others are cancelled; the dial ends when either side of the bridge hangs up, at the time limit, at the
 * ring timeout, or when every leg failed. The caller's channel stays up for the flow to go on. Twilio's
 * semantics: https://www.twilio.com/docs/voice/twiml/dial. Every method runs on the call's executor.
 */
@ApplicationScoped
public class Dials {

    private static final Logger LOG = Logger.getLogger(Dials.class);

    private final AriChannels channels;
    private final AriBridges bridges;
    private final CallRegistry registry;
    private final OutboundTrunk trunk;
    private final Ownership ownership;
    /** Numbers the dials of one process, so a call's successive dials never reuse a channel id. */
    private final AtomicInteger serial = new AtomicInteger();

    Dials(AriChannels channels, AriBridges bridges, CallRegistry registry, OutboundTrunk trunk, Ownership ownership) {
        this.channels = channels;
        this.bridges = bridges;
        this.registry = registry;
        this.trunk = trunk;
        this.ownership = ownership;
    }

    /**
     * Dials {@code request}'s targets for {@code call} (answered, in no bridge: a flow's call between verbs). The
     * stage completes, on the call's executor, when the dial is over; it never completes exceptionally: a target
     * that cannot be placed is a {@code failed} leg. A call already dialling completes at once as {@code failed}.
     */
    public CompletionStage<DialOutcome> dial(CallSession call, DialRequest request) {
        return dial(call, request, () -> { });
    }

    /**
     * As {@link #dial(CallSession, DialRequest)}, running {@code onAnswered} on the call's executor once a target
     * answered and is bridged to the caller (at most once; {@code <Dial record="record-from-answer">} starts there).
     */
    public CompletionStage<DialOutcome> dial(CallSession call, DialRequest request, Runnable onAnswered) {
        if (call.isClosed() || call.dialing() != null || call.isTransferring()) {
            return CompletableFuture.completedFuture(new DialOutcome(DialOutcome.FAILED, 0, null, null, null));
        }
        Dialing dialing = new Dialing(channels, bridges, registry, call, request, serial.incrementAndGet());
        dialing.onAnswered = onAnswered;
        call.dialing(null, dialing);
        try {
            channels.ring(call.channelId()); // ringback rather than silence while the targets ring
        } catch (Exception e) {
            LOG.debugf("ringback to the caller failed: %s", e.getMessage());
        }
        String callerId = request.callerId() != null ? request.callerId() : call.from();
        int ringSeconds = (int) Math.max(1, request.timeout().toSeconds());
        for (Dialing.Leg leg : dialing.legs) {
            try {
                trunk.place(leg.channelId, call.callSid(), leg.target, callerId, ringSeconds, "dial");
            } catch (Exception e) {
                LOG.warnf("dialing %s failed: %s", leg.target, e.getMessage());
                leg.gone = true;
                ended(call, dialing, leg, Result.FAILED, null);
                if (dialing.isFinished()) return dialing.result;
            }
        }
        call.after(request.timeout(), () -> {
            if (dialing.isFinished() || dialing.winner != null) return;
            for (Dialing.Leg leg : dialing.legs) {
                if (leg.ended()) continue;
                leg.unanswered = leg.farEnd.timedOut(ringSeconds).result();
                leg.sipCode = leg.farEnd.timedOutSipCode();
            }
            dialing.finish(unanswered(dialing));
        });
        return dialing.result;
    }

    /** Stops {@code call}'s dial, if any (the flow was redirected): every leg is hung up, the dial ends. */
    public void cancel(CallSession call) {
        Dialing dialing = call.dialing();
        if (dialing != null) dialing.close();
    }

    /** A Dial event for one of the dial's legs. */
    void dialed(CallSession call, Dialing dialing, Dialing.Leg leg, String dialstatus) {
        if (dialing.isFinished() || leg.ended()) return;
        DialStatus status = DialStatus.of(dialstatus);
        if (status == DialStatus.PROGRESS) {
            leg.farEnd.rang();
        } else if (status == DialStatus.ANSWER) {
            answered(call, dialing, leg);
        } else if (status.failed()) {
            ended(call, dialing, leg, leg.farEnd.unanswered(status), leg.farEnd.sipCode(status));
        }
    }

    /** Asterisk was asked to hang up one of the legs, with this cause. */
    void hangupRequested(Dialing.Leg leg, int cause, String techCause) {
        leg.farEnd.hangupRequested(cause, techCause);
    }

    /** One of the dial's legs is gone: the answered one ends the dial, another one may be the last to fail. */
    void legGone(CallSession call, Dialing dialing, Dialing.Leg leg, int cause, String techCause) {
        if (dialing.isFinished()) return;
        leg.farEnd.hangupRequested(cause, techCause);
        leg.gone = true;
        if (leg == dialing.winner) {
            dialing.finish(completed(dialing));
        } else if (leg.unanswered == null) {
            ended(call, dialing, leg, leg.farEnd.unanswered(null), leg.farEnd.sipCode(null));
        }
    }

    private void answered(CallSession call, Dialing dialing, Dialing.Leg leg) {
        if (dialing.winner != null) { // a second answer: the first one won
            dialing.hangUp(leg);
            return;
        }
        try {
            dialing.bridge(leg, ownership.marker(call.callSid()));
        } catch (Exception e) {
            LOG.warnf("bridging the caller to %s failed: %s", leg.target, e.getMessage());
            dialing.finish(new DialOutcome(DialOutcome.FAILED, 0, leg.dialCallSid, null, null));
            return;
        }
        for (Dialing.Leg other : dialing.legs) if (other != leg) dialing.hangUp(other); // the others are cancelled
        LOG.infof("dial answered by %s", leg.target);
        try {
            dialing.onAnswered.run();
        } catch (RuntimeException e) {
            LOG.warnf("after the answer of %s: %s", leg.target, e.getMessage());
        }
        call.after(dialing.request.timeLimit(), () -> {
            if (!dialing.isFinished() && dialing.winner == leg) dialing.finish(completed(dialing));
        });
    }

    /** {@code leg} ended unanswered; when it was the last one ringing, the dial is over. */
    private void ended(CallSession call, Dialing dialing, Dialing.Leg leg, Result result, Integer sipCode) {
        leg.unanswered = result;
        leg.sipCode = sipCode;
        if (dialing.winner != null) return;
        if (!leg.gone) dialing.hangUp(leg);
        for (Dialing.Leg other : dialing.legs) if (!other.ended()) return;
        dialing.finish(unanswered(dialing));
    }

    private static DialOutcome completed(Dialing dialing) {
        return new DialOutcome(DialOutcome.COMPLETED, dialing.seconds(), dialing.winner.dialCallSid,
                dialing.winner.target, 200);
    }

    /**
     * How a dial that nobody answered ended: {@code no-answer} when some target rang, else {@code busy} when
     * one was busy, else {@code failed}; with the SIP response of the leg that says so.
     */
    static DialOutcome unanswered(Dialing dialing) {
        Dialing.Leg first = dialing.legs.getFirst();
        for (Result wanted : new Result[] {Result.NO_ANSWER, Result.BUSY}) {
            for (Dialing.Leg leg : dialing.legs) {
                if (leg.unanswered == wanted) {
                    return new DialOutcome(wanted == Result.BUSY ? DialOutcome.BUSY : DialOutcome.NO_ANSWER, 0,
                            first.dialCallSid, null, leg.sipCode);
                }
            }
        }
        Integer sipCode = null;
        for (Dialing.Leg leg : dialing.legs) if (leg.sipCode != null) sipCode = leg.sipCode;
        return new DialOutcome(DialOutcome.FAILED, 0, first.dialCallSid, null, sipCode);
    }
}
