package io.callbridge.store;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class CallRecordRepository implements PanacheRepository<CallRecord> {

    public Optional<CallRecord> findByCallSid(String callSid) {
        return find("callSid", callSid).firstResultOptional();
    }

    /**
     * Calls of {@code instanceId} with no end time: in progress, or left by a stop of the app. CDRs written
     * before ownership was recorded (no instance) count as every instance's.
     */
    public List<CallRecord> listOpen(String instanceId) {
        return list("endedAt is null and (instanceId = ?1 or instanceId is null)", instanceId);
    }

    /** The CDR, locked for update until the transaction ends (ending a call happens once). */
    public Optional<CallRecord> lockByCallSid(String callSid) {
        return find("callSid", callSid).withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    /**
     * Which CDRs {@link #history} returns. A null (or empty) filter is left out. {@code from} and {@code to}
     * match any of the given forms; {@code since} is inclusive and {@code until} exclusive, on
     * {@code started_at}. {@code afterStartedAt} and {@code afterId} (both or neither) are the keyset
     * position: only rows after it in newest-first order are returned.
     */
    public record HistoryFilter(Collection<String> from, Collection<String> to, String direction, String termination,
                                OffsetDateTime since, OffsetDateTime until, OffsetDateTime afterStartedAt,
                                Long afterId) {
    }

    /**
     * At most {@code limit} CDRs, newest first: {@code started_at} descending, then {@code id} descending so
     * calls that started in the same microsecond still have a fixed order and a keyset page never skips or
     * repeats one. Served by the V4 indexes.
     */
    public List<CallRecord> history(HistoryFilter f, int limit) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (f.from() != null && !f.from().isEmpty()) {
            where.add("fromNumber in :from");
            params.and("from", f.from());
        }
        if (f.to() != null && !f.to().isEmpty()) {
            where.add("toNumber in :to");
            params.and("to", f.to());
        }
        if (f.direction() != null) {
            where.add("direction = :direction");
            params.and("direction", f.direction());
        }
        if (f.termination() != null) {
            where.add("termination = :termination");
            params.and("termination", f.termination());
        }
        if (f.since() != null) {
            where.add("startedAt >= :since");
            params.and("since", f.since());
        }
        if (f.until() != null) {
            where.add("startedAt < :until");
            params.and("until", f.until());
        }
        if (f.afterStartedAt() != null && f.afterId() != null) {
            // A row-value comparison: PostgreSQL walks the (started_at desc, id desc) index from the position.
            where.add("(startedAt, id) < (:afterStartedAt, :afterId)");
            params.and("afterStartedAt", f.afterStartedAt()).and("afterId", f.afterId());
        }
        Sort newestFirst = Sort.descending("startedAt", "id");
        var query = where.isEmpty() ? findAll(newestFirst) : find(String.join(" and ", where), newestFirst, params);
        return query.range(0, limit - 1).list();
    }
}
