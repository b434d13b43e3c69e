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
    private boolean bridged;
    private boolean closed;

    /** {@code marker}: the call's ownership marker, the bridge's name. */
    Transfer(AriChannels channels, AriBridges bridges, CallRegistry registry, CallSession call, String target,
             String marker) {
        this.marker = marker;
        this.channels = channels;
        this.bridges = bridges;
        this.registry = registry;
        this.call = call;
        this.target = target;
        this.legChannelId = LEG_PREFIX + call.callSid();
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
        bridges.createMixing(bridgeId, marker);
        bridges.add(bridgeId, call.channelId(), legChannelId);
    }

    /** How the target ended its leg, as Asterisk tells. */
    FarEnd farEnd() {
        return farEnd;
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
        if (bridged) {
            try {
                bridges.destroy(bridgeId);
            } catch (RestException | RuntimeException e) {
                LOG.warnf("destroying bridge %s failed: %s", bridgeId, e.getMessage());
            }
        }
    }
}
