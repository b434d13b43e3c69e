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
        CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.talkingCall(NUMBER, 3000));
        CallSession call = await().atMost(Duration.ofSeconds(10)).until(
                () -> registry.all().stream().filter(c -> NUMBER.equals(c.to()) && c.isAnswered()).findFirst().orElse(null),
                c -> c != null);

        recovery.apply(before);

        assertFalse(call.isClosed(), "a call newer than the snapshot must go on");
        assertTrue(caller.join().succeeded(), "the caller must keep the call until it hangs up");
        assertEquals("caller_hangup", data.awaitEndedCall(call.callSid(), 10).termination);
    }

    @Test
    void aCallThatEndsDuringRecoveryEndsOnceWithOneCompletedEvent() throws Exception {
        CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.talkingCall(NUMBER, 1500));
        CallSession call = await().atMost(Duration.ofSeconds(10)).until(
                () -> registry.all().stream().filter(c -> NUMBER.equals(c.to()) && c.isAnswered()).findFirst().orElse(null),
                c -> c != null);
        CallRecovery.Snapshot during = recovery.snapshot(Instant.now()); // the call is live and its CDR open here
        assertTrue(caller.join().succeeded());
        CallRecord ended = data.awaitEndedCall(call.callSid(), 10);

        recovery.apply(during);
        // and a late second end of the same call, as a destroy event after recovery would bring
        boolean again = cdr.ended(new CallEnd(call.callSid(), null, Instant.now(),
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
        // A caller id longer than the CDR's from_number column (128): the row cannot be written.
        Sipp.Result call = Sipp.call("uac-rejected.xml", NUMBER, Map.of("CODE", "500", "+15550001111", "+1" + "5".repeat(140)), 15);
        assertTrue(call.succeeded(), "a call that cannot be recorded must be refused (503 from Asterisk, 500 from "
                + "the edge with no other node):\n" + call.output());
        assertTrue(data.callsTo(NUMBER, since).isEmpty());
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
