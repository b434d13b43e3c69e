package io.callbridge.call;

import ch.loway.oss.ari4java.tools.RestException;
import io.callbridge.ari.AriBridges;
import io.callbridge.ari.AriChannels;
import org.jboss.logging.Logger;

/**
 * A call being handed to another number or SIP URI: the new leg Callbridge dials, and once it answers the
 * bridge joining it to the caller. Owned by the call's {@link CallSession}, which closes it when the call
 * ends; every resource is released once.
 */
final class Transfer {

    static final String LEG_PREFIX = "cb-tl-";
    static final String BRIDGE_PREFIX = "cb-tb-";

    private static final Logger LOG = Logger.getLogger(Transfer.class);

    private final AriChannels channels;
    private final AriBridges bridges;
    private final CallRegistry registry;
    private final CallSession call;
    private final String target;
    private final String legChannelId;
    private final String bridgeId;
    private final String marker;
    private final FarEnd farEnd = new FarEnd();
    /**
     * What the leg is for; its events go to {@link Transfers} (blind), {@link WarmTransfers} (warm),
     * {@link UserCalls} or {@link Refers}.
     */
    enum Kind { TRANSFER, WARM, USER_CALL, REFER }

    private final Kind kind;
    private boolean bridged;
    /** Whether the bridge the leg joined is the transfer's own (destroyed with it) rather than the call's media bridge. */
    private boolean ownBridge;
    private boolean closed;
    /** A warm transfer's target answered and talks with the agent, the caller not yet joined. */
    private boolean consulting;

    /** {@code marker}: the call's ownership marker, the bridge's name. */
    Transfer(AriChannels channels, AriBridges bridges, CallRegistry registry, CallSession call, String target,
             String marker) {
        this(channels, bridges, registry, call, target, marker, Kind.TRANSFER);
    }

    /** As above, for {@code kind}: a transfer, the leg to the user a phone called, or a phone's REFER. */
    Transfer(AriChannels channels, AriBridges bridges, CallRegistry registry, CallSession call, String target,
             String marker, Kind kind) {
        this(channels, bridges, registry, call, target, marker, kind, LEG_PREFIX + call.callSid());
    }

    /**
     * A warm transfer's leg to {@code target}; {@code serial} numbers the call's warm transfers, so one that
     * follows a cancelled one never reuses its channel id.
     */
    static Transfer warm(AriChannels channels, AriBridges bridges, CallRegistry registry, CallSession call,
                         String target, String marker, int serial) {
        return new Transfer(channels, bridges, registry, call, target, marker, Kind.WARM,
                LEG_PREFIX + call.callSid() + "-w" + serial);
    }

    /**
     * The answered leg {@code legChannelId} of another call, taken over by {@code call} (an attended REFER: the
     * user a phone consulted joins the agent the phone referred); its events reach {@code call} from now on.
     */
    static Transfer adopt(AriChannels channels, AriBridges bridges, CallRegistry registry, CallSession call,
                          Transfer other, String marker) {
        return new Transfer(channels, bridges, registry, call, other.target, marker, Kind.REFER, other.legChannelId);
    }

    private Transfer(AriChannels channels, AriBridges bridges, CallRegistry registry, CallSession call, String target,
                     String marker, Kind kind, String legChannelId) {
        this.kind = kind;
        this.marker = marker;
        this.channels = channels;
        this.bridges = bridges;
        this.registry = registry;
        this.call = call;
        this.target = target;
        this.legChannelId = legChannelId;
        this.bridgeId = BRIDGE_PREFIX + call.callSid();
        registry.alias(legChannelId, call); // the leg's events reach the call's executor
    }

    /** The caller hears ringing until the target answers. */
    void ringback() {
        try {
            channels.ring(call.channelId());
        } catch (RestException | RuntimeException e) {
            LOG.warnf("ringback to the caller failed: %s", e.getMessage());
        }
    }

    /** The target answered: caller and target talk in a bridge of their own. */
    void join() throws RestException {
        try {
            channels.ringStop(call.channelId());
        } catch (RestException | RuntimeException e) {
            LOG.warnf("stopping the ringback failed: %s", e.getMessage());
        }
        bridged = true;
        ownBridge = true;
        bridges.createMixing(bridgeId, marker);
        bridges.add(bridgeId, call.channelId(), legChannelId);
    }

    /**
     * The target of a REFER answered: it joins {@code mediaBridge}, where the agent talks, in the phone's place
     * (the phone leaves the bridge and hangs up when told the transfer succeeded).
     */
    void joinAgent(String mediaBridge) throws RestException {
        bridged = true;
        bridges.add(mediaBridge, legChannelId);
        try {
            bridges.remove(mediaBridge, call.channelId());
        } catch (RestException | RuntimeException e) {
            LOG.debugf("the referring phone had left the bridge already: %s", e.getMessage());
        }
    }

    /**
     * A warm transfer's target answered: it and the agent's media leg {@code agentChannel} (out of the call's
     * bridge, the caller hearing music) talk in the transfer's own bridge, so the agent's stream carries the
     * target's audio. The caller joins them with {@link #joinCaller}.
     */
    void consult(String agentChannel) throws RestException {
        consulting = true;
        ownBridge = true;
        bridges.createMixing(bridgeId, marker);
        bridges.add(bridgeId, legChannelId, agentChannel);
    }

    /** A warm transfer completes: the caller joins the target in the transfer's bridge (the agent's leg is gone). */
    void joinCaller() throws RestException {
        consulting = false;
        bridged = true;
        bridges.add(bridgeId, call.channelId());
    }

    /** Takes the agent's media leg out of the transfer's bridge (the warm transfer is called off). */
    void releaseAgent(String agentChannel) {
        if (!consulting) return;
        consulting = false;
        try {
            bridges.remove(bridgeId, agentChannel);
        } catch (RestException | RuntimeException e) {
            LOG.debugf("agent leg %s had left bridge %s already: %s", agentChannel, bridgeId, e.getMessage());
        }
    }

    boolean isConsulting() {
        return consulting;
    }

    /** How the target ended its leg, as Asterisk tells. */
    FarEnd farEnd() {
        return farEnd;
    }

    Kind kind() {
        return kind;
    }

    boolean isBridged() {
        return bridged;
    }

    String target() {
        return target;
    }

    String legChannelId() {
        return legChannelId;
    }

    /**
     * Lets go of the leg without hanging it up (another call has adopted it): it leaves this transfer's own
     * bridge, which goes. Idempotent with close.
     */
    void release() {
        if (closed) return;
        closed = true;
        registry.unalias(legChannelId, call); // a no-op once the adopting call has aliased it
        if (!ownBridge) return;
        try {
            bridges.remove(bridgeId, legChannelId);
        } catch (RestException | RuntimeException e) {
            LOG.debugf("leg %s had left bridge %s already: %s", legChannelId, bridgeId, e.getMessage());
        }
        try {
            bridges.destroy(bridgeId);
        } catch (RestException | RuntimeException e) {
            LOG.warnf("destroying bridge %s failed: %s", bridgeId, e.getMessage());
        }
    }

    /** Idempotent: hangs up the leg (cancelling it if it still rings) and removes the bridge. */
    void close() {
        if (closed) return;
        closed = true;
        registry.unalias(legChannelId, call);
        try {
            channels.hangup(legChannelId, HangupCauses.Reason.NORMAL.ari);
        } catch (RestException | RuntimeException e) {
            LOG.warnf("hanging up transfer leg %s failed: %s", legChannelId, e.getMessage());
        }
        if (ownBridge) {
            try {
                bridges.destroy(bridgeId);
            } catch (RestException | RuntimeException e) {
                LOG.warnf("destroying bridge %s failed: %s", bridgeId, e.getMessage());
            }
        }
    }
}
