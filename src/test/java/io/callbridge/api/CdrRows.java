package io.callbridge.api;

import io.callbridge.store.CallRecord;
import io.callbridge.store.CallRecordRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/** Writes CDR rows straight into the real {@code calls} table for the Calls API tests. */
@ApplicationScoped
public class CdrRows {

    private final CallRecordRepository calls;

    CdrRows(CallRecordRepository calls) {
        this.calls = calls;
    }

    /** A fresh call id in the app's form: CA and 32 lowercase hex characters. */
    static String newCallSid() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "CA" + HexFormat.of().formatHex(bytes);
    }

    /** An ended inbound call to {@code to}, completed, started at {@code startedAt}; {@code more} adjusts it. */
    @Transactional
    public CallRecord insert(String to, OffsetDateTime startedAt, Consumer<CallRecord> more) {
        CallRecord r = new CallRecord();
        r.callSid = newCallSid();
        r.channelId = "test-" + r.callSid;
        r.direction = "inbound";
        r.fromNumber = "+15557690000";
        r.toNumber = to;
        r.route = to;
        r.state = "ENDED";
        r.startedAt = startedAt;
        r.answeredAt = startedAt.plusSeconds(1);
        r.endedAt = startedAt.plusSeconds(30);
        r.termination = "completed";
        r.terminationReason = "test";
        r.sipCode = 200;
        more.accept(r);
        calls.persist(r);
        return r;
    }

    @Transactional
    public long deleteTo(Collection<String> numbers) {
        return calls.delete("toNumber in ?1", numbers);
    }
}
