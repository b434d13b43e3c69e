package io.callbridge.webhook;

import static io.callbridge.testing.Api.api;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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

    record Received(String signature, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }

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
        List<Received> got = new CopyOnWriteArrayList<>();
        HttpServer receiver = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            got.add(new Received(req.getHeader("Callbridge-Signature"), body.toString()));
            req.response().setStatusCode(204).end();
        })).listen(PORT, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        try {
            api().body(Map.of("webhooks.url", "http://127.0.0.1:" + PORT + "/hooks", "webhooks.secret", SECRET,
                    "webhooks.dtmfEvents", true)).put("/api/config").then().statusCode(200);
            OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
            Sipp.Result call = Sipp.dtmfCall(NUMBER);
            assertTrue(call.succeeded(), call.output());
            CallRecord cdr = data.awaitEnded(NUMBER, since);
            await().atMost(Duration.ofSeconds(15)).until(() -> got.stream()
                    .anyMatch(r -> r.body().contains(cdr.callSid) && r.body().contains("call.completed")));

            List<Received> forCall = got.stream().filter(r -> r.body().contains(cdr.callSid)).toList();
            assertEquals(List.of("call.initiated", "call.answered", "dtmf.received", "dtmf.received", "dtmf.received",
                    "call.completed"), forCall.stream().map(r -> r.json().getString("type")).toList());
            assertEquals(List.of("1", "5", "#"), forCall.stream().filter(r -> r.json().getString("type").startsWith("dtmf"))
                    .map(r -> r.json().getJsonObject("data").getString("digit")).toList());
            for (Received r : forCall) {
                assertTrue(io.callbridge.testing.WebhookSignature.verify(SECRET, r.signature(), r.body()), "bad signature " + r.signature());
            }
        } finally {
            receiver.close();
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
