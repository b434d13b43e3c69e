package io.callbridge.call;

import ch.loway.oss.ari4java.generated.models.Channel;
import ch.loway.oss.ari4java.generated.models.ChannelDestroyed;
import ch.loway.oss.ari4java.generated.models.ChannelDtmfReceived;
import ch.loway.oss.ari4java.generated.models.ChannelHangupRequest;
import ch.loway.oss.ari4java.generated.models.Dial;
import ch.loway.oss.ari4java.generated.models.Message;
import ch.loway.oss.ari4java.generated.models.StasisEnd;
import ch.loway.oss.ari4java.generated.models.StasisStart;
import io.callbridge.ari.AriLink;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Routes ARI events to their call. Runs on the events socket's thread, so it only looks up the call and
 * hands the work to the call's own executor, which keeps each call's events in order.
 */
@ApplicationScoped
public class CallEvents {

    private static final Logger LOG = Logger.getLogger(CallEvents.class);

    private final CallSessions sessions;
    private final CallRegistry registry;
    private final InboundFlow inbound;
    private final OutboundFlow outbound;
    private final Transfers transfers;
    private final CallMetrics metrics;

    CallEvents(CallSessions sessions, CallRegistry registry, InboundFlow inbound, OutboundFlow outbound,
               Transfers transfers, CallMetrics metrics) {
        this.metrics = metrics;
        this.sessions = sessions;
        this.registry = registry;
        this.inbound = inbound;
        this.outbound = outbound;
        this.transfers = transfers;
    }

    void onEvent(@Observes AriLink.Received received) {
        Message message = received.message();
        String techCause = received.techCause();
        if (LOG.isDebugEnabled()) LOG.debugf("ARI event %s%s", message.getType(), techCause == null ? "" : " tech_cause=" + techCause);
        switch (message) {
            case StasisStart e -> stasisStart(e);
            // The caller hung up. Its cause comes with the hangup request; an app that does not subscribe to
            // everything sees the channel leave Stasis (StasisEnd) but not its ChannelDestroyed.
            case ChannelHangupRequest e -> onChannel(e.getChannel(),
                    call -> call.farEnd().hangupRequested(e.getCause(), techCause),
                    (call, transfer) -> transfer.farEnd().hangupRequested(e.getCause(), techCause));
            case StasisEnd e -> onChannel(e.getChannel(),
                    call -> callerGone(call, call.farEnd().cause(), null, null),
                    (call, transfer) -> transfers.legGone(call, transfer, transfer.farEnd().cause(), null));
            case ChannelDestroyed e -> onChannel(e.getChannel(),
                    call -> callerGone(call, e.getCause(), e.getCause_txt(), techCause),
                    (call, transfer) -> transfers.legGone(call, transfer, e.getCause(), techCause));
            // The progress of a call Callbridge placed: an outbound call, or a transfer's leg.
            case Dial e -> onChannel(e.getPeer(),
                    call -> outbound.dialed(call, e.getDialstatus()),
                    (call, transfer) -> transfers.dialed(call, transfer, e.getDialstatus()));
            case ChannelDtmfReceived e -> callerDtmf(e);
            default -> LOG.tracef("ARI event %s ignored", message.getType());
        }
    }

    /** A caller's digit, on the call's executor unless the caller keys faster than the call can handle. */
    private void callerDtmf(ChannelDtmfReceived e) {
        if (e.getChannel() == null || e.getDigit() == null || e.getDigit().isEmpty()) return;
        String id = e.getChannel().getId();
        registry.byChannel(id).filter(call -> id.equals(call.channelId())).ifPresent(call -> {
            boolean queued = call.submitCallerEvent(() -> {
                if (call.media() != null) call.media().callerDtmf(e.getDigit().charAt(0));
                call.dtmfReceived(e.getDigit());
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
            transfers.callerGone(call, transfer, cause, causeText);
        }
    }

    /**
     * Hands an event about {@code channel} to its call's executor: to {@code own} when it is the call's
     * channel, to {@code leg} when it is the call's transfer leg.
     */
    private void onChannel(Channel channel, Consumer<CallSession> own, BiConsumer<CallSession, Transfer> leg) {
        if (channel == null) return;
        String id = channel.getId();
        registry.byChannel(id).ifPresent(call -> call.submit(() -> {
            if (id.equals(call.channelId())) {
                own.accept(call);
                return;
            }
            Transfer transfer = call.transfer();
            if (transfer != null && id.equals(transfer.legChannelId())) leg.accept(call, transfer);
        }));
    }

    private void stasisStart(StasisStart e) {
        Channel channel = e.getChannel();
        if (channel.getId().startsWith(MediaBridge.EXTERNAL_PREFIX)) return; // our own externalMedia leg
        if (registry.byChannel(channel.getId()).isPresent()) return; // re-entry of a channel we own
        if (channel.getId().startsWith(OutboundFlow.CHANNEL_PREFIX) || channel.getId().startsWith(Transfer.LEG_PREFIX)) {
            // A channel we placed for a call that has ended meanwhile: it must not ring on, nor pass for a new call.
            sessions.hangUpStray(channel.getId());
            return;
        }
        CallSession call = sessions.create(channel.getId(), Direction.INBOUND, callerOf(channel), dialed(e));
        call.submit(() -> {
            call.markOwned();
            if (!call.open()) { // a call without its CDR would leave no trace: refuse it (503) rather than run it
                call.hangup(Termination.of(Termination.Result.ERROR, "the CDR could not be written"),
                        HangupCauses.Reason.CONGESTION);
                return;
            }
            inbound.start(call);
        });
    }

    /** {@code Stasis(callbridge,<number>)} passes the number to route; otherwise the dialed extension. */
    static String dialed(StasisStart e) {
        List<String> args = e.getArgs();
        if (args != null && !args.isEmpty() && !args.getFirst().isBlank()) return args.getFirst();
        return e.getChannel().getDialplan() == null ? null : e.getChannel().getDialplan().getExten();
    }

    private static String callerOf(Channel channel) {
        return channel.getCaller() == null ? null : channel.getCaller().getNumber();
    }
}
