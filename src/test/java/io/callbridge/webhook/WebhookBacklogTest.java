package io.callbridge.webhook;

import static io.callbridge.testing.Api.api;
import static io.callbridge.testing.Api.badParameter;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callbridge.testing.Metrics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The webhook backlog an operator alerts on: the gauge of pending and failed deliveries, and the deliveries
 * list filtered by status. Events of a call of their own are written straight into the outbox in each
 * state (a pending one not due for a day, so the delivery loop leaves it alone).
 */
@QuarkusTest
class WebhookBacklogTest {

    private static final String GAUGE = "callbridge_webhooks_deliveries";

    @Inject
    EntityManager em;

    @Test
    void theListIsFilteredByStatus() {
        String callSid = newCallSid();
        outbox(callSid, "call.initiated", "delivered_at = now()");
        outbox(callSid, "call.answered", "failed_at = now()");
        outbox(callSid, "call.completed", null);

        assertEquals(List.of("call.answered"), typesOf(callSid, "failed"));
        assertEquals(List.of("call.completed"), typesOf(callSid, "pending"));
        assertEquals(List.of("call.initiated"), typesOf(callSid, "delivered"));
        assertEquals(List.of("call.completed", "call.answered", "call.initiated"), typesOf(callSid, null));
        assertEquals(List.of("failed"), api().queryParam("callSid", callSid).queryParam("status", "failed")
                .get("/api/webhooks/deliveries").then().statusCode(200).extract().jsonPath().getList("status"));
    }

    @Test
    void aStatusOutsidePendingDeliveredFailedIs400() {
        badParameter(api().queryParam("status", "given_up").get("/api/webhooks/deliveries"), "status");
        badParameter(api().queryParam("status", "FAILED").get("/api/webhooks/deliveries"), "status");
    }

    @Test
    void theGaugeCountsPendingAndFailedDeliveries() {
        String callSid = newCallSid();
        outbox(callSid, "call.initiated", "failed_at = now()");
        outbox(callSid, "call.answered", "failed_at = now()");
        outbox(callSid, "call.completed", null);
        // Events are given up after 24 h only: the failed count changes with this test's rows alone.
        long failed = count("failed_at is not null");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertEquals(failed, Metrics.value(GAUGE, "status=\"failed\"")));
        // The pending event is not due for a day: it stays in the count, whatever else is delivered meanwhile.
        await().atMost(Duration.ofSeconds(20)).until(() -> Metrics.value(GAUGE, "status=\"pending\"") >= 1);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update webhook_outbox set failed_at = now() where call_sid = ?1 and failed_at is null")
                .setParameter(1, callSid).executeUpdate());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertEquals(failed + 1, Metrics.value(GAUGE, "status=\"failed\"")));
    }

    private long count(String where) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from webhook_outbox where " + where).getSingleResult()).longValue());
    }

    private static List<String> typesOf(String callSid, String status) {
        var request = api().queryParam("callSid", callSid);
        if (status != null) request = request.queryParam("status", status);
        return request.get("/api/webhooks/deliveries").then().statusCode(200).extract().jsonPath().getList("type");
    }

    /** One event of {@code callSid} in the outbox, with {@code state} set (null: pending, due in a day). */
    private void outbox(String callSid, String type, String state) {
        String eventId = "evt_" + HexFormat.of().formatHex(randomBytes(12));
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into webhook_outbox(event_id, call_sid, event_type, endpoint, payload, next_attempt_at)
                values (?1, ?2, ?3, 'http://127.0.0.1:9/hooks', '{}', now() + interval '1 day')""")
                .setParameter(1, eventId).setParameter(2, callSid).setParameter(3, type).executeUpdate());
        if (state != null) {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                    "update webhook_outbox set " + state + " where event_id = ?1").setParameter(1, eventId).executeUpdate());
        }
    }

    private static String newCallSid() {
        return "CA" + HexFormat.of().formatHex(randomBytes(16));
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }
}
