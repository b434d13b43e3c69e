package io.callbridge.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.HookReceiver;
import io.callbridge.testing.HookReceiver.Hook;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.callbridge.testing.WebhookSignature;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signed webhooks from a real call, to a receiver that is down for a while: each event once, in order. */
@QuarkusTest
@TestProfile(WebhookDeliveryTest.Receiver.class)
class WebhookDeliveryTest {

    static final int PORT = 18099;
    static final String SECRET = "whsec_test_secret";

    public static class Receiver implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("callbridge.webhooks.url", "http://127.0.0.1:" + PORT + "/hooks",
                    "callbridge.webhooks.secret", SECRET,
                    "callbridge.webhooks.poll-interval", "200ms",
                    "callbridge.webhooks.min-backoff", "300ms",
                    "callbridge.webhooks.max-backoff", "1s");
        }
    }

    @Inject
    TestData data;

    @Inject
    Vertx vertx;

    @Inject
    EntityManager em;

    @Test
    void eventsWaitForADownReceiverAndArriveOnceInOrderSigned() throws Exception {
        String number = "7401";
        data.ensureRoute(number);
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        // an event left undelivered by an earlier run of the app, as after a crash
        String leftover = "evt_leftover" + System.nanoTime();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into webhook_outbox(event_id, call_sid, event_type, endpoint, payload)
                values (?1, null, 'call.completed', ?2, ?3)""")
                .setParameter(1, leftover).setParameter(2, "http://127.0.0.1:" + PORT + "/hooks")
                .setParameter(3, "{\"id\":\"" + leftover + "\",\"type\":\"call.completed\",\"data\":{}}").executeUpdate());

        assertTrue(Sipp.talkingCall(number, 1000).succeeded());
        CallRecord cdr = data.awaitEnded(number, since);
        // the receiver is down: the call's first event fails and is rescheduled, more than once
        List<Map<String, Object>> pending = await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(cdr.callSid),
                d -> d.size() == 3 && (int) d.get(2).get("attempts") >= 2);
        assertEquals(3, pending.size());
        assertTrue(pending.stream().allMatch(d -> "pending".equals(d.get("status"))), pending.toString());
        // newest first: the call's first event is being retried; the later ones wait their turn (per-call order)
        assertTrue((int) pending.get(2).get("attempts") >= 2, pending.toString());
        assertEquals(List.of(0, 0), List.of(pending.get(0).get("attempts"), pending.get(1).get("attempts")));

        List<Hook> got;
        try (HookReceiver receiver = new HookReceiver(vertx, PORT)) {
            got = receiver.await(h -> h.body().contains(cdr.callSid), 3, Duration.ofSeconds(15));
            receiver.await(h -> leftover.equals(eventId(h)), 1, Duration.ofSeconds(15));
            // once an event's delivery is recorded it is never sent again: count what came by then
            await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(cdr.callSid),
                    d -> d.stream().allMatch(e -> "delivered".equals(e.get("status"))));
            await().atMost(Duration.ofSeconds(10)).until(() -> deliveredAt(leftover) != null);
            got = receiver.all(h -> true);
        }
        List<Hook> forCall = got.stream().filter(h -> h.body().contains(cdr.callSid)).toList();
        assertEquals(List.of("call.initiated", "call.answered", "call.completed"),
                forCall.stream().map(h -> h.json().getString("type")).toList());
        assertEquals(3, forCall.stream().map(WebhookDeliveryTest::eventId).distinct().count(), "each event once");
        for (Hook h : forCall) {
            String signature = h.headers().get("callbridge-signature");
            assertTrue(WebhookSignature.verify(SECRET, signature, h.body()), "bad signature " + signature);
            assertEquals(h.json().getString("id"), eventId(h));
        }
        JsonObject completed = forCall.get(2).json().getJsonObject("data");
        assertEquals("caller_hangup", completed.getString("termination"));
        assertEquals(200, completed.getInteger("sipCode"));
        assertTrue(completed.getJsonObject("quality").getLong("packetsIn") > 0);
        assertEquals(1, got.stream().filter(h -> leftover.equals(eventId(h))).count());

        List<Map<String, Object>> delivered = deliveries(cdr.callSid);
        assertTrue(delivered.stream().allMatch(d -> "delivered".equals(d.get("status"))), delivered.toString());
    }

    /** The call's events as GET /api/webhooks/deliveries shows them, newest first. */
    private static List<Map<String, Object>> deliveries(String callSid) {
        return given().header("Authorization", "Bearer test-key")
                .queryParam("callSid", callSid).get("/api/webhooks/deliveries")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    private Object deliveredAt(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select delivered_at from webhook_outbox where event_id = ?1").setParameter(1, eventId).getSingleResult());
    }

    private static String eventId(Hook h) {
        return h.headers().get("callbridge-event-id");
    }
}
