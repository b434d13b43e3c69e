package io.callbridge.call;

import io.callbridge.call.Termination.Result;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Calls Callbridge places (POST /api/calls/initiate): the channel is created in Stasis and dialed through
 * the outbound endpoint; ARI's Dial events tell ringing, answer or why not. Once answered, the call is
 * bridged to its agent exactly like an inbound call.
 */
@ApplicationScoped
public class OutboundFlow {

    /** Channel ids of outbound calls; recovery finds them like any other call's. */
    static final String CHANNEL_PREFIX = "cb-out-";

    private static final Logger LOG = Logger.getLogger(OutboundFlow.class);

    /**
     * One call to place.
     *
     * @param to             E.164 number or SIP URI
     * @param from           the caller id the far end sees
     * @param route          the agent that talks to the far end once it answers
     * @param ringSeconds    how long it may ring; null for the configured default
     * @param statusCallback Twilio-style status callback, or null
     * @param trunkId        the carrier trunk a call to a number leaves through, alone; null: every enabled trunk
     */
    public record Request(String to, String from, AgentRoute route, Integer ringSeconds, StatusCallback statusCallback,
                          Long trunkId) {
    }

    /**
     * Why a call was not placed: the app cannot take calls now (draining, or its database is unreachable),
     * or the route is at its call limit.
     */
    public static final class Refused extends RuntimeException {
        public final boolean unavailable;

        Refused(String message, boolean unavailable) {
            super(message);
            this.unavailable = unavailable;
        }
    }

    private final CallSessions sessions;
    private final CallDrain drain;
    private final OutboundTrunk trunk;
    private final AgentBridging agents;
    private final CallCapacity capacity;
    private final OutboundConfig config;

    private final jakarta.enterprise.event.Event<CallAnswered> answered;

    OutboundFlow(CallSessions sessions, CallDrain drain, OutboundTrunk trunk, AgentBridging agents,
                 CallCapacity capacity, OutboundConfig config, jakarta.enterprise.event.Event<CallAnswered> answered) {
        this.answered = answered;
        this.config = config;
        this.sessions = sessions;
        this.drain = drain;
        this.trunk = trunk;
        this.agents = agents;
        this.capacity = capacity;
    }

    /**
     * Starts the call and returns at once: the CDR (and {@code call.initiated}) is written before this
     * returns, the dialing happens on the call's executor.
     */
    public CallSession initiate(Request request) {
        if (drain.isDraining()) throw new Refused("shutting down: no new calls", true);
        AgentRoute route = request.route();
        // Registered first, then counted (as inbound calls are): of two requests at once, one is refused.
        CallSession call = sessions.create(newChannelId(), Direction.OUTBOUND, request.from(), request.to());
        call.routeTo(route);
        Optional<CallCapacity.Refusal> full = capacity.refusal(call);
        if (full.isPresent()) {
            call.discard();
            throw new Refused("not placed: " + full.get().reason() + " (" + full.get().limit() + ")", false);
        }
        call.statusCallback(request.statusCallback());
        MDC.put("callSid", call.callSid()); // open() runs on the request's thread, not the call's executor
        boolean recorded;
        try {
            recorded = call.open();
        } finally {
            MDC.remove("callSid");
        }
        if (!recorded) { // a call without its CDR would leave no trace: better not placed at all
            call.discard();
            throw new Refused("the call could not be recorded (database unavailable); not placed", true);
        }
        call.submit(() -> place(call, request.ringSeconds(), request.trunkId()));
        return call;
    }

    private void place(CallSession call, Integer ringSeconds, Long trunkId) {
        if (call.isClosed()) return; // hung up through the API before dialing began
        try {
            int seconds = trunk.place(call.channelId(), call.callSid(), call.to(), call.from(), ringSeconds, "outbound",
                    trunkId);
            giveUpAfter(call, Duration.ofSeconds(seconds), seconds);
        } catch (Exception e) {
            LOG.warnf("placing the call to %s failed: %s", call.to(), e.getMessage());
            call.dialFailed(Termination.of(Result.FAILED, "dial failed: " + e.getMessage()), null);
        }
    }

    private static void giveUpAfter(CallSession call, Duration delay, int ringSeconds) {
        call.after(delay, () -> {
            if (!call.isClosed() && !call.isAnswered()) {
                call.dialFailed(call.farEnd().timedOut(ringSeconds), call.farEnd().timedOutSipCode());
            }
        });
    }

    /**
     * An adopted outbound call still ringing (the app restarted while it rang): its Dial goes on in Asterisk
     * and its events reach this process; it is given up at the configured ring timeout from its start (the
     * timeout the request asked for is not kept).
     */
    void adoptRinging(CallSession call) {
        int ring = (int) config.ringTimeout().toSeconds();
        Duration left = Duration.ofSeconds(ring).minus(Duration.between(call.startedAt(), java.time.Instant.now()));
        giveUpAfter(call, left.isNegative() ? Duration.ZERO : left, ring);
    }

    /** A Dial event for the call's own channel, on the call's executor. */
    void dialed(CallSession call, String dialstatus) {
        if (call.isClosed()) return;
        DialStatus status = DialStatus.of(dialstatus);
        LOG.debugf("dial status %s", dialstatus);
        switch (status) {
            case PROGRESS -> {
                call.farEnd().rang();
                call.ringing();
            }
            case ANSWER -> {
                try {
                    call.farEndAnswered();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "recording the answer failed");
                    call.hangup(Termination.of(Result.ERROR, "answer could not be recorded"), HangupCauses.Reason.NORMAL);
                    return;
                }
                if (agents.connect(call, call.route())) answered.fire(new CallAnswered(call.callSid(), call.routeNumber()));
            }
            case OTHER -> { }
            default -> { // refused, busy, not answered, cancelled
                FarEnd farEnd = call.farEnd();
                call.dialFailed(Termination.of(farEnd.unanswered(status), "dial status " + dialstatus),
                        farEnd.sipCode(status));
            }
        }
    }

    private static String newChannelId() {
        return CallSession.randomId(CHANNEL_PREFIX, 12);
    }
}
