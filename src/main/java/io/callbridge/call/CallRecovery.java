package io.callbridge.call;

import ch.loway.oss.ari4java.generated.models.Bridge;
import ch.loway.oss.ari4java.generated.models.Channel;
import io.callbridge.ari.AriBridges;
import io.callbridge.ari.AriChannels;
import io.callbridge.ari.AriConfig;
import io.callbridge.ari.AriLink;
import io.callbridge.ari.Ownership;
import io.callbridge.call.Termination.Result;
import io.callbridge.store.CallRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Puts calls back together after every (re)connect of the events socket. ARI does not replay what happened
 * while we were away, so this compares what the instance owns with what Asterisk has now, using the
 * ownership markers ({@link Ownership}) and this instance's open CDRs, never guesses:
 * <ul>
 *   <li>a call this process still holds goes on: whatever it missed (an answer, a transfer leg's end) is
 *       caught up, and a call whose channel is gone ends as the caller's hangup;</li>
 *   <li>a call this instance left behind (the app restarted) is adopted ({@link CallAdoption});</li>
 *   <li>channels and bridges marked as this instance's that belong to no live call are removed, and so are
 *       unmarked channels in our Stasis application that no call holds; another instance's are never touched;</li>
 *   <li>this instance's open CDRs whose channel is gone are closed as {@code lost}.</li>
 * </ul>
 */
@ApplicationScoped
public class CallRecovery {

    private static final Logger LOG = Logger.getLogger(CallRecovery.class);

    private final AriChannels channels;
    private final AriBridges bridges;
    private final AriConfig ari;
    private final Ownership ownership;
    private final CallRegistry registry;
    private final CdrWriter cdr;
    private final OutboundFlow outbound;
    private final Transfers transfers;
    private final WarmTransfers warm;
    private final CallAdoption adoption;

    CallRecovery(AriChannels channels, AriBridges bridges, AriConfig ari, Ownership ownership, CallRegistry registry,
                 CdrWriter cdr, OutboundFlow outbound, Transfers transfers, WarmTransfers warm,
                 CallAdoption adoption) {
        this.warm = warm;
        this.channels = channels;
        this.bridges = bridges;
        this.ari = ari;
        this.ownership = ownership;
        this.registry = registry;
        this.cdr = cdr;
        this.outbound = outbound;
        this.transfers = transfers;
        this.adoption = adoption;
    }

    void onLinkUp(@Observes AriLink.Up up) {
        try {
            reconcile(up.at());
        } catch (Exception e) {
            LOG.errorf(e, "reconciling calls after ARI connect failed");
        }
    }

    /**
     * What recovery compares, read in this order: the calls this process holds, this instance's open CDRs,
     * then Asterisk's channels and bridges. A call that ends meanwhile completed its CDR before it left the
     * registry; a call that starts meanwhile is newer than {@code takenNanos} and is left alone.
     */
    record Snapshot(long takenNanos, Instant connectedAt, Set<String> held, List<CallRecord> open,
                    Map<String, Channel> live, Map<String, Bridge> bridges) {
    }

    void reconcile(Instant connectedAt) throws Exception {
        apply(snapshot(connectedAt));
    }

    Snapshot snapshot(Instant connectedAt) throws Exception {
        long taken = System.nanoTime();
        Set<String> held = registry.all().stream().map(CallSession::callSid).collect(Collectors.toSet());
        List<CallRecord> open = cdr.openRecords();
        Map<String, Channel> live = channels.list().stream()
                .collect(Collectors.toMap(Channel::getId, Function.identity(), (a, b) -> a));
        Map<String, Bridge> liveBridges = bridges.list().stream()
                .collect(Collectors.toMap(Bridge::getId, Function.identity(), (a, b) -> a));
        return new Snapshot(taken, connectedAt, held, open, live, liveBridges);
    }

    /** Acts on {@code s}; safe when calls started or ended since it was taken. */
    void apply(Snapshot s) throws Exception {
        long snapshot = s.takenNanos();
        Instant connectedAt = s.connectedAt();
        List<CallRecord> open = s.open();
        Map<String, Channel> live = s.live();
        Map<String, Bridge> liveBridges = s.bridges();
        int kept = 0;
        for (CallSession call : registry.all()) {
            if (call.createdAfter(snapshot)) continue;
            Channel channel = live.get(call.channelId());
            kept++;
            call.submit(() -> catchUp(call, channel, live, liveBridges));
        }

        int adopted = 0;
        int lost = 0;
        for (CallRecord r : open) {
            if (s.held().contains(r.callSid) || registry.byCallSid(r.callSid).isPresent()) continue;
            Channel channel = live.get(r.channelId);
            if (channel != null && ownership.ownCall(channel).map(r.callSid::equals).orElse(false)) {
                if (adoption.adopt(r, channel, live, liveBridges)) {
                    adopted++;
                    continue;
                }
            }
            if (channel == null && cdr.closeUnowned(r,
                    Termination.of(Result.LOST, "channel ended while the app was away"))) {
                lost++;
            }
        }

        Set<String> removed = new HashSet<>();
        for (Channel c : live.values()) {
            if (isLeftover(c, connectedAt) && channels.hangup(c.getId(), HangupCauses.Reason.NORMAL.ari)) {
                removed.add(c.getId());
            }
        }
        for (Bridge b : liveBridges.values()) {
            if (isLeftover(b)) bridges.destroy(b.getId());
        }
        // Open CDRs of ours whose channel was hung up just now as a leftover (it was not adoptable).
        for (CallRecord r : open) {
            if (removed.contains(r.channelId) && !s.held().contains(r.callSid) && registry.byCallSid(r.callSid).isEmpty()
                    && cdr.closeUnowned(r, Termination.of(Result.ORPHANED, "could not be adopted; hung up"))) {
                lost++;
            }
        }
        LOG.infof("reconciled after ARI connect: %d live channel(s), %d call(s) kept, %d adopted, %d leftover "
                + "channel(s) hung up, %d CDR(s) closed", live.size(), kept, adopted, removed.size(), lost);
    }

    /**
     * A channel to remove: marked as ours for a call this process does not hold, or not marked at all but in
     * our Stasis application, held by no call and older than this connection (a call whose StasisStart was
     * missed, or whose owner never marked it).
     */
    private boolean isLeftover(Channel c, Instant connectedAt) {
        Optional<String> callSid = ownership.ownCall(c);
        if (callSid.isPresent()) {
            Optional<CallSession> call = registry.byCallSid(callSid.get());
            if (call.isEmpty()) return true;
            // A media leg of a live call that is not its current one: the old process's leg of an adopted call.
            return c.getId().startsWith(MediaBridge.EXTERNAL_PREFIX) && !call.get().ownsMediaChannel(c.getId());
        }
        if (Ownership.of(c).isPresent()) return false; // another instance's
        return inOurStasisApp(c) && registry.byChannel(c.getId()).isEmpty()
                && (c.getCreationtime() == null || c.getCreationtime().toInstant().isBefore(connectedAt));
    }

    /** A bridge to remove: marked as ours (or a Callbridge bridge without a marker) for no live call. */
    private boolean isLeftover(Bridge b) {
        String id = b.getId();
        for (String prefix : List.of(MediaBridge.BRIDGE_PREFIX, Transfer.BRIDGE_PREFIX)) {
            if (!id.startsWith(prefix)) continue;
            Optional<Ownership.Owner> owner = Ownership.of(b);
            if (owner.isPresent() && !owner.get().instanceId().equals(ownership.instanceId())) return false;
            return registry.byCallSid(id.substring(prefix.length())).isEmpty();
        }
        return false;
    }

    /**
     * What a call this process held missed while ARI was away: its caller hanging up, the answer of an
     * outbound call it placed, its transfer's target answering or hanging up, or its media leg lost. Runs on
     * the call's executor.
     */
    private void catchUp(CallSession call, Channel channel, Map<String, Channel> live, Map<String, Bridge> liveBridges) {
        if (call.isClosed()) return;
        if (channel == null) {
            // Not in the list: confirm (it may have been created after the list was taken).
            Optional<Channel> now;
            try {
                now = channels.get(call.channelId());
            } catch (Exception e) {
                LOG.warnf("checking channel %s failed: %s", call.channelId(), e.getMessage());
                return;
            }
            if (now.isEmpty()) {
                if (call.direction() == Direction.OUTBOUND && !call.isAnswered()) {
                    call.dialFailed(Termination.of(Result.LOST, "channel ended while ARI was away"), null);
                } else {
                    call.channelGone(Termination.of(Result.CALLER_HANGUP, "hung up while ARI was away"));
                }
            }
            return;
        }
        if (call.direction() == Direction.OUTBOUND && !call.isAnswered() && isUp(channel)) {
            outbound.dialed(call, DialStatus.ANSWER.name());
        }
        Transfer transfer = call.transfer();
        if (transfer == null) {
            MediaBridge media = call.media();
            if (media != null && call.isAnswered() && !call.isClosed()
                    && (!live.containsKey(media.externalChannel()) || !liveBridges.containsKey(media.bridgeId()))) {
                adoption.rebuildMedia(call, "media leg lost while ARI was away");
            }
            return;
        }
        if (call.isClosed()) return;
        Channel leg = live.get(transfer.legChannelId());
        LegEvents events = transfer.kind() == Transfer.Kind.WARM ? warm : transfers;
        if (leg == null) {
            events.legGone(call, transfer, transfer.farEnd().cause(), null);
        } else if (!transfer.isBridged() && isUp(leg)) {
            events.dialed(call, transfer, DialStatus.ANSWER.name());
        }
    }

    static boolean isUp(Channel channel) {
        return "Up".equalsIgnoreCase(channel.getState());
    }

    private boolean inOurStasisApp(Channel c) {
        var dialplan = c.getDialplan();
        if (dialplan == null || !"Stasis".equalsIgnoreCase(dialplan.getApp_name())) return false;
        String data = dialplan.getApp_data() == null ? "" : dialplan.getApp_data();
        return data.equals(ari.app()) || data.startsWith(ari.app() + ",");
    }
}
