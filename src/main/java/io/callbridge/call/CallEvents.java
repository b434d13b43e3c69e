package io.callbridge.call;

import io.callbridge.ari.AriChannel;
import io.callbridge.ari.AriEvent;
import io.callbridge.ari.AriEventListener;
import io.callbridge.ari.AriEvent.ChannelDestroyed;
import io.callbridge.ari.AriEvent.ChannelDtmfReceived;
import io.callbridge.ari.AriEvent.ChannelHangupRequest;
import io.callbridge.ari.AriEvent.ChannelHold;
import io.callbridge.ari.AriEvent.ChannelTransfer;
import io.callbridge.ari.AriEvent.ChannelUnhold;
import io.callbridge.ari.AriEvent.Dial;
import io.callbridge.ari.AriEvent.PlaybackFinished;
import io.callbridge.ari.AriEvent.StasisEnd;
import io.callbridge.ari.AriEvent.StasisStart;
import io.callbridge.ari.AriRecordings;
import io.callbridge.trunk.InboundTrunks;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Routes ARI events to their call. Runs on the events socket's thread, so it only looks up the call and
 * hands the work to the call's own executor, which keeps each call's events in order.
 */
@ApplicationScoped
public class CallEvents implements AriEventListener {

    private static final Logger LOG = Logger.getLogger(CallEvents.class);

    private final CallSessions sessions;
    private final CallRegistry registry;
    private final InboundFlow inbound;
    private final OutboundFlow outbound;
    private final Transfers transfers;
    private final UserCalls users;
    private final Refers refers;
    private final WarmTransfers warm;
    private final CallMetrics metrics;
    private final Dials dials;
    private final InboundTrunks trunks;

    CallEvents(CallSessions sessions, CallRegistry registry, InboundFlow inbound, OutboundFlow outbound,
               Transfers transfers, UserCalls users, Refers refers, CallMetrics metrics, Dials dials, WarmTransfers warm,
               InboundTrunks trunks) {
        this.dials = dials;
        this.trunks = trunks;
        this.warm = warm;
        this.users = users;
        this.refers = refers;
        this.metrics = metrics;
        this.sessions = sessions;
        this.registry = registry;
        this.inbound = inbound;
        this.outbound = outbound;
        this.transfers = transfers;
    }

    @Override
    public void onAriEvent(AriEvent event) {
        if (LOG.isDebugEnabled()) LOG.debugf("ARI event %s", event);
        switch (event) {
            case StasisStart e -> stasisStart(e);
            // The caller hung up. Its cause comes with the hangup request; an app that does not subscribe to
            // everything sees the channel leave Stasis (StasisEnd) but not its ChannelDestroyed.
            case ChannelHangupRequest e -> onChannel(e.channelId(),
                    call -> call.farEnd().hangupRequested(e.cause(), e.techCause()),
                    (call, transfer) -> transfer.farEnd().hangupRequested(e.cause(), e.techCause()),
                    (call, dial, leg) -> dials.hangupRequested(leg, e.cause(), e.techCause()));
            case StasisEnd e -> onChannel(e.channelId(),
                    call -> callerGone(call, call.farEnd().cause(), null, null),
                    (call, leg) -> handler(leg).legGone(call, leg, leg.farEnd().cause(), null),
                    (call, dial, leg) -> dials.legGone(call, dial, leg, leg.farEnd.cause(), null));
            case ChannelDestroyed e -> onChannel(e.channelId(),
                    call -> callerGone(call, e.cause(), e.causeText(), e.techCause()),
                    (call, leg) -> handler(leg).legGone(call, leg, e.cause(), e.techCause()),
                    (call, dial, leg) -> dials.legGone(call, dial, leg, e.cause(), e.techCause()));
            // The progress of a call Callbridge placed: an outbound call, a transfer's leg, or a called user's.
            case Dial e -> onChannel(e.peerId(),
                    call -> outbound.dialed(call, e.dialstatus()),
                    (call, leg) -> handler(leg).dialed(call, leg, e.dialstatus()),
                    (call, dial, leg) -> dials.dialed(call, dial, leg, e.dialstatus()));
            // A phone's REFER on the call's own channel (a leg's transfers are Asterisk's own).
            case ChannelTransfer e -> onChannel(e.channelId(),
                    call -> refers.requested(call, e.destination(), e.protocolId(), e.state(), e.replacedChannelId()),
                    (call, leg) -> refers.declineOnLeg(leg, e.state()),
                    (call, dial, leg) -> { });
            case ChannelDtmfReceived e -> callerDtmf(e);
            // The caller's own hold: hold.CallHolds listens for these itself.
            case ChannelHold e -> { }
            case ChannelUnhold e -> { }
            // The end of a playback: recording.RouteRecording and flow.FlowPlaybacks wait for their own.
            case PlaybackFinished e -> { }
        }
    }

    /** A caller's digit, on the call's executor unless the caller keys faster than the call can handle. */
    private void callerDtmf(ChannelDtmfReceived e) {
        String digit = e.digit();
        if (digit == null || digit.isEmpty()) return;
        String id = e.channelId();
        registry.byChannel(id).filter(call -> id.equals(call.channelId())).ifPresent(call -> {
            boolean queued = call.submitCallerEvent(() -> {
                if (call.media() != null) call.media().callerDtmf(digit.charAt(0));
                CallFlow flow = call.flow();
                if (flow != null) flow.callerDigit(digit.charAt(0));
                call.dtmfReceived(digit);
            });
            if (!queued) metrics.callerDtmfDropped();
        });
    }

    /** The call's own channel ended at the far end; a call being transferred ends as its transfer says. */
    private void callerGone(CallSession call, int cause, String causeText, String techCause) {
        Transfer transfer = call.transfer();
        if (transfer == null) {
            call.remoteEnded(cause, causeText, techCause);
        } else {
            call.farEnd().hangupRequested(cause, techCause);
            handler(transfer).callerGone(call, transfer, cause, causeText);
        }
    }

    /** Who handles the events of a leg Callbridge placed: by what the leg is for. */
    private LegEvents handler(Transfer leg) {
        return switch (leg.kind()) {
            case TRANSFER -> transfers;
            case WARM -> warm;
            case USER_CALL -> users;
            case REFER -> refers;
        };
    }

    /** What to do with an event about one of the legs of a call's {@code <Dial>}. */
    @FunctionalInterface
    private interface DialLegEvent {
        void accept(CallSession call, Dialing dialing, Dialing.Leg leg);
    }

    /**
     * Hands an event about {@code channel} to its call's executor: to {@code own} when it is the call's
     * channel, to {@code leg} when it is the call's transfer leg, to {@code dialLeg} when it is a leg of its dial.
     */
    private void onChannel(String id, Consumer<CallSession> own, BiConsumer<CallSession, Transfer> leg,
                           DialLegEvent dialLeg) {
        registry.byChannel(id).ifPresent(call -> call.submit(() -> {
            if (id.equals(call.channelId())) {
                own.accept(call);
                return;
            }
            Transfer transfer = call.transfer();
            if (transfer != null && id.equals(transfer.legChannelId())) {
                leg.accept(call, transfer);
                return;
            }
            Dialing dialing = call.dialing();
            Dialing.Leg dialed = dialing == null ? null : dialing.leg(id);
            if (dialed != null) dialLeg.accept(call, dialing, dialed);
        }));
    }

    private void stasisStart(StasisStart e) {
        AriChannel channel = e.channel();
        String id = channel.id();
        if (id.startsWith(MediaBridge.EXTERNAL_PREFIX)) return; // our own externalMedia leg
        if (id.startsWith(AriRecordings.SNOOP_PREFIX)) return; // a recording's snoop channel (recording/)
        if (registry.byChannel(id).isPresent()) return; // re-entry of a channel we own
        if (id.startsWith(OutboundFlow.CHANNEL_PREFIX) || id.startsWith(Transfer.LEG_PREFIX)) {
            // A channel we placed for a call that has ended meanwhile: it must not ring on, nor pass for a new call.
            sessions.hangUpStray(id);
            return;
        }
        String callee = callee(e);
        // A call from a carrier trunk is routed by its number in E.164, read with the trunk's numbering, when the
        // number is one of the trunk's DIDs.
        Optional<InboundTrunks.Inbound> fromTrunk = callee != null ? Optional.empty() : trunks.resolve(trunk(e), dialed(e));
        String to = callee != null ? callee : fromTrunk.map(InboundTrunks.Inbound::dialed).orElseGet(() -> dialed(e));
        CallSession call = sessions.create(id, Direction.INBOUND, channel.callerNumber(), to);
        call.submit(() -> {
            if (!call.open()) { // a call without its CDR would leave no trace: refuse it (503) rather than run it
                call.hangup(Termination.of(Termination.Result.ERROR, "the CDR could not be written"),
                        HangupCauses.Reason.CONGESTION);
                return;
            }
            fromTrunk.ifPresent(t -> trunks.recordOnCdr(call.callSid(), t.trunkId()));
            if (fromTrunk.isPresent() && !fromTrunk.get().isDid()) {
                // Refused as a number nobody has (404): the carrier sent a number it did not sell us.
                LOG.infof("call from %s refused: %s", call.from(), fromTrunk.get().notADid());
                call.hangup(Termination.of(Termination.Result.NO_ROUTE, fromTrunk.get().notADid()),
                        HangupCauses.Reason.UNALLOCATED);
                return;
            }
            inbound.start(call, callee);
        });
    }

    /**
     * The user of the edge a phone called, when the call is for one: {@code Stasis(callbridge,<number>,<callee>)},
     * the callee's SIP URI as Kamailio named it (X-Callbridge-Callee, asterisk/extensions.conf); else null.
     */
    static String callee(StasisStart e) {
        List<String> args = e.args();
        if (args.size() < 2 || args.get(1).isBlank()) return null;
        return args.get(1).trim();
    }

    /**
     * The carrier trunk the call came in on: {@code Stasis(callbridge,<number>,<callee>,<trunk id>)}, Kamailio's
     * X-Callbridge-Trunk (kamailio/trunks.cfg, asterisk/extensions.conf); else null.
     */
    static String trunk(StasisStart e) {
        List<String> args = e.args();
        if (args.size() < 3 || args.get(2).isBlank()) return null;
        return args.get(2).trim();
    }

    /** {@code Stasis(callbridge,<number>)} passes the number to route; otherwise the dialed extension. */
    static String dialed(StasisStart e) {
        List<String> args = e.args();
        if (!args.isEmpty() && !args.getFirst().isBlank()) return args.getFirst();
        return e.channel().exten();
    }
}
