package io.callbridge.call;

import ch.loway.oss.ari4java.tools.RestException;
import io.callbridge.ari.AriChannels;
import io.callbridge.ari.Ownership;
import io.callbridge.call.HangupCauses.Reason;
import io.callbridge.hold.HoldState;
import io.callbridge.hold.HoldableMedia;
import io.callbridge.media.MediaQuality;
import io.callbridge.quality.CallerLegSampler;
import io.callbridge.quality.CallerQuality;
import io.callbridge.stream.AgentFigures;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * One call: owns the caller's channel and everything the call holds, and ends exactly once.
 * Its methods run on the call's own {@link SerialExecutor} (see {@link #submit}), so they never race.
 */
public final class CallSession {

    private static final Logger LOG = Logger.getLogger(CallSession.class);

    /** What a session needs from the app; one instance shared by all sessions. */
    record Services(AriChannels channels, CdrWriter cdr, CallRegistry registry, CallMetrics metrics,
                    Executor pool, ScheduledExecutorService timers, Ownership ownership, CallerLegSampler quality) {
    }

    private final Services services;
    private final String callSid;
    private final String channelId;
    private final Direction direction;
    private final String from;
    private final String to;
    private final Instant startedAt;
    /** When this process took the call on (System.nanoTime): recovery leaves calls newer than its snapshot alone. */
    private final long createdNanos = System.nanoTime();
    private final SerialExecutor executor;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile CallState state = CallState.RINGING;
    private Instant answeredAt;
    private long answeredNanos;
    private volatile AgentRoute route;
    private volatile MediaBridge media;
    private final FarEnd farEnd = new FarEnd();
    private volatile StatusCallback statusCallback;
    private boolean ringing;
    private volatile Transfer transfer;
    /** The {@code <Dial>} in progress; null when none. */
    private volatile Dialing dialing;
    private final Queue<ScheduledFuture<?>> timers = new ConcurrentLinkedQueue<>();
    /** The call's CDR row (its id and what its webhook events carry); null until written. */
    private volatile OpenCdr cdr;
    /** The caller leg's RTP statistics, sampled while the call is answered; null without a sampler (tests). */
    private final CallerLegSampler.Leg callerLeg;
    private final HoldState hold = new HoldState();
    /** The TwiML flow running on the call; null for a call with an agent from the start (or none). */
    private volatile CallFlow flow;

    CallSession(Services services, String channelId, Direction direction, String from, String to) {
        this(services, newCallSid(), channelId, direction, from, to, Instant.now());
    }

    private CallSession(Services services, String callSid, String channelId, Direction direction, String from,
                        String to, Instant startedAt) {
        this.services = services;
        this.callSid = callSid;
        this.channelId = channelId;
        this.direction = direction;
        this.from = from;
        this.to = to;
        this.startedAt = startedAt;
        this.executor = new SerialExecutor(services.pool(), callSid);
        this.callerLeg = services.quality() == null ? null : services.quality().leg(channelId);
    }

    /**
     * A call this instance had before a restart, taken on again from its CDR: same callSid, row and start; answered
     * at {@code answeredAt} (null while an outbound call still rings).
     */
    static CallSession adopted(Services services, OpenCdr cdr, String channelId, Direction direction, String from,
                               String to, Instant startedAt, Instant answeredAt) {
        CallSession call = new CallSession(services, cdr.callSid, channelId, direction, from, to, startedAt);
        call.cdr = cdr;
        if (answeredAt != null) {
            call.state = CallState.ANSWERED;
            call.answeredAt = answeredAt;
            call.answeredNanos = System.nanoTime() - Duration.between(answeredAt, Instant.now()).toNanos();
            call.sampleCallerLegLater();
        }
        call.ringing = direction == Direction.OUTBOUND;
        return call;
    }

    /** Whether this process took the call on after {@code nanos} (a System.nanoTime() value). */
    boolean createdAfter(long nanos) {
        return createdNanos - nanos > 0;
    }

    /** Twilio-style call id: {@code CA} and 32 lowercase hex characters. */
    static String newCallSid() {
        return randomId("CA", 16);
    }

    /** {@code prefix} and {@code bytes} random bytes in lowercase hex: the ids of calls, streams, channels. */
    static String randomId(String prefix, int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return prefix + HexFormat.of().formatHex(random);
    }

    /** Runs {@code task} after every task already submitted for this call. */
    public void submit(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debugf("task for call %s dropped: the app is stopping", callSid);
        }
    }

    /**
     * Caller events whose rate the caller sets (DTMF) wait on the call's executor only while fewer than this
     * many tasks do; beyond, they are dropped and counted ({@code callbridge_call_events_dropped_total}).
     */
    static final int MAX_QUEUED_CALLER_EVENTS = 64;

    /** As {@link #submit}, unless {@link #MAX_QUEUED_CALLER_EVENTS} tasks already wait: then false, not run. */
    boolean submitCallerEvent(Runnable task) {
        try {
            return executor.offer(task, MAX_QUEUED_CALLER_EVENTS);
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Runs {@code task} on the call's executor after {@code delay}, unless the call has ended by then. */
    public void after(Duration delay, Runnable task) {
        ScheduledFuture<?> timer;
        try {
            timer = services.timers().schedule(() -> submit(() -> {
                if (!isClosed()) task.run();
            }), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return; // the app is stopping; the drain ends the call
        }
        timers.removeIf(ScheduledFuture::isDone); // a long call's periodic samples must not pile up here
        timers.add(timer);
        if (isClosed()) timer.cancel(false); // closed meanwhile: close() may have missed it
    }

    /**
     * Marks the caller's channel as this instance's ({@link Ownership}): an inbound channel arrives unmarked.
     * A failure is logged; recovery then treats the channel as unmarked (hung up if the app restarts).
     */
    void markOwned() {
        try {
            services.channels().setVariable(channelId, Ownership.VARIABLE, services.ownership().marker(callSid));
        } catch (RestException | RuntimeException e) {
            LOG.warnf("marking channel %s as ours failed: %s", channelId, e.getMessage());
        }
    }

    /** Writes the call's CDR row; false when it could not be written. */
    boolean open() {
        LOG.debugf("call arrived: %s from %s to %s (channel %s)", direction.code(), from, to, channelId);
        try {
            cdr = services.cdr().started(this);
            return true;
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not write the CDR row of call %s", callSid);
            return false;
        }
    }

    /** Forgets a call that never reached Asterisk (an outbound call that could not be recorded). */
    void discard() {
        if (!closed.compareAndSet(false, true)) return;
        moveTo(CallState.ENDING);
        moveTo(CallState.ENDED);
        services.registry().remove(this);
    }

    /** The route that handles the call, recorded in its CDR however the call ends. */
    void routeTo(AgentRoute agentRoute) {
        route = agentRoute;
    }

    /** Answers an inbound call. */
    void answer() throws RestException {
        if (!moveTo(CallState.ANSWERED)) return;
        services.channels().answer(channelId);
        markAnswered();
    }

    /** The far end of an outbound call answered. */
    void farEndAnswered() {
        if (moveTo(CallState.ANSWERED)) markAnswered();
    }

    private void markAnswered() {
        answeredAt = Instant.now();
        answeredNanos = System.nanoTime();
        services.cdr().answered(cdr, route, answeredAt);
        sampleCallerLegLater();
    }

    /**
     * Samples the caller leg's RTP statistics {@code callbridge.quality.first-sample} after the answer, then every
     * {@code sample-interval}, until the call ends.
     */
    private void sampleCallerLegLater() {
        if (callerLeg != null) sampleCallerLegAfter(services.quality().firstSample());
    }

    private void sampleCallerLegAfter(Duration delay) {
        after(delay, () -> {
            callerLeg.sample();
            sampleCallerLegAfter(services.quality().interval());
        });
    }

    /** The far end of an outbound call is ringing ({@code call.ringing}, once). */
    void ringing() {
        if (ringing || answeredAt != null || isClosed()) return;
        ringing = true;
        try {
            services.cdr().ringing(cdr);
        } catch (RuntimeException e) {
            LOG.warnf("recording ringing failed: %s", e.getMessage());
        }
    }

    /** A Twilio-style status callback for this call (set before {@link #open}); null for none. */
    void statusCallback(StatusCallback callback) {
        this.statusCallback = callback;
    }

    StatusCallback statusCallback() {
        return statusCallback;
    }

    /** The call's CDR row; null while (or if never) written. */
    OpenCdr cdr() {
        return cdr;
    }

    /** Hands the call's media to {@code bridge}, which the session then owns and closes. */
    void attach(MediaBridge bridge) {
        this.media = bridge;
    }

    MediaBridge media() {
        return media;
    }

    /** Hands the caller's keys and the call's end to {@code running} (a TwiML flow); on the call's executor. */
    public void runFlow(CallFlow running) {
        this.flow = running;
    }

    /** The TwiML flow running on the call, or null. */
    public CallFlow flow() {
        return flow;
    }

    /** Whether the call is on hold, and by whom (hold/). */
    public HoldState hold() {
        return hold;
    }

    /** The call's media as hold/ drives it; null while the call has none. */
    public HoldableMedia holdableMedia() {
        return media;
    }

    /** Whether {@code channelId} is the externalMedia channel of the call's current media. */
    boolean ownsMediaChannel(String channelId) {
        MediaBridge m = media;
        return m != null && m.externalChannel().equals(channelId);
    }

    /** The route the call came in on (or whose agent it has), or null before routing and for a call to a user. */
    public AgentRoute route() {
        return route;
    }

    /** The music-on-hold class of the call's route, or null (Asterisk's {@code default}). */
    public String mohClass() {
        AgentRoute r = route;
        return r == null ? null : r.mohClass();
    }

    /** Ends the call from our side: hangs up with {@code reason} and records {@code termination}. */
    public void hangup(Termination termination, Reason reason) {
        close(termination, reason, reason.sipCode, true);
    }

    /**
     * Ends the call from our side, for {@code why}: hung up with {@code ifAnswered}, or, for an outbound call
     * still ringing, cancelled (CANCEL to the far end, 487; Twilio's "canceled").
     */
    void end(Termination ifAnswered, String why) {
        if (direction == Direction.OUTBOUND && !isAnswered()) {
            dialFailed(Termination.of(Termination.Result.CANCELED, why), DialStatus.CANCEL.sipCode);
        } else {
            hangup(ifAnswered, Reason.NORMAL);
        }
    }

    /**
     * The call's channel was handed to the dialplan to end there ({@code sipCode}: the final response it sends): the
     * call ends now, without hanging the channel up.
     */
    void leftToDialplan(Termination termination, Integer sipCode) {
        close(termination, null, sipCode, false);
    }

    /** Ends an unanswered outbound call whose far end gave {@code sipCode} (or that we gave up on). */
    void dialFailed(Termination termination, Integer sipCode) {
        close(termination, Reason.NORMAL, sipCode, true);
    }

    /** Records a caller digit for the {@code dtmf.received} webhook (when enabled). */
    void dtmfReceived(String digit) {
        if (!services.cdr().dtmfEnabled()) return;
        try {
            services.cdr().dtmf(callSid, digit);
        } catch (RuntimeException e) {
            LOG.warnf("recording DTMF %s failed: %s", digit, e.getMessage());
        }
    }

    /** How the far end of the call's channel ended it, as Asterisk tells. */
    FarEnd farEnd() {
        return farEnd;
    }

    /** The caller's channel is gone (left Stasis, destroyed, or not found after a reconnect). */
    void channelGone(Termination termination) {
        close(termination, null, null, false);
    }

    /**
     * The far end hung up, with Q.850 {@code cause}. An outbound call that was never answered ends as its far
     * end's account says ({@link FarEnd#unanswered}: Asterisk's own 408 from a far end that never responded is
     * {@code failed}, as on the other paths) and records the SIP response (486 for busy …).
     */
    void remoteEnded(int cause, String causeText, String techCause) {
        farEnd.hangupRequested(cause, techCause);
        Termination termination = HangupCauses.remoteEnded(cause, causeText, isAnswered());
        Integer sipCode = null;
        if (direction == Direction.OUTBOUND && !isAnswered()) {
            termination = Termination.of(farEnd.unanswered(null), termination.reason());
            sipCode = farEnd.sipCode(null);
        }
        close(termination, null, sipCode, false);
    }

    /** The call is being handed to someone else (transfer or onAgentFailure forwarding). */
    void transferring(Transfer transfer) {
        this.transfer = transfer;
    }

    Transfer transfer() {
        return transfer;
    }

    /** The {@code <Dial>} in progress, or null. */
    Dialing dialing() {
        return dialing;
    }

    /** Replaces the call's dial {@code expected} (null: none) with {@code next}; a finished dial clears only itself. */
    void dialing(Dialing expected, Dialing next) {
        if (dialing == expected) dialing = next;
    }

    public boolean isTransferring() {
        return transfer != null;
    }

    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Idempotent: the first call wins; later ones (a destroy event after our own hangup) do nothing. Every
     * step after the first runs whatever failed before it, so a call always leaves the registry.
     */
    private void close(Termination termination, Reason reason, Integer failureSipCode, boolean hangUpChannel) {
        if (!closed.compareAndSet(false, true)) return;
        Instant endedAt = Instant.now();
        Integer sipCode = answeredAt != null ? Integer.valueOf(200) : failureSipCode;
        String routeNumber = route == null ? null : route.number();
        try {
            moveTo(CallState.ENDING);
            timers.forEach(t -> t.cancel(false));
            step("closing the media", () -> {
                if (media != null) media.close(); // the agent hears stop first; then Asterisk's side goes
            });
            step("stopping the flow", () -> {
                CallFlow f = flow;
                if (f != null) f.ended();
            });
            step("closing the dial", () -> {
                Dialing d = dialing;
                if (d != null) d.close();
            });
            step("closing the transfer", () -> {
                Transfer t = transfer;
                if (t != null) t.close();
            });
            if (hangUpChannel && callerLeg != null && answeredAt != null) {
                // while the channel still has its RTP: Asterisk drops the statistics of a channel hung up by the
                // caller before ARI reports the hangup request, so that call keeps its last periodic sample
                step("sampling the caller leg", callerLeg::sample);
            }
            if (hangUpChannel) step("hanging up channel " + channelId, () -> hangUpOwnChannel(reason));
            CallerQuality caller = callerLeg == null ? null : callerLeg.end();
            MediaQuality quality = media == null ? null : media.quality();
            AgentFigures agent = media == null ? null : media.agentFigures(answeredNanos);
            step("recording quality metrics", () -> services.metrics().quality(quality, agent));
            step("completing the CDR", () -> services.cdr().ended(cdr, new CallEnd(callSid, routeNumber, endedAt,
                    termination, sipCode, route == null || route.url() == null ? null : route.url().toString(),
                    route == null ? null : route.protocol().code(), quality, agent, caller)));
        } finally {
            services.registry().remove(this);
            services.metrics().ended(termination, direction);
            moveTo(CallState.ENDED);
        }
        LOG.infof("call ended: termination=%s reason=\"%s\" sip=%s duration=%dms from=%s to=%s route=%s",
                termination.code(), termination.reason(), sipCode,
                Duration.between(startedAt, endedAt).toMillis(), from, to, routeNumber);
    }

    private void hangUpOwnChannel(Reason reason) {
        try {
            services.channels().hangup(channelId, reason.ari);
        } catch (RestException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Lets go of the call without ending it (the drain timeout of a restart): the agent hears {@code stop},
     * the app's media goes, and the caller's channel, the bridge and the open CDR stay for the next process of
     * this instance to adopt. Idempotent with close.
     */
    void handOver() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            timers.forEach(t -> t.cancel(false));
            step("releasing the media", () -> {
                if (media != null) media.release();
            });
        } finally {
            services.registry().remove(this);
            LOG.infof("call handed over: left in Asterisk for the next start of instance to adopt");
        }
    }

    /** Runs one teardown step; its failure is logged and does not stop the next step. */
    private static void step(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warnf("%s failed: %s", what, e.toString());
        }
    }

    private boolean moveTo(CallState next) {
        CallState current = state;
        if (!current.canMoveTo(next)) {
            LOG.warnf("illegal call state change %s -> %s refused", current, next);
            return false;
        }
        state = next;
        return true;
    }

    public String callSid() {
        return callSid;
    }

    public String channelId() {
        return channelId;
    }

    public Direction direction() {
        return direction;
    }

    public String from() {
        return from;
    }

    public String to() {
        return to;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public CallState state() {
        return state;
    }

    public boolean isAnswered() {
        return answeredAt != null;
    }

    /** The number (pattern) of the route handling the call; null until it is routed. */
    public String routeNumber() {
        AgentRoute r = route;
        return r == null ? null : r.number();
    }
}
