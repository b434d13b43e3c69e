package io.callbridge.testing;

import io.callbridge.store.CallRecord;
import io.callbridge.store.CallRecordRepository;
import io.callbridge.store.RouteEntity;
import io.callbridge.store.RouteRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;

/** Reads and writes the real database for the tests. */
@ApplicationScoped
public class TestData {

    private final RouteRepository routes;
    private final CallRecordRepository calls;

    TestData(RouteRepository routes, CallRecordRepository calls) {
        this.routes = routes;
        this.calls = calls;
    }

    @Transactional
    public void ensureRoute(String number) {
        if (routes.findByNumber(number).isPresent()) return;
        RouteEntity r = new RouteEntity();
        r.number = number;
        r.description = "test";
        routes.persist(r);
    }

    @Transactional
    public void removeRoute(String number) {
        routes.delete("number", number);
    }

    /** CDRs of calls to {@code number} that started after {@code since}, newest first. */
    @Transactional
    public List<CallRecord> callsTo(String number, OffsetDateTime since) {
        return calls.list("toNumber = ?1 and startedAt >= ?2 order by startedAt desc", number, since);
    }
}
