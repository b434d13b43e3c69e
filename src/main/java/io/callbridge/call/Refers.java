package io.callbridge.call;

import io.callbridge.ari.AriBridges;
import io.callbridge.ari.AriChannels;
import io.callbridge.ari.Ownership;
import io.callbridge.call.HangupCauses.Reason;
import io.callbridge.call.Termination.Result;
import io.callbridge.sip.EdgeDomains;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * A phone's blind transfer (SIP REFER, RFC 3515) of its call with an agent: as on a PBX, the party the phone
 * talks to (the agent) is handed to the target and the phone leaves. The target is dialed while the phone
 * still talks to the agent; once it answers it joins the agent's bridge, the phone is told 200 (NOTIFY) and
 * hangs up, and the call goes on between the agent and the target until either ends it (termination
 * {@code transferred} when the target hangs up). A target that does not answer is reported to the phone
 * (NOTIFY with the failure) and the call goes on with the phone. Each attempt goes out as
 * {@code call.transferred} with {@code via: refer}.
 *
 * <p>An attended transfer (Replaces, RFC 3891) joins the phone's two calls: the phone talks to the agent
 * (call 1) and to another user (call 2, {@link UserCalls}) and refers one with Replaces naming the other.
 * The user's answered leg leaves call 2 for call 1's agent bridge, the phone is told 200, call 2 ends
 * {@code transferred}; call 1 goes on as after a blind transfer. Other attended transfers, and REFERs on a
 * call without an agent, are declined. Every method runs on the executor of the call it is given.
 */
@ApplicationScoped
class Refers implements LegEvents {

    private static final Logger LOG = Logger.getLogger(Refers.class);
    /** A Refer-To user part becomes part of a dial string: nothing that could end it or add another. */
    private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9+*#._\\-]{1,64}");

    private final AriChannels channels;
    private final AriBridges bridges;
    private final CallRegistry registry;
    private final OutboundTrunk trunk;
    private final CdrWriter cdr;
    private final Ownership ownership;
    private final EdgeDomains domains;
    private final ReferProgress reports;

    Refers(AriChannels channels, AriBridges bridges, CallRegistry registry, OutboundTrunk trunk, CdrWriter cdr,
           Ownership ownership, EdgeDomains domains, ReferProgress reports) {
        this.channels = channels;
        this.bridges = bridges;
        this.registry = registry;
        this.trunk = trunk;
        this.cdr = cdr;
        this.ownership = ownership;
        this.domains = domains;
        this.reports = reports;
    }

    /**
     * The phone on the call's channel sent a REFER. {@code destination}: the Refer-To user part of a blind
     * transfer (a user of the edge, or a number for the trunk); {@code protocolId}: set for an attended one,
     * with {@code replacedChannelId} (the channel of the dialog the Replaces names, as Asterisk resolved it);
     * {@code state}: Asterisk's (a progress it echoes is not a new request).
     */
    void requested(CallSession call, String destination, String protocolId, String state, String replacedChannelId) {
        if (call.isClosed()) return;
        if (state != null && state.startsWith("channel_")) { // Asterisk echoing the progress we reported
            LOG.debugf("transfer of the call now %s", state);
            reports.echoed(call.channelId(), state);
            return;
        }
        reports.accepted(call.channelId()); // "100 Trying" now, alone: see ReferProgress
        LOG.debugf("REFER to %s (state \"%s\")", destination != null ? destination : "call " + protocolId, state);
        if (protocolId != null) {
            attended(call, protocolId, replacedChannelId);
            return;
        }
        MediaBridge media = call.media();
        if (destination == null || media == null || call.isTransferring()
                || !TARGET.matcher(destination).matches()) {
            LOG.infof("REFER to %s declined (no agent on the call, or a transfer under way)",
                    destination != null ? destination : "call " + protocolId);
            progress(call, "channel_declined");
            return;
        }
        String target;
        try {
            target = domains.userUri(destination).orElse(destination);
        } catch (RuntimeException e) {
            LOG.warnf("REFER to %s declined: %s", destination, e.getMessage());
            progress(call, "channel_declined");
            return;
        }
        LOG.infof("the caller refers the call to %s", target);
        Transfer leg = new Transfer(channels, bridges, registry, call, target, ownership.marker(call.callSid()),
                Transfer.Kind.REFER);
        call.transferring(leg);
        try {
            int seconds = trunk.place(leg.legChannelId(), call.callSid(), target, call.from(), null, "refer");
            call.after(Duration.ofSeconds(seconds), () -> {
                if (call.transfer() == leg && !leg.isBridged()) failed(call, leg, leg.farEnd().timedOut(seconds).code(),
                        leg.farEnd().timedOutSipCode());
            });
        } catch (Exception e) {
            LOG.warnf("dialing REFER target %s failed: %s", target, e.getMessage());
            failed(call, leg, "failed", null);
        }
    }

    /** A Dial event for the target's leg. */
    @Override
    public void dialed(CallSession call, Transfer leg, String dialstatus) {
        if (call.isClosed() || call.transfer() != leg) return;
        DialStatus status = DialStatus.of(dialstatus);
        if (status == DialStatus.ANSWER) {
            try {
                leg.joinAgent(call.media().bridgeId());
            } catch (Exception e) {
                LOG.warnf("bridging the agent to %s failed: %s", leg.target(), e.getMessage());
                failed(call, leg, "failed", null);
                return;
            }
            // A phone puts its call on hold before it refers it: the agent must hear the target, not silence.
            call.media().pause(false);
            record(call, leg, "answered", 200);
            progress(call, "channel_answered"); // the phone hangs up now
        } else if (status == DialStatus.PROGRESS) {
            leg.farEnd().rang();
        } else if (status.failed()) {
            failed(call, leg, leg.farEnd().unanswered(status).code(), leg.farEnd().sipCode(status));
        }
    }

    /** The target's leg went away: after talking to the agent (the call ends), or before it answered. */
    @Override
    public void legGone(CallSession call, Transfer leg, int cause, String techCause) {
        if (call.isClosed() || call.transfer() != leg) return;
        leg.farEnd().hangupRequested(cause, techCause);
        if (leg.isBridged()) {
            call.hangup(Termination.of(Result.TRANSFERRED, "referred to " + leg.target() + "; it hung up"), Reason.NORMAL);
        } else {
            failed(call, leg, leg.farEnd().unanswered(null).code(), leg.farEnd().sipCode(null));
        }
    }

    /**
     * The phone hung up. After the target answered that is the transfer completing: the call goes on. Before,
     * the phone gave up on it: the call ends as the phone's hangup.
     */
    @Override
    public void callerGone(CallSession call, Transfer leg, int cause, String causeText) {
        if (call.isClosed()) return;
        if (leg.isBridged()) {
            LOG.debugf("the referring phone left; the agent talks to %s", leg.target());
            return;
        }
        call.channelGone(HangupCauses.remoteEnded(cause, causeText, true));
    }

    /**
     * An attended transfer: of {@code call} and the call owning {@code replacedChannelId}, one must have an
     * agent and the other an answered user leg; that leg moves to the agent. Runs on {@code call}'s executor;
     * the rest on the agent call's ({@link #take}), the user call's (to let go of its leg), and the agent
     * call's again (to bridge it).
     */
    private void attended(CallSession call, String callId, String replacedChannelId) {
        CallSession other = replacedChannelId == null ? null : registry.byChannel(replacedChannelId)
                .filter(c -> c.channelId().equals(replacedChannelId) && c != call).orElse(null);
        if (other == null) {
            LOG.infof("attended REFER (Replaces call %s) declined: the replaced dialog is no call of this instance", callId);
            progress(call, "channel_declined");
            return;
        }
        CallSession agentCall = call.media() != null ? call : other;
        CallSession userCall = agentCall == call ? other : call;
        String referrer = call.channelId();
        if (agentCall == call) take(agentCall, userCall, referrer);
        else agentCall.submit(() -> take(agentCall, userCall, referrer));
    }

    /** On the agent call's executor: takes the user's leg over, once the user call has let go of it. */
    private void take(CallSession agentCall, CallSession userCall, String referrer) {
        Transfer userLeg = userCall.transfer();
        if (agentCall.isClosed() || userCall.isClosed() || agentCall.media() == null || agentCall.isTransferring()
                || userLeg == null || userLeg.kind() != Transfer.Kind.USER_CALL || !userLeg.isBridged()) {
            LOG.infof("attended REFER declined: not a call with an agent and an answered call with a user");
            progress(referrer, "channel_declined");
            return;
        }
        LOG.infof("the caller joins %s (call %s) to the agent of call %s", userLeg.target(), userCall.callSid(),
                agentCall.callSid());
        Transfer leg = Transfer.adopt(channels, bridges, registry, agentCall, userLeg, ownership.marker(agentCall.callSid()));
        agentCall.transferring(leg);
        userCall.submit(() -> {
            if (userCall.isClosed() || userCall.transfer() != userLeg) { // the user or the phone hung up meanwhile
                agentCall.submit(() -> {
                    if (agentCall.transfer() == leg) agentCall.transferring(null);
                    registry.unalias(leg.legChannelId(), agentCall);
                    progress(referrer, "channel_unavailable");
                });
                return;
            }
            userLeg.release();
            userCall.transferring(null);
            agentCall.submit(() -> joined(agentCall, leg, userCall, referrer));
        });
    }

    /** The user's leg, let go of by its call, joins the agent; then the user call (the phone's second) ends. */
    private void joined(CallSession call, Transfer leg, CallSession userCall, String referrer) {
        String replacedCallSid = userCall.callSid();
        try {
            joinedBeforeEnding(call, leg, replacedCallSid, referrer);
        } finally {
            userCall.submit(() -> userCall.hangup(Termination.of(Result.TRANSFERRED, leg.target() + " joined call "
                    + call.callSid() + " (attended REFER)"), Reason.NORMAL));
        }
    }

    private void joinedBeforeEnding(CallSession call, Transfer leg, String replacedCallSid, String referrer) {
        if (call.isClosed() || call.transfer() != leg) {
            leg.close(); // nobody talks to the user any more
            progress(referrer, "channel_unavailable");
            return;
        }
        try {
            leg.joinAgent(call.media().bridgeId());
        } catch (Exception e) {
            LOG.warnf("bridging the agent to %s failed: %s", leg.target(), e.getMessage());
            recordAttended(call, leg, "failed", null, replacedCallSid);
            call.transferring(null);
            leg.close();
            progress(referrer, "channel_unavailable");
            return;
        }
        call.media().pause(false); // the agent was on hold while the phone consulted
        recordAttended(call, leg, "answered", 200, replacedCallSid);
        progress(referrer, "channel_answered"); // the phone hangs up now
    }

    private void recordAttended(CallSession call, Transfer leg, String outcome, Integer sipCode, String replacedCallSid) {
        try {
            cdr.transferred(call.cdr(), leg.target(), outcome, sipCode, "refer", replacedCallSid);
        } catch (RuntimeException e) {
            LOG.errorf(e, "recording the attended REFER of call %s failed", call.callSid());
        }
    }

    /**
     * A REFER from the far end of a leg Callbridge placed (a transfer target, a called user): declined.
     * {@code state}: Asterisk's, set when it echoes a progress reported before.
     */
    void declineOnLeg(Transfer leg, String state) {
        if (state != null && state.startsWith("channel_")) {
            reports.echoed(leg.legChannelId(), state);
            return;
        }
        LOG.infof("REFER from %s declined: only the call's own caller may transfer it", leg.target());
        reports.outcome(leg.legChannelId(), "channel_declined");
    }

    /** The target did not take the call: the phone hears why, and goes on talking to the agent. */
    private void failed(CallSession call, Transfer leg, String outcome, Integer sipCode) {
        record(call, leg, outcome, sipCode);
        call.transferring(null);
        leg.close();
        progress(call, sipCode != null && (sipCode == 486 || sipCode == 600 || sipCode == 603)
                ? "channel_declined" : "channel_unavailable");
    }

    private void progress(CallSession call, String state) {
        progress(call.channelId(), state);
    }

    /** The REFER's outcome, told the phone in order after its "100 Trying" ({@link ReferProgress}). */
    private void progress(String channelId, String state) {
        reports.outcome(channelId, state);
    }

    private void record(CallSession call, Transfer leg, String outcome, Integer sipCode) {
        try {
            cdr.transferred(call.cdr(), leg.target(), outcome, sipCode, "refer");
        } catch (RuntimeException e) {
            LOG.errorf(e, "recording the REFER of call %s failed", call.callSid());
        }
    }
}
