package io.callbridge.call;

import io.callbridge.ari.AriBridges;
import io.callbridge.ari.AriChannels;
import io.callbridge.ari.Ownership;
import io.callbridge.call.HangupCauses.Reason;
import io.callbridge.call.Termination.Result;
import io.callbridge.sip.EdgeDomains;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * A phone's call to a user of the edge (another phone): Kamailio hands it to Asterisk like any call, naming the
 * user in {@code X-Callbridge-Callee} (kamailio/calls.cfg), so it has a CDR like every call. The app dials the
 * user back through Kamailio (the edge endpoint: every registered contact rings) while the caller hears
 * ringing; when the user answers, the caller is answered and the two talk in a bridge of their own. A user
 * who does not take the call (480 when not registered, 486, no answer) is the caller's answer too, and the
 * CDR's. The leg is a {@link Transfer} of the call (its events come here, not to {@link Transfers}). Every
 * method but {@link #start} runs on the call's executor; start does too (InboundFlow).
 */
@ApplicationScoped
class UserCalls implements LegEvents {

    private static final Logger LOG = Logger.getLogger(UserCalls.class);

    private final AriChannels channels;
    private final AriBridges bridges;
    private final CallRegistry registry;
    private final OutboundTrunk trunk;
    private final Ownership ownership;
    private final EdgeDomains domains;

    UserCalls(AriChannels channels, AriBridges bridges, CallRegistry registry, OutboundTrunk trunk,
              Ownership ownership, EdgeDomains domains) {
        this.channels = channels;
        this.bridges = bridges;
        this.registry = registry;
        this.trunk = trunk;
        this.ownership = ownership;
        this.domains = domains;
    }

    /** Rings {@code callee} (a SIP URI) for {@code call}, unanswered so far. */
    void start(CallSession call, String callee) {
        if (!domains.isLocalUser(callee)) { // the header comes only from Kamailio; anything else is not ours to ring
            call.hangup(Termination.of(Result.NO_ROUTE, "not a user of the edge: " + callee), Reason.UNALLOCATED);
            return;
        }
        call.markOwned();
        Transfer leg = new Transfer(channels, bridges, registry, call, callee, ownership.marker(call.callSid()), Transfer.Kind.USER_CALL);
        call.transferring(leg);
        leg.ringback();
        try {
            int seconds = trunk.place(leg.legChannelId(), call.callSid(), callee, call.from(), null, "user call");
            call.after(Duration.ofSeconds(seconds), () -> {
                if (!call.isClosed() && !leg.isBridged()) {
                    FarEnd far = leg.farEnd();
                    failed(call, leg, far.timedOut(seconds), far.timedOutSipCode());
                }
            });
        } catch (Exception e) {
            LOG.warnf("dialing user %s failed: %s", callee, e.getMessage());
            failed(call, leg, Termination.of(Result.FAILED, "dial failed: " + e.getMessage()), 503);
        }
    }

    /** A Dial event for the user's leg. */
    @Override
    public void dialed(CallSession call, Transfer leg, String dialstatus) {
        if (call.isClosed()) return;
        DialStatus status = DialStatus.of(dialstatus);
        if (status == DialStatus.ANSWER) {
            try {
                call.answer();
                leg.join();
            } catch (Exception e) {
                LOG.warnf("bridging the caller to %s failed: %s", leg.target(), e.getMessage());
                call.hangup(Termination.of(Result.ERROR, "bridging to " + leg.target() + " failed"), Reason.NORMAL);
            }
        } else if (status == DialStatus.PROGRESS) {
            leg.farEnd().rang();
        } else if (status.failed()) {
            FarEnd far = leg.farEnd();
            failed(call, leg, Termination.of(far.unanswered(status), leg.target() + ": dial status " + dialstatus),
                    far.sipCode(status));
        }
    }

    /** The user's leg went away: the user hung up after talking, or never answered. */
    @Override
    public void legGone(CallSession call, Transfer leg, int cause, String techCause) {
        if (call.isClosed()) return;
        leg.farEnd().hangupRequested(cause, techCause);
        if (leg.isBridged()) {
            call.hangup(Termination.of(Result.COMPLETED, leg.target() + " hung up"), Reason.NORMAL);
        } else {
            FarEnd far = leg.farEnd();
            failed(call, leg, Termination.of(far.unanswered(null), leg.target() + ": "
                    + HangupCauses.causeReason(far.cause(), null)), far.sipCode(null));
        }
    }

    /** The caller hung up: after talking, or while the user still rang (cancelled). */
    @Override
    public void callerGone(CallSession call, Transfer leg, int cause, String causeText) {
        if (call.isClosed()) return;
        call.channelGone(HangupCauses.remoteEnded(cause, causeText, leg.isBridged()));
    }

    /** The user did not take the call: the caller gets the user's answer (as near as ARI can say it). */
    private static void failed(CallSession call, Transfer leg, Termination termination, Integer sipCode) {
        LOG.infof("user %s did not take the call: %s (%s)", leg.target(), termination.reason(), sipCode);
        call.hangup(termination, reasonFor(sipCode));
    }

    /** The ARI hangup reason whose SIP response (chan_pjsip's hangup_cause2sip) is nearest {@code sipCode}. */
    static Reason reasonFor(Integer sipCode) {
        if (sipCode == null) return Reason.CONGESTION;
        return switch (sipCode) {
            case 486, 600 -> Reason.BUSY;
            case 404, 410, 484, 604 -> Reason.UNALLOCATED;
            case 403, 603 -> Reason.REJECTED;
            case 408, 480, 487 -> Reason.NO_ANSWER;
            default -> Reason.CONGESTION;
        };
    }
}
