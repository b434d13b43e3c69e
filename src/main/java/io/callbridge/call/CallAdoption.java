package io.callbridge.call;

import ch.loway.oss.ari4java.generated.models.Bridge;
import ch.loway.oss.ari4java.generated.models.Channel;
import io.callbridge.call.HangupCauses.Reason;
import io.callbridge.call.Termination.Result;
import io.callbridge.hold.HoldState;
import io.callbridge.store.CallRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Takes on a call this instance left behind when its process stopped (a crash, or a restart that outlived
 * the drain timeout): the same callSid and CDR row go on; an answered call gets a new media leg in its bridge
 * and a new stream to the agent it had (the CDR's agent_spec), with the time without an agent added to the
 * CDR; an inbound call not yet answered goes through the inbound flow again; an outbound call still ringing
 * waits for its answer as before. A call in the middle of a transfer is not adopted (recovery ends it).
 */
@ApplicationScoped
class CallAdoption {

    private static final Logger LOG = Logger.getLogger(CallAdoption.class);

    private final CallSessions sessions;
    private final CdrWriter cdr;
    private final AgentBridging agents;
    private final InboundFlow inbound;
    private final OutboundFlow outbound;
    private final CallRouting routing;
    private final InstanceHeartbeat heartbeat;

    CallAdoption(CallSessions sessions, CdrWriter cdr, AgentBridging agents, InboundFlow inbound, OutboundFlow outbound,
                 CallRouting routing, InstanceHeartbeat heartbeat) {
        this.sessions = sessions;
        this.cdr = cdr;
        this.agents = agents;
        this.inbound = inbound;
        this.outbound = outbound;
        this.routing = routing;
        this.heartbeat = heartbeat;
    }

    /**
     * Adopts the call of CDR {@code r}, whose channel {@code channel} is marked as this instance's. Returns
     * false when the call cannot be adopted (recovery then hangs it up).
     */
    boolean adopt(CallRecord r, Channel channel, Map<String, Channel> live, Map<String, Bridge> bridges) {
        if (bridges.containsKey(Transfer.BRIDGE_PREFIX + r.callSid) || live.containsKey(Transfer.LEG_PREFIX + r.callSid)) {
            LOG.warnf("call %s was being transferred when the app stopped: not adopted", r.callSid);
            return false;
        }
        Direction direction = Direction.OUTBOUND.code().equals(r.direction) ? Direction.OUTBOUND : Direction.INBOUND;
        Instant answeredAt = r.answeredAt == null ? null : r.answeredAt.toInstant();
        CallSession call = sessions.adopt(OpenCdr.of(r), r.channelId, direction, r.fromNumber, r.toNumber,
                r.startedAt.toInstant(), answeredAt);
        Optional<AgentRoute> route = agentOf(r);
        route.ifPresent(call::routeTo);
        // Held by the API when the app stopped: Asterisk kept the bridge and its music; the new media leg starts
        // held and stays out of the bridge until resumed. A caller's own hold is not restored: its end may have
        // come while no app heard ARI's events (the CDR closes it at the adoption, CdrWriter.adopted).
        if (r.heldSince != null && HoldState.By.API == HoldState.By.of(r.heldBy)) call.hold().set(HoldState.By.API, true);
        LOG.infof("adopting call %s (%s, %s)", r.callSid, direction.code(), answeredAt == null ? "not answered" : "answered");
        if (answeredAt != null) {
            Bridge bridge = bridges.get(MediaBridge.bridgeIdOf(r.callSid));
            boolean callerBridged = bridge != null && bridge.getChannels() != null && bridge.getChannels().contains(r.channelId);
            long gap = heartbeat.previousProcessLastSeen().map(t -> Duration.between(t, Instant.now()).toMillis()).orElse(0L);
            call.submit(() -> {
                if (route.isEmpty() || route.get().url() == null) {
                    call.hangup(Termination.of(Result.ERROR, "adopted after a restart, but its agent is unknown"), Reason.NORMAL);
                    return;
                }
                agents.resume(call, route.get(), callerBridged);
                try {
                    cdr.adopted(call.cdr(), gap);
                } catch (RuntimeException e) {
                    LOG.warnf("recording the adoption of %s failed: %s", call.callSid(), e.getMessage());
                }
            });
        } else if (direction == Direction.INBOUND) {
            call.submit(() -> inbound.start(call, null));
        } else {
            call.submit(() -> outbound.adoptRinging(call));
        }
        return true;
    }

    /** A call this process holds lost its media leg or bridge while ARI was away: a new leg, a new stream. */
    void rebuildMedia(CallSession call, String why) {
        AgentRoute route = call.route();
        if (route == null || route.url() == null) return;
        LOG.warnf("rebuilding the call's media: %s", why);
        agents.resume(call, route, false);
    }

    private Optional<AgentRoute> agentOf(CallRecord r) {
        if (r.agentSpec != null) {
            try {
                return Optional.of(AgentSpec.fromJson(r.agentSpec));
            } catch (IllegalArgumentException e) {
                LOG.warnf("call %s: %s", r.callSid, e.getMessage());
            }
        }
        if (r.route == null) return Optional.empty();
        try {
            return routing.byNumber(r.route);
        } catch (RuntimeException e) {
            LOG.warnf("looking up route %s failed: %s", r.route, e.getMessage());
            return Optional.empty();
        }
    }
}
