package io.callbridge.call;

import io.callbridge.call.HangupCauses.Reason;
import io.callbridge.call.Termination.Result;
import io.callbridge.store.CallRecord;
import io.callbridge.store.CallRecordRepository;
import io.callbridge.store.CallRecordRepository.HistoryFilter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

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

    private final CallRegistry registry;
    private final CallRecordRepository records;

    CallControl(CallRegistry registry, CallRecordRepository records) {
        this.registry = registry;
        this.records = records;
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
            call.submit(() -> call.hangup(Termination.of(Result.COMPLETED, "hung up via API"), Reason.NORMAL));
            return HangupResult.REQUESTED;
        }
        return record(callSid).isPresent() ? HangupResult.ALREADY_ENDED : HangupResult.NOT_FOUND;
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
