package io.callbridge.webhook;

import static io.callbridge.testing.Api.api;
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
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook settings changed through /api/config while the app runs (the default profile has no
 * receiver): the next call's events go to the new receiver, signed with the new secret, digits included.
 */
@QuarkusTest
class WebhookSettingsTest {

    static final int PORT = 18097;
    static final String NUMBER = "7612";
    static final String SECRET = "runtime-secret-0123456789";

    @Inject
    TestData data;

    @Inject
    Vertx vertx;

    @Inject
    EntityManager em;

    @AfterEach
    void defaults() {
        data.resetSettings();
    }

    @Test
    void theNextCallsEventsGoToTheReceiverSetAtRuntimeSignedWithTheSecretSetAtRuntime() throws Exception {
        data.ensureRoute(NUMBER);
        try (HookReceiver receiver = new HookReceiver(vertx, PORT)) {
            api().body(Map.of("webhooks.url", "http://127.0.0.1:" + PORT + "/hooks", "webhooks.secret", SECRET,
                    "webhooks.dtmfEvents", true)).put("/api/config").then().statusCode(200);
            OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
            Sipp.Result call = Sipp.dtmfCall(NUMBER);
            assertTrue(call.succeeded(), call.output());
            CallRecord cdr = data.awaitEnded(NUMBER, since);
            receiver.await(h -> h.body().contains(cdr.callSid) && h.body().contains("call.completed"), 1,
                    Duration.ofSeconds(15));

            List<Hook> forCall = receiver.all(h -> h.body().contains(cdr.callSid));
            assertEquals(List.of("call.initiated", "call.answered", "dtmf.received", "dtmf.received", "dtmf.received",
                    "call.completed"), forCall.stream().map(h -> h.json().getString("type")).toList());
            assertEquals(List.of("1", "5", "#"), forCall.stream().filter(h -> h.json().getString("type").startsWith("dtmf"))
                    .map(h -> h.json().getJsonObject("data").getString("digit")).toList());
            for (Hook h : forCall) {
                String signature = h.headers().get("callbridge-signature");
                assertTrue(WebhookSignature.verify(SECRET, signature, h.body()), "bad signature " + signature);
            }
        }

        // Reset to the default, no receiver: the next call records no events at all.
        Map<String, Object> reset = new HashMap<>();
        reset.put("webhooks.url", null);
        api().body(reset).put("/api/config").then().statusCode(200);
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        assertTrue(Sipp.talkingCall(NUMBER, 500).succeeded());
        CallRecord next = data.awaitEnded(NUMBER, since);
        long recorded = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from webhook_outbox where call_sid = ?1").setParameter(1, next.callSid)
                .getSingleResult()).longValue());
        assertEquals(0, recorded);
    }
}
