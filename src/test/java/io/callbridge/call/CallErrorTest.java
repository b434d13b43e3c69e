package io.callbridge.call;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A call Callbridge fails to handle ends as {@code error}, on the real path (Kamailio → Asterisk → this app):
 * the caller is hung up, not left in silence, and the CDR says why.
 */
@QuarkusTest
class CallErrorTest {

    static final String NUMBER = "7303";

    @Inject
    TestData data;

    @Inject
    CallRegistry registry;

    @Inject
    EntityManager em;

    @Test
    void aCallWhoseAnswerCannotBeRecordedEndsAsErrorAndItsCallerIsHungUp() {
        data.ensureRoute(NUMBER);
        TestData.awaitReady();
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        // PostgreSQL refuses to record the answer of calls to this number, as it would refuse any write it cannot take.
        sql("create or replace function refuse_answer() returns trigger language plpgsql as $$ begin "
                + "raise exception 'refused by the test'; end $$");
        sql("create trigger refuse_answer before update on calls for each row when (new.to_number = '" + NUMBER
                + "' and old.answered_at is null and new.answered_at is not null) execute function refuse_answer()");
        Sipp.Result caller;
        try {
            caller = Sipp.answeredCall(NUMBER, 10);
        } finally {
            sql("drop trigger refuse_answer on calls");
        }
        assertTrue(caller.succeeded(), "the caller must be answered, then hung up by Callbridge:\n" + caller.output());
        CallRecord cdr = await().atMost(Duration.ofSeconds(10)).until(() -> endedCallTo(since), r -> r != null);
        assertEquals("error", cdr.termination, cdr.terminationReason);
        assertTrue(cdr.terminationReason.startsWith("answer failed"), cdr.terminationReason);
        assertTrue(registry.all().stream().noneMatch(c -> NUMBER.equals(c.to())), "the call must be gone");
    }

    private CallRecord endedCallTo(OffsetDateTime since) {
        List<CallRecord> calls = data.callsTo(NUMBER, since);
        return calls.isEmpty() || calls.getFirst().endedAt == null ? null : calls.getFirst();
    }

    private void sql(String statement) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(statement).executeUpdate());
    }
}
