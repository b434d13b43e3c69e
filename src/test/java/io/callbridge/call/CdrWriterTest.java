package io.callbridge.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.TestData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CDR writer against the real database: writes keyed by the row id, one end, and status callbacks numbered
 * by what is queued in the outbox, so the numbers go on where they were after a restart.
 */
@QuarkusTest
class CdrWriterTest {

    @Inject
    CdrWriter writer;

    @Inject
    TestData data;

    @Inject
    EntityManager em;

    @Test
    void statusCallbackSequenceNumbersGoOnAfterARestartAndTheCallEndsOnce() {
        String callSid = CallSession.newCallSid();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into calls (call_sid, channel_id, direction, from_number, to_number, state, started_at,
                                   instance_id, status_callback, status_callback_events)
                values (?1, 'cb-out-test', 'outbound', '+15550001111', '+15550002222', 'RINGING', now(), 'test',
                        'http://127.0.0.1:1/status', 'initiated,ringing,answered,completed')""")
                .setParameter(1, callSid).executeUpdate());

        // the process that placed the call hears it ring
        OpenCdr before = OpenCdr.of(data.call(callSid));
        writer.ringing(before);
        // a restarted process takes the call on from its row: it knows nothing of the callbacks queued before
        OpenCdr after = OpenCdr.of(data.call(callSid));
        writer.answered(after, null, Instant.now());
        assertTrue(writer.ended(after, end(callSid)), "the first end ends the call");
        assertFalse(writer.ended(OpenCdr.of(data.call(callSid)), end(callSid)), "a CDR ends once");
        assertFalse(writer.ended(after, end(callSid)), "a CDR ends once");

        List<Map<String, String>> callbacks = statusCallbacks(callSid);
        assertEquals(List.of("ringing", "in-progress", "completed"), callbacks.stream().map(f -> f.get("CallStatus")).toList());
        assertEquals(List.of("0", "1", "2"), callbacks.stream().map(f -> f.get("SequenceNumber")).toList());
        assertEquals(List.of("CallSid", "AccountSid", "From", "To", "Direction", "CallStatus", "ApiVersion",
                "CallbackSource", "SequenceNumber", "Timestamp", "CallDuration"), List.copyOf(callbacks.getLast().keySet()));
        assertEquals("outbound-api", callbacks.getLast().get("Direction"));
        CallRecord row = data.call(callSid);
        assertEquals("ENDED", row.state);
        assertEquals("caller_hangup", row.termination);
        assertNotNull(row.answeredAt);
        assertNotNull(row.endedAt);
    }

    /** A call with no status callback: with no webhook receiver its writes are single statements in auto-commit. */
    @Test
    void aCallWithoutStatusCallbackIsAnsweredAndEndedOnceByItsRowId() {
        String callSid = CallSession.newCallSid();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into calls (call_sid, channel_id, direction, from_number, to_number, state, started_at, instance_id)
                values (?1, 'cb-in-test', 'inbound', '+15550001111', '+15550002222', 'RINGING', now(), 'test')""")
                .setParameter(1, callSid).executeUpdate());

        OpenCdr cdr = OpenCdr.of(data.call(callSid));
        writer.answered(cdr, null, Instant.now());
        assertEquals("ANSWERED", data.call(callSid).state);
        assertTrue(writer.ended(cdr, end(callSid)), "the first end ends the call");
        assertFalse(writer.ended(cdr, end(callSid)), "a CDR ends once");
        writer.adopted(cdr, 1500);

        CallRecord row = data.call(callSid);
        assertEquals("ENDED", row.state);
        assertEquals("caller_hangup", row.termination);
        assertNotNull(row.answeredAt);
        assertNotNull(row.endedAt);
        assertEquals(1500L, row.agentGapMs);
    }

    private static CallEnd end(String callSid) {
        return new CallEnd(callSid, null, Instant.now(), Termination.of(Termination.Result.CALLER_HANGUP, "test"),
                null, null, null, null, null);
    }

    /** The call's status callbacks in the order queued, each as its form fields in their order. */
    @SuppressWarnings("unchecked")
    private List<Map<String, String>> statusCallbacks(String callSid) {
        List<String> payloads = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select payload from webhook_outbox where call_sid = ?1 and format = 'form' order by id")
                .setParameter(1, callSid).getResultList());
        return payloads.stream().map(p -> {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String pair : p.split("&")) {
                String[] kv = pair.split("=", 2);
                fields.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            return fields;
        }).toList();
    }
}
