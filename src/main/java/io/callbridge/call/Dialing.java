package io.callbridge.call;

import ch.loway.oss.ari4java.tools.RestException;
import io.callbridge.ari.AriBridges;
import io.callbridge.ari.AriChannels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * One {@code <Dial>} on a call: the legs Callbridge placed (all ringing at once), the one that answered, and the
 * bridge joining it to the caller. Owned by the call's {@link CallSession}, which closes it when the call ends;
 * {@link Dials} drives it. Every method runs on the call's executor; every resource is released once.
 */
final class Dialing {

    /** Dialled legs are transfer legs to the rest of the call path (stray handling, adoption): same prefix. */
    static final String LEG_PREFIX = Transfer.LEG_PREFIX;
    static final String BRIDGE_PREFIX = "cb-db-";

    private static final Logger LOG = Logger.getLogger(Dialing.class);

    /** One dialled number or SIP URI. */
    static final class Leg {
        final String channelId;
        final String target;
        /** Twilio's DialCallSid for this leg. */
        final String dialCallSid = CallSession.newCallSid();
        final FarEnd farEnd = new FarEnd();
        /** How the leg ended unanswered (busy, no_answer, failed …); null while it rings or once it answered. */
        Termination.Result unanswered;
        Integer sipCode;
        boolean gone;

        Leg(String channelId, String target) {
            this.channelId = channelId;
            this.target = target;
        }

        boolean ended() {
            return gone || unanswered != null;
        }
    }

    private final AriChannels channels;
    private final AriBridges bridges;
    private final CallRegistry registry;
    private final CallSession call;
    final DialRequest request;
    final List<Leg> legs = new ArrayList<>();
    final String bridgeId;
    final CompletableFuture<DialOutcome> result = new CompletableFuture<>();
    Leg winner;
    long answeredNanos;
    /** Run once the winner is bridged to the caller (Dials#dial). */
    Runnable onAnswered = () -> { };
    private boolean bridged;
    private boolean finished;

    Dialing(AriChannels channels, AriBridges bridges, CallRegistry registry, CallSession call, DialRequest request,
            int serial) {
        this.channels = channels;
        this.bridges = bridges;
        this.registry = registry;
        this.call = call;
        this.request = request;
        this.bridgeId = BRIDGE_PREFIX + call.callSid() + "-" + serial;
        for (int i = 0; i < request.targets().size(); i++) {
            Leg leg = new Leg(LEG_PREFIX + call.callSid() + "-" + serial + "-" + i, request.targets().get(i));
            legs.add(leg);
            registry.alias(leg.channelId, call); // the leg's events reach the call's executor
        }
    }

    /** The leg whose channel is {@code channelId}, or null. */
    Leg leg(String channelId) {
        for (Leg leg : legs) if (leg.channelId.equals(channelId)) return leg;
        return null;
    }

    boolean isFinished() {
        return finished;
    }

    /** {@code leg} answered first: the caller stops hearing ringback and talks to it in a bridge of its own. */
    void bridge(Leg leg, String marker) throws RestException {
        winner = leg;
        answeredNanos = System.nanoTime();
        try {
            channels.ringStop(call.channelId());
        } catch (RestException | RuntimeException e) {
            LOG.debugf("stopping the ringback failed: %s", e.getMessage());
        }
        bridged = true;
        bridges.createMixing(bridgeId, marker);
        bridges.add(bridgeId, call.channelId(), leg.channelId);
    }

    /** Hangs up {@code leg} (a CANCEL while it rings). */
    void hangUp(Leg leg) {
        if (leg.gone) return;
        leg.gone = true;
        try {
            channels.hangup(leg.channelId, HangupCauses.Reason.NORMAL.ari);
        } catch (RestException | RuntimeException e) {
            LOG.debugf("hanging up dialled leg %s: %s", leg.channelId, e.getMessage());
        }
    }

    /**
     * Idempotent: hangs up every leg still there, takes the caller out of the dial's bridge and removes it, and
     * completes the dial with {@code outcome}. The caller's channel stays up for the flow's next verb.
     */
    void finish(DialOutcome outcome) {
        if (finished) return;
        finished = true;
        legs.forEach(this::hangUp);
        if (!bridged && !call.isClosed()) {
            try {
                channels.ringStop(call.channelId()); // the next verb must not play over ringback
            } catch (RestException | RuntimeException e) {
                LOG.debugf("stopping the ringback failed: %s", e.getMessage());
            }
        }
        if (bridged) {
            try {
                bridges.destroy(bridgeId); // the caller leaves it and stays in Stasis
            } catch (RestException | RuntimeException e) {
                LOG.warnf("destroying bridge %s failed: %s", bridgeId, e.getMessage());
            }
        }
        legs.forEach(leg -> registry.unalias(leg.channelId, call));
        call.dialing(this, null);
        LOG.infof("dial ended: status=%s target=%s duration=%ds", outcome.status(), outcome.target(),
                outcome.durationSeconds());
        result.complete(outcome);
    }

    /** The call ended or left the flow while dialling: everything goes, the dial ends {@code canceled}. */
    void close() {
        finish(new DialOutcome(winner != null ? DialOutcome.COMPLETED : DialOutcome.CANCELED, seconds(),
                winner != null ? winner.dialCallSid : legs.getFirst().dialCallSid,
                winner == null ? null : winner.target, winner != null ? Integer.valueOf(200) : null));
    }

    /** Seconds the answered leg has been bridged, rounded; 0 when none answered. */
    long seconds() {
        return winner == null ? 0 : Math.round((System.nanoTime() - answeredNanos) / 1e9);
    }
}
