package io.callbridge.call;

import io.callbridge.call.Termination.Result;
import io.callbridge.store.CallRecord;
import io.callbridge.store.CallRecordRepository;
import io.callbridge.store.CallRecordRepository.HistoryFilter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The API's way to calls: the live ones of this instance (list, hang up) and every call's CDR (one, or the
 * history). Hanging up goes through the call's own executor like every other change to a call, so it
 * never races the call's ARI events.
 */
@ApplicationScoped
public class CallControl {

    /** What {@link #hangup} did. */
    public enum HangupResult {
        /** No call with this id, live or on record. */
        NOT_FOUND,
        /** On record, but not in progress on this instance (it ended, or is ending now). */
        ALREADY_ENDED,
        /** The hangup was handed to the call; it ends shortly (termination {@code completed}). */
        REQUESTED
    }

    /** What {@link #transfer} did. */
    public enum TransferResult {
        NOT_FOUND,
        /** On record, but not in progress on this instance. */
        ALREADY_ENDED,
        /** In progress but not answered yet, or already being transferred. */
        NOT_TRANSFERABLE,
        /** Handed to the call; the outcome comes as {@code call.transferred}. */
        REQUESTED,
        /** The call did not take the request within a few seconds; nothing was done. */
        BUSY
    }

    /** What {@link #completeTransfer} or {@link #cancelTransfer} did. */
    public enum WarmStep {
        NOT_FOUND,
        /** On record, but not in progress on this instance. */
        ALREADY_ENDED,
        /** The call has no warm transfer under way (none asked for, or it is over). */
        NO_TRANSFER,
        /** Completing: the target has not answered yet. */
        NOT_ANSWERED,
        /** Done. */
        DONE,
        /** Asterisk refused to join the caller to the target; the call ends ({@code transfer_failed}). */
        FAILED,
        /** The call did not take the request within a few seconds; nothing was done. */
        BUSY
    }

    /** What {@link #redirect} did. */
    public enum RedirectResult {
        NOT_FOUND,
        /** On record, but not in progress on this instance. */
        ALREADY_ENDED,
        /** An outbound call still ringing, or a call being transferred: it has no flow to move. */
        NOT_MOVABLE,
        /** Handed to the call: what it did stops and the new TwiML runs. */
        REQUESTED
    }

    /** How long a transfer request waits for the call's executor to take it. */
    private static final java.time.Duration DECISION_WAIT = java.time.Duration.ofSeconds(5);

    private final CallRegistry registry;
    private final CallRecordRepository records;
    private final Transfers transfers;
    private final WarmTransfers warm;

    private final Instance<FlowStarter> flows;
    private final AgentBridging agents;

    CallControl(CallRegistry registry, CallRecordRepository records, Transfers transfers, WarmTransfers warm,
                Instance<FlowStarter> flows, AgentBridging agents) {
        this.flows = flows;
        this.warm = warm;
        this.agents = agents;
        this.registry = registry;
        this.records = records;
        this.transfers = transfers;
    }

    /** Calls in progress on this instance, newest first. */
    public List<CallSession> active() {
        return registry.all().stream()
                .filter(call -> !call.isClosed())
                .sorted(Comparator.comparing(CallSession::startedAt).reversed())
                .toList();
    }

    /**
     * Ends a live call from our side, as if its work was done. Asynchronous: the hangup runs on the call's
     * executor after whatever it is doing; {@code CallSession.close} is idempotent, so a call that ends by
     * itself meanwhile is not affected.
     */
    public HangupResult hangup(String callSid) {
        Optional<CallSession> live = registry.byCallSid(callSid).filter(call -> !call.isClosed());
        if (live.isPresent()) {
            CallSession call = live.get();
            call.submit(() -> call.end(Termination.of(Result.COMPLETED, "hung up via API"), "cancelled via API before answer"));
            return HangupResult.REQUESTED;
        }
        return record(callSid).isPresent() ? HangupResult.ALREADY_ENDED : HangupResult.NOT_FOUND;
    }

    /**
     * Blind transfer of an answered call to {@code target} (number or SIP URI). Decided on the call's
     * executor, so of two transfers at once exactly one is taken; the transfer itself goes on from there.
     */
    public TransferResult transfer(String callSid, String target) {
        return transfer(callSid, target, false);
    }

    /**
     * A transfer of an answered call to {@code target}: blind, or {@code warm} (the caller on hold while the target
     * talks with the agent first; see {@link WarmTransfers}). A warm transfer needs the call's agent: a call on
     * hold, dialling or without its agent's media is {@code NOT_TRANSFERABLE}.
     */
    public TransferResult transfer(String callSid, String target, boolean warm) {
        return decide(callSid, call -> {
            if (!call.isAnswered() || call.isTransferring()) return TransferResult.NOT_TRANSFERABLE;
            if (warm) {
                if (!WarmTransfers.possible(call)) return TransferResult.NOT_TRANSFERABLE;
                this.warm.start(call, target);
            } else {
                transfers.start(call, target, "requested via API");
            }
            return TransferResult.REQUESTED;
        }, TransferResult.NOT_FOUND, TransferResult.ALREADY_ENDED, TransferResult.BUSY);
    }

    /** Completes the call's warm transfer: the caller joins the target, the agent's stream stops. */
    public WarmStep completeTransfer(String callSid) {
        return decide(callSid, warm::complete, WarmStep.NOT_FOUND, WarmStep.ALREADY_ENDED, WarmStep.BUSY);
    }

    /** Calls off the call's warm transfer: the target is hung up, the caller is back with the agent. */
    public WarmStep cancelTransfer(String callSid) {
        return decide(callSid, warm::cancel, WarmStep.NOT_FOUND, WarmStep.ALREADY_ENDED, WarmStep.BUSY);
    }

    /**
     * Runs {@code action} on the call's executor and waits for its answer, so of two requests at once each sees
     * the other's effect; a request that gave up waiting ({@code busy}) is never run later.
     */
    private <T> T decide(String callSid, java.util.function.Function<CallSession, T> action, T notFound, T ended,
                         T busy) {
        Optional<CallSession> live = registry.byCallSid(callSid).filter(call -> !call.isClosed());
        if (live.isEmpty()) return record(callSid).isPresent() ? ended : notFound;
        CallSession call = live.get();
        CompletableFuture<T> decided = new CompletableFuture<>();
        AtomicBoolean settled = new AtomicBoolean(); // the call deciding, or the request giving up: first wins
        call.submit(() -> {
            if (!settled.compareAndSet(false, true)) return; // the request gave up waiting: nothing is done
            try {
                decided.complete(call.isClosed() ? ended : action.apply(call));
            } catch (RuntimeException e) {
                decided.completeExceptionally(e);
            }
        });
        try {
            return decided.get(DECISION_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            // The call is stuck in a long ARI request. If it has not started deciding, it never will.
            return settled.compareAndSet(false, true) ? busy : decided.join();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Moves a live call to new TwiML (Twilio's "modify a live call"): the document {@code twiml}, or the one
     * {@code url} answers with {@code method}. Whatever the call does (a verb, an agent's stream) stops; decided on
     * the call's executor, like {@link #transfer}.
     */
    public RedirectResult redirect(String callSid, String twiml, String url, String method) {
        Optional<CallSession> live = live(callSid);
        if (live.isEmpty()) return record(callSid).isPresent() ? RedirectResult.ALREADY_ENDED : RedirectResult.NOT_FOUND;
        CallSession call = live.get();
        if (call.isTransferring() || (call.direction() == Direction.OUTBOUND && !call.isAnswered())) {
            return RedirectResult.NOT_MOVABLE;
        }
        call.submit(() -> {
            if (call.isClosed() || call.isTransferring()) return;
            flows.get().redirect(call, twiml, url, method);
        });
        return RedirectResult.REQUESTED;
    }

    /**
     * Connects a live, answered call to {@code route}'s agent (its URL, protocol, sample rate and stream
     * parameters), as a call to that route would be: a caller taken out of a queue for an agent. Whatever the call
     * does stops (its flow ends); when the agent's stream ends, the call's own route's onAgentFailure applies. The
     * call keeps its own route in its CDR. Decided on the call's executor, like {@link #redirect}.
     */
    public RedirectResult connectAgent(String callSid, AgentRoute route) {
        Optional<CallSession> live = live(callSid);
        if (live.isEmpty()) return record(callSid).isPresent() ? RedirectResult.ALREADY_ENDED : RedirectResult.NOT_FOUND;
        CallSession call = live.get();
        if (call.isTransferring() || !call.isAnswered()) return RedirectResult.NOT_MOVABLE;
        call.submit(() -> {
            if (call.isClosed() || call.isTransferring() || call.media() != null) return;
            CallFlow flow = call.flow();
            if (flow != null) flow.ended(); // the flow has left the call to the agent
            agents.connect(call, route);
        });
        return RedirectResult.REQUESTED;
    }

    /** The call {@code callSid} if it is in progress on this instance and not ending. */
    public Optional<CallSession> live(String callSid) {
        return registry.byCallSid(callSid).filter(call -> !call.isClosed());
    }

    @Transactional
    public Optional<CallRecord> record(String callSid) {
        return records.findByCallSid(callSid);
    }

    /** At most {@code limit} CDRs, newest first; see {@link CallRecordRepository#history}. */
    @Transactional
    public List<CallRecord> history(HistoryFilter filter, int limit) {
        return records.history(filter, limit);
    }
}
