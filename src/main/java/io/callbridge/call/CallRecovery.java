package io.callbridge.call;

import ch.loway.oss.ari4java.generated.models.Bridge;
import ch.loway.oss.ari4java.generated.models.Channel;
import io.callbridge.ari.AriBridges;
import io.callbridge.ari.AriChannels;
import io.callbridge.ari.AriConfig;
import io.callbridge.ari.AriLink;
import io.callbridge.call.Termination.Result;
import io.callbridge.store.CallRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * After every (re)connect of the events socket: ARI does not replay what happened while we were away,
 * so reconcile with what Asterisk has now. Calls we own whose channel is still there are adopted (go on);
 * calls whose channel is gone are closed as {@code lost}; channels in our Stasis app that nobody owns
 * (the app restarted) are hung up as {@code orphaned}. Nothing is left dangling in Asterisk or the CDRs.
 */
@ApplicationScoped
public class CallRecovery {

    private static final Logger LOG = Logger.getLogger(CallRecovery.class);

    private final AriChannels channels;
    private final AriBridges bridges;
    private final AriConfig ari;
    private final CallRegistry registry;
    private final CdrWriter cdr;
    private final OutboundFlow outbound;
    private final Transfers transfers;

    CallRecovery(AriChannels channels, AriBridges bridges, AriConfig ari, CallRegistry registry, CdrWriter cdr,
                 OutboundFlow outbound, Transfers transfers) {
        this.channels = channels;
        this.bridges = bridges;
        this.ari = ari;
        this.registry = registry;
        this.cdr = cdr;
        this.outbound = outbound;
        this.transfers = transfers;
    }

    void onLinkUp(@Observes AriLink.Up up) {
        try {
            reconcile(up.at());
        } catch (Exception e) {
            LOG.errorf(e, "reconciling calls after ARI connect failed");
        }
    }

    void reconcile(Instant connectedAt) throws Exception {
        Map<String, Channel> live = channels.list().stream()
                .collect(Collectors.toMap(Channel::getId, Function.identity(), (a, b) -> a));
        int adopted = 0;
        for (CallSession call : registry.all()) {
            Channel channel = live.get(call.channelId());
            if (channel != null) {
                adopted++;
                call.submit(() -> catchUp(call, channel, live));
            } else if (call.direction() == Direction.OUTBOUND && !call.isAnswered()) {
                // Perhaps not created yet when the list was taken: hang it up for sure (a 404 if it is gone).
                call.submit(() -> call.dialFailed(Termination.of(Result.LOST, "channel unknown while ARI was away"), null));
            } else {
                call.submit(() -> call.channelGone(Termination.of(Result.LOST, "channel ended while ARI was away")));
            }
        }
        Set<String> orphans = live.values().stream()
                .filter(c -> inOurStasisApp(c) ? registry.byChannel(c.getId()).isEmpty() : isUnownedMediaLeg(c.getId()))
                // A call arriving right now is not an orphan: its StasisStart is on its way.
                .filter(c -> c.getCreationtime() == null || c.getCreationtime().toInstant().isBefore(connectedAt))
                .map(Channel::getId)
                .collect(Collectors.toSet());
        for (String id : orphans) {
            channels.hangup(id, HangupCauses.Reason.NORMAL.ari);
        }
        for (Bridge b : bridges.list()) {
            String id = b.getId();
            for (String prefix : List.of(MediaBridge.BRIDGE_PREFIX, Transfer.BRIDGE_PREFIX)) {
                if (id.startsWith(prefix) && registry.byCallSid(id.substring(prefix.length())).isEmpty()) {
                    bridges.destroy(id);
                }
            }
        }
        int closed = 0;
        List<CallRecord> open = cdr.openRecords();
        for (CallRecord r : open) {
            if (registry.byCallSid(r.callSid).isPresent()) continue;
            cdr.closeUnowned(r.callSid, orphans.contains(r.channelId)
                    ? Termination.of(Result.ORPHANED, "no owner after reconnect; hung up")
                    : Termination.of(Result.LOST, "in progress when the app lost it"));
            closed++;
        }
        LOG.infof("reconciled after ARI connect: %d live channel(s), %d call(s) adopted, %d orphan(s) hung up, "
                + "%d stale CDR(s) closed", live.size(), adopted, orphans.size(), closed);
    }

    /**
     * What an adopted call missed while ARI was away: the answer of an outbound call it placed, or of its
     * transfer's target, or that target hanging up. Runs on the call's executor.
     */
    private void catchUp(CallSession call, Channel channel, Map<String, Channel> live) {
        if (call.isClosed()) return;
        if (call.direction() == Direction.OUTBOUND && !call.isAnswered() && isUp(channel)) {
            outbound.dialed(call, DialStatus.ANSWER.name());
        }
        Transfer transfer = call.transfer();
        if (transfer == null || call.isClosed()) return;
        Channel leg = live.get(transfer.legChannelId());
        if (leg == null) {
            transfers.legGone(call, transfer, transfer.farEnd().cause(), null);
        } else if (!transfer.isBridged() && isUp(leg)) {
            transfers.dialed(call, transfer, DialStatus.ANSWER.name());
        }
    }

    private static boolean isUp(Channel channel) {
        return "Up".equalsIgnoreCase(channel.getState());
    }

    /** An externalMedia channel Callbridge created for a call it no longer has. */
    private boolean isUnownedMediaLeg(String channelId) {
        return channelId.startsWith(MediaBridge.EXTERNAL_PREFIX)
                && registry.byCallSid(channelId.substring(MediaBridge.EXTERNAL_PREFIX.length())).isEmpty();
    }

    private boolean inOurStasisApp(Channel c) {
        var dialplan = c.getDialplan();
        if (dialplan == null || !"Stasis".equalsIgnoreCase(dialplan.getApp_name())) return false;
        String data = dialplan.getApp_data() == null ? "" : dialplan.getApp_data();
        return data.equals(ari.app()) || data.startsWith(ari.app() + ",");
    }
}
