package io.callbridge.store;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class CallRecordRepository implements PanacheRepository<CallRecord> {

    public Optional<CallRecord> findByCallSid(String callSid) {
        return find("callSid", callSid).firstResultOptional();
    }

    /** Calls with no end time: in progress here, or cut off by a stop of the app. */
    public List<CallRecord> listOpen() {
        return list("endedAt is null");
    }
}
