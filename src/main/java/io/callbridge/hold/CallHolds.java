package io.callbridge.hold;

import io.callbridge.ari.AriEvent;
import io.callbridge.ari.AriEventListener;
import io.callbridge.ari.AriLink;
import io.callbridge.call.CallControl;
import io.callbridge.call.CallRegistry;
import io.callbridge.call.CallSession;
import io.callbridge.hold.HoldState.By;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Hold and resume: the API's ({@link #hold}, {@link #resume}) and the caller's own (ARI ChannelHold and
 * ChannelUnhold, which chan_pjsip raises for a re-INVITE that holds or resumes). Every change runs on the call's
 * executor, in order with the call's other events. A call is held while the API or the caller holds it; the
 * agent hears of it (if its route opted in), the CDR and the webhooks when the call goes on or comes off hold.
 */
@ApplicationScoped
public class CallHolds implements AriEventListener {

    private static final Logger LOG = Logger.getLogger(CallHolds.class);

    /** How long an API request waits for the call's executor to take it (as a transfer does). */
    private static final Duration DECISION_WAIT = Duration.ofSeconds(5);

    /** What an API hold or resume did. */
    public enum Result {
        /** No call with this id, live or on record. */
        NOT_FOUND,
        /** On record, but not in progress on this instance. */
        NOT_IN_PROGRESS,
        /** In progress but not answered, without its agent's media, or being transferred. */
        NOT_HOLDABLE,
        /** Done (or the call was already so): Asterisk has confirmed. */
        DONE,
        /** Asterisk refused; the detail says what. */
        FAILED,
        /** The call did not take the request in time; nothing was done. */
        BUSY
    }

    /** The outcome of an API request, and the call's hold after it. */
    public record Outcome(Result result, boolean held, By heldBy, String detail) {
        static Outcome of(Result result) {
            return new Outcome(result, false, null, null);
        }
    }

    private final CallRegistry registry;
    private final CallControl calls;
    private final HoldRecords records;

    CallHolds(CallRegistry registry, CallControl calls, HoldRecords records) {
        this.registry = registry;
        this.calls = calls;
        this.records = records;
    }

    /**
     * Puts an answered call on hold: the agent's media stops both ways at once (its audio meanwhile waits in the
     * playout queue), its media leg leaves the bridge, and the caller hears the route's music on hold. Returns
     * once Asterisk has confirmed. Holding a held call changes nothing.
     */
    public Outcome hold(String callSid) {
        return decide(callSid, this::apiHold);
    }

    /**
     * Takes a call the API held off hold: the music stops, the agent's leg rejoins the bridge, and the app's
     * media restarts with the next 20 ms tick after Asterisk confirmed. A call the caller still holds stays
     * paused until the caller resumes. Resuming a call not held by the API changes nothing.
     */
    public Outcome resume(String callSid) {
        return decide(callSid, this::apiResume);
    }

    private Outcome apiHold(CallSession call) {
        HoldState state = call.hold();
        HoldableMedia media = call.holdableMedia();
        if (media == null) return Outcome.of(Result.NOT_HOLDABLE);
        if (state.heldBy(By.API)) return outcome(call, Result.DONE, null);
        media.pause(true);
        try {
            media.takeAgentOut();
        } catch (Exception e) {
            LOG.warnf("holding the call failed: %s", e.getMessage());
            if (!state.held()) media.pause(false);
            tryBringBack(media);
            return outcome(call, Result.FAILED, "Asterisk refused the hold: " + e.getMessage());
        }
        changed(call, By.API, true);
        return outcome(call, Result.DONE, null);
    }

    private Outcome apiResume(CallSession call) {
        HoldState state = call.hold();
        HoldableMedia media = call.holdableMedia();
        if (media == null) return Outcome.of(Result.NOT_HOLDABLE);
        if (!state.heldBy(By.API)) return outcome(call, Result.DONE, null);
        try {
            media.bringAgentBack();
        } catch (Exception e) {
            LOG.warnf("resuming the call failed: %s", e.getMessage());
            return outcome(call, Result.FAILED, "Asterisk refused the resume: " + e.getMessage());
        }
        if (!state.heldBy(By.CALLER)) media.pause(false); // the first tick after Asterisk confirmed
        changed(call, By.API, false);
        return outcome(call, Result.DONE, null);
    }

    private static void tryBringBack(HoldableMedia media) {
        try {
            media.bringAgentBack();
        } catch (Exception e) {
            LOG.warnf("putting the agent back after a failed hold failed too: %s", e.getMessage());
        }
    }

    /** The caller's own hold or resume, from ARI (events thread): handed to the call's executor. */
    @Override
    public void onAriEvent(AriEvent event) {
        switch (event) {
            case AriEvent.ChannelHold e -> callerHold(e.channelId(), true);
            case AriEvent.ChannelUnhold e -> callerHold(e.channelId(), false);
            default -> { }
        }
    }

    /**
     * ARI's events socket is back after a cut: a caller's ChannelUnhold may have been lost meanwhile (ARI does not
     * keep events for an absent app, and a channel's snapshot does not say whether it is held), so each caller
     * hold is taken as over. A caller still holding sends and hears nothing anyway; the agent is never left paused.
     */
    void onAriUp(@Observes AriLink.Up up) {
        for (CallSession call : registry.all()) {
            if (!call.hold().heldBy(By.CALLER)) continue;
            call.submit(() -> {
                if (call.isClosed() || !call.hold().heldBy(By.CALLER)) return;
                HoldableMedia media = call.holdableMedia();
                if (media != null && !call.hold().heldBy(By.API)) media.pause(false);
                changed(call, By.CALLER, false);
            });
        }
    }

    private void callerHold(String channelId, boolean on) {
        registry.byChannel(channelId).filter(call -> channelId.equals(call.channelId())).ifPresent(call -> call.submit(() -> {
            if (call.isClosed() || call.hold().heldBy(By.CALLER) == on) return;
            HoldableMedia media = call.holdableMedia();
            // Without media yet, the state alone is kept: the media starts paused.
            if (media != null && (on || !call.hold().heldBy(By.API))) media.pause(on);
            changed(call, By.CALLER, on);
        }));
    }

    /** Records that {@code by} holds or no longer holds the call; the agent, CDR and webhooks hear of a change of the whole. */
    private void changed(CallSession call, By by, boolean on) {
        HoldState state = call.hold();
        By before = state.by();
        boolean flipped = state.set(by, on);
        HoldableMedia media = call.holdableMedia();
        Instant now = Instant.now();
        try {
            if (flipped && on) records.held(call, by, now);
            else if (flipped) records.resumed(call, by, now);
            else if (state.held() && state.by() != before) records.heldBy(call, state.by());
        } catch (RuntimeException e) {
            LOG.warnf("recording the hold of the call failed: %s", e.getMessage());
        }
        if (flipped && media != null) media.tellAgent(on, by);
        LOG.debugf("call %s %s by %s", call.callSid(), on ? "held" : "resumed", by.code());
    }

    private Outcome outcome(CallSession call, Result result, String detail) {
        HoldState state = call.hold();
        return new Outcome(result, state.held(), state.by(), detail);
    }

    /**
     * Runs {@code action} on the call's executor and waits for it (as a transfer request does): of two requests
     * at once each sees the other's result; a request that gave up waiting is never run later.
     */
    private Outcome decide(String callSid, Function<CallSession, Outcome> action) {
        Optional<CallSession> live = registry.byCallSid(callSid).filter(call -> !call.isClosed());
        if (live.isEmpty()) return Outcome.of(calls.record(callSid).isPresent() ? Result.NOT_IN_PROGRESS : Result.NOT_FOUND);
        CallSession call = live.get();
        CompletableFuture<Outcome> decided = new CompletableFuture<>();
        AtomicBoolean settled = new AtomicBoolean();
        call.submit(() -> {
            if (!settled.compareAndSet(false, true)) return;
            try {
                decided.complete(call.isClosed() ? Outcome.of(Result.NOT_IN_PROGRESS)
                        : !call.isAnswered() || call.isTransferring() ? Outcome.of(Result.NOT_HOLDABLE)
                        : action.apply(call));
            } catch (RuntimeException e) {
                decided.completeExceptionally(e);
            }
        });
        try {
            return decided.get(DECISION_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return settled.compareAndSet(false, true) ? Outcome.of(Result.BUSY) : decided.join();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
