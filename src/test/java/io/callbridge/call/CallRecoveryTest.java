package io.callbridge.call;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.ari.Ownership;
import io.callbridge.store.CallRecord;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Recovery after an ARI connect, against the real database and Asterisk: it closes only this instance's
 * calls, leaves alone a call that starts after its snapshot, and never ends a call twice.
 */
@QuarkusTest
@TestProfile(CallRecoveryTest.WithWebhooks.class)
class CallRecoveryTest {

    /** Webhook events are recorded in the outbox only while a receiver is configured (none listens here). */
    public static class WithWebhooks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("callbridge.webhooks.url", "http://127.0.0.1:9/hooks");
        }
    }

    static final String NUMBER = "7301";
    static final String REFUSED = "7302";

    @Inject
    TestData data;

    @Inject
    CallRecovery recovery;

    @Inject
    CallRegistry registry;

    @Inject
    CdrWriter cdr;

    @Inject
    Ownership ownership;

    @Inject
    EntityManager em;

    @BeforeEach
    void ready() {
        data.ensureRoute(NUMBER);
        TestData.awaitReady();
    }

    @Test
    void anotherInstancesOpenCallIsNeverClosedOursWhoseChannelIsGoneIsLost() throws Exception {
        String theirs = openRow("other-instance@elsewhere");
        String ours = openRow(ownership.instanceId());

        recovery.reconcile(Instant.now());

        assertNull(data.call(theirs).endedAt, "another instance's call must stay open");
        CallRecord lost = data.call(ours);
        assertNotNull(lost.endedAt);
        assertEquals("lost", lost.termination);
        closeRow(theirs);
    }

    @Test
    void aCallThatStartsAfterTheSnapshotIsLeftAlone() throws Exception {
        CallRecovery.Snapshot before = recovery.snapshot(Instant.now());
        Set<String> earlier = callSids();
        CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.talkingCall(NUMBER, 3000));
        CallSession call = awaitNewAnsweredCall(earlier);

        recovery.apply(before);

        assertFalse(call.isClosed(), "a call newer than the snapshot must go on");
        assertTrue(caller.join().succeeded(), "the caller must keep the call until it hangs up");
        assertEquals("caller_hangup", data.awaitEndedCall(call.callSid(), 10).termination);
    }

    @Test
    void aCallThatEndsDuringRecoveryEndsOnceWithOneCompletedEvent() throws Exception {
        Set<String> earlier = callSids();
        CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.talkingCall(NUMBER, 1500));
        CallSession call = awaitNewAnsweredCall(earlier);
        CallRecovery.Snapshot during = recovery.snapshot(Instant.now()); // the call is live and its CDR open here
        assertTrue(caller.join().succeeded());
        CallRecord ended = data.awaitEndedCall(call.callSid(), 10);

        recovery.apply(during);
        // and a late second end of the same call, as a destroy event after recovery would bring
        boolean again = cdr.ended(call.cdr(), new CallEnd(call.callSid(), null, Instant.now(),
                Termination.of(Termination.Result.LOST, "second end"), null, null, null, null, null));

        assertFalse(again, "a CDR ends once");
        CallRecord after = data.call(call.callSid());
        assertEquals("caller_hangup", after.termination);
        assertEquals(ended.endedAt, after.endedAt);
        assertEquals(1L, completedEvents(call.callSid()), "call.completed must be recorded once");
    }

    @Test
    void anInboundCallWhoseCdrCannotBeWrittenIsRefused() {
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        // PostgreSQL refuses the CDR of calls to this number, as it would refuse any write it cannot take.
        sql("create or replace function refuse_cdr() returns trigger language plpgsql as $$ begin "
                + "raise exception 'refused by the test'; end $$");
        sql("create trigger refuse_cdr before insert on calls for each row when (new.to_number = '" + REFUSED
                + "') execute function refuse_cdr()");
        try {
            data.ensureRoute(REFUSED);
            Sipp.Result call = Sipp.rejectedCall(REFUSED, 500);
            assertTrue(call.succeeded(), "a call that cannot be recorded must be refused (503 from Asterisk, 500 from "
                    + "the edge with no other node):\n" + call.output());
        } finally {
            sql("drop trigger refuse_cdr on calls");
        }
        assertTrue(data.callsTo(REFUSED, since).isEmpty());
        assertTrue(registry.all().stream().noneMatch(c -> REFUSED.equals(c.to())), "the refused call must be gone");
    }

    private void sql(String statement) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(statement).executeUpdate());
    }

    private Set<String> callSids() {
        return registry.all().stream().map(CallSession::callSid).collect(Collectors.toSet());
    }

    /** The answered call to {@link #NUMBER} that was not among {@code earlier}. */
    private CallSession awaitNewAnsweredCall(Set<String> earlier) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> registry.all().stream()
                .filter(c -> NUMBER.equals(c.to()) && c.isAnswered() && !earlier.contains(c.callSid()))
                .findFirst().orElse(null), c -> c != null);
    }

    private long completedEvents(String callSid) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from webhook_outbox where call_sid = ?1 and event_type = 'call.completed'")
                .setParameter(1, callSid).getSingleResult()).longValue());
    }

    private String openRow(String instanceId) {
        String callSid = CallSession.newCallSid();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("insert into calls(call_sid, channel_id, "
                + "direction, to_number, state, started_at, instance_id) values (?1, ?2, 'inbound', '7399', 'ANSWERED', now(), ?3)")
                .setParameter(1, callSid).setParameter(2, "gone-" + callSid).setParameter(3, instanceId).executeUpdate());
        return callSid;
    }

    private void closeRow(String callSid) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update calls set ended_at = now(), termination = 'lost' where call_sid = ?1")
                .setParameter(1, callSid).executeUpdate());
    }
}
