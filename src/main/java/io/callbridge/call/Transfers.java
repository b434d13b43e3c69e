package io.callbridge.call;

import io.callbridge.ari.AriBridges;
import io.callbridge.ari.AriChannels;
import io.callbridge.ari.Ownership;
import io.callbridge.call.HangupCauses.Reason;
import io.callbridge.call.Termination.Result;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Blind transfer of an answered call (POST /api/calls/{callSid}/transfer, or a route's onAgentFailure):
 * the agent's stream ends with {@code stop}, the target is dialed through the outbound endpoint, and when
 * it answers the caller is bridged to it. The call's CDR ends when either side hangs up (termination
 * {@code transferred}); a target that does not answer ends the call as {@code transfer_failed}. The
 * outcome goes out as {@code call.transferred}. Every method runs on the call's executor.
 */
@ApplicationScoped
class Transfers implements LegEvents {

    private static final Logger LOG = Logger.getLogger(Transfers.class);

    private final AriChannels channels;
    private final AriBridges bridges;
    private final CallRegistry registry;
    private final OutboundTrunk trunk;
    private final CdrWriter cdr;
    private final Ownership ownership;

    Transfers(AriChannels channels, AriBridges bridges, CallRegistry registry, OutboundTrunk trunk, CdrWriter cdr,
              Ownership ownership) {
        this.ownership = ownership;
        this.channels = channels;
        this.bridges = bridges;
        this.registry = registry;
        this.trunk = trunk;
        this.cdr = cdr;
    }

    /** Starts handing {@code call} to {@code target}; {@code why} goes to the log. */
    void start(CallSession call, String target, String why) {
        if (call.isClosed() || call.isTransferring()) return;
        LOG.infof("transferring the call to %s (%s)", target, why);
        Transfer transfer = new Transfer(channels, bridges, registry, call, target, ownership.marker(call.callSid()));
        call.transferring(transfer);
        if (call.media() != null) call.media().close(); // the agent hears stop; the caller leaves its bridge
        transfer.ringback(); // rather than silence while the target rings
        try {
            int seconds = trunk.place(transfer.legChannelId(), call.callSid(), target, call.from(), null, "transfer");
            call.after(Duration.ofSeconds(seconds), () -> {
                if (!call.isClosed() && call.transfer() == transfer && !transfer.isBridged()) {
                    FarEnd leg = transfer.farEnd();
                    failed(call, transfer, leg.timedOut(seconds).code(), leg.timedOutSipCode());
                }
            });
        } catch (Exception e) {
            LOG.warnf("dialing transfer target %s failed: %s", target, e.getMessage());
            failed(call, transfer, "failed", null);
        }
    }

    /** A Dial event for the transfer leg. */
    @Override
    public void dialed(CallSession call, Transfer transfer, String dialstatus) {
        if (call.isClosed()) return;
        DialStatus status = DialStatus.of(dialstatus);
        if (status == DialStatus.ANSWER) {
            try {
                transfer.join();
                record(call, transfer, "answered", 200);
            } catch (Exception e) {
                LOG.warnf("bridging the caller to %s failed: %s", transfer.target(), e.getMessage());
                failed(call, transfer, "failed", null);
            }
        } else if (status == DialStatus.PROGRESS) {
            transfer.farEnd().rang();
        } else if (status.failed()) {
            failed(call, transfer, transfer.farEnd().unanswered(status).code(), transfer.farEnd().sipCode(status));
        }
    }

    /** The transfer leg went away: the target hung up after talking, or never answered. */
    @Override
    public void legGone(CallSession call, Transfer transfer, int cause, String techCause) {
        if (call.isClosed()) return;
        transfer.farEnd().hangupRequested(cause, techCause);
        if (transfer.isBridged()) {
            call.hangup(Termination.of(Result.TRANSFERRED, "transferred to " + transfer.target() + "; it hung up"),
                    Reason.NORMAL);
        } else {
            failed(call, transfer, transfer.farEnd().unanswered(null).code(), transfer.farEnd().sipCode(null));
        }
    }

    /** The caller hung up during the transfer: after talking to the target, or while it still rang. */
    @Override
    public void callerGone(CallSession call, Transfer transfer, int cause, String causeText) {
        if (call.isClosed()) return;
        if (transfer.isBridged()) {
            call.channelGone(Termination.of(Result.TRANSFERRED, "transferred to " + transfer.target()
                    + "; the caller hung up"));
            return;
        }
        record(call, transfer, "canceled", null); // the caller left first
        call.channelGone(HangupCauses.remoteEnded(cause, causeText, true));
    }

    private void failed(CallSession call, Transfer transfer, String outcome, Integer sipCode) {
        record(call, transfer, outcome, sipCode);
        call.hangup(Termination.of(Result.TRANSFER_FAILED, "transfer to " + transfer.target() + ": "
                + outcome.toLowerCase(Locale.ROOT) + (sipCode == null ? "" : " (" + sipCode + ")")), Reason.NORMAL);
    }

    private void record(CallSession call, Transfer transfer, String outcome, Integer sipCode) {
        try {
            cdr.transferred(call.cdr(), transfer.target(), outcome, sipCode);
        } catch (RuntimeException e) {
            LOG.errorf(e, "recording the transfer of call %s failed", call.callSid());
        }
    }
}
