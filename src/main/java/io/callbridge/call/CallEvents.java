package io.callbridge.call;

import ch.loway.oss.ari4java.generated.models.Channel;
import ch.loway.oss.ari4java.generated.models.ChannelDestroyed;
import ch.loway.oss.ari4java.generated.models.ChannelDtmfReceived;
import ch.loway.oss.ari4java.generated.models.ChannelHangupRequest;
import ch.loway.oss.ari4java.generated.models.Message;
import ch.loway.oss.ari4java.generated.models.StasisEnd;
import ch.loway.oss.ari4java.generated.models.StasisStart;
import io.callbridge.ari.AriLink;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
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

    CallEvents(CallSessions sessions, CallRegistry registry, InboundFlow inbound) {
        this.sessions = sessions;
        this.registry = registry;
        this.inbound = inbound;
    }

    void onEvent(@Observes AriLink.Received received) {
        Message message = received.message();
        if (LOG.isDebugEnabled()) LOG.debugf("ARI event %s", message.getType());
        switch (message) {
            case StasisStart e -> stasisStart(e);
            // The caller hung up. Its cause comes with the hangup request; an app that does not subscribe to
            // everything sees the channel leave Stasis (StasisEnd) but not its ChannelDestroyed.
            case ChannelHangupRequest e -> registry.byChannel(e.getChannel().getId()).ifPresent(call ->
                    call.submit(() -> call.hangupRequested(e.getCause())));
            case StasisEnd e -> registry.byChannel(e.getChannel().getId()).ifPresent(call -> call.submit(() ->
                    call.channelGone(HangupCauses.remoteEnded(call.hangupCause(), null, call.isAnswered()))));
            case ChannelDestroyed e -> registry.byChannel(e.getChannel().getId()).ifPresent(call -> call.submit(() ->
                    call.channelGone(HangupCauses.remoteEnded(e.getCause(), e.getCause_txt(), call.isAnswered()))));
            case ChannelDtmfReceived e -> registry.byChannel(e.getChannel().getId()).ifPresent(call -> call.submit(() -> {
                if (e.getDigit() == null || e.getDigit().isEmpty()) return;
                if (call.media() != null) call.media().callerDtmf(e.getDigit().charAt(0));
                call.dtmfReceived(e.getDigit());
            }));
            default -> LOG.tracef("ARI event %s ignored", message.getType());
        }
    }

    private void stasisStart(StasisStart e) {
        Channel channel = e.getChannel();
        if (channel.getId().startsWith(MediaBridge.EXTERNAL_PREFIX)) return; // our own externalMedia leg
        if (registry.byChannel(channel.getId()).isPresent()) return; // re-entry of a channel we own
        CallSession call = sessions.create(channel.getId(), Direction.INBOUND, callerOf(channel), dialed(e));
        call.submit(() -> {
            call.open();
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
