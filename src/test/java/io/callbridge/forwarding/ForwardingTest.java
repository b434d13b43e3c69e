package io.callbridge.forwarding;

import static io.callbridge.testing.Api.api;
import static io.callbridge.testing.Api.problem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.call.TransferHooks;
import io.callbridge.store.CallRecord;
import io.callbridge.testing.HookReceiver;
import io.callbridge.testing.HookReceiver.Hook;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A route's forwarding with failover: the API that sets it, and on the real path a caller whose agent cannot be
 * reached forwarded to a busy sipp far end, then to one that answers (through Asterisk's {@code outbound} endpoint).
 * Webhooks go to a receiver in the test (the warm transfer tests' profile: one application start for both).
 */
@QuarkusTest
@TestProfile(TransferHooks.class)
class ForwardingTest {

    @Inject
    TestData data;

    @Inject
    Vertx vertx;

    HookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = new HookReceiver(vertx, TransferHooks.PORT);
        TestData.awaitReady();
    }

    @AfterEach
    void stop() throws Exception {
        receiver.close();
    }

    @Test
    void theApiSetsReadsAndRemovesARoutesForwarding() {
        data.routeWithFallback("7845", "ws://127.0.0.1:1/nobody-listens", "hangup");
        long id = routeId("7845");
        String path = "/api/routes/" + id + "/forwarding";
        problem(api().get(path), 404);

        problem(api().body(Map.of("on", List.of("sometimes"), "targets", List.of(Map.of("to", "+15550003010"))))
                .put(path), 400).body("errors.field", hasItems("on"));
        problem(api().body(Map.of("on", List.of("busy"), "targets", List.of(Map.of("to", "nowhere"),
                Map.of("to", "+15550003011", "timeout", 500)))).put(path), 400)
                .body("errors.field", hasItems("targets[0].to", "targets[1].timeout"));
        problem(api().body(Map.of("on", List.of("busy"), "targets", List.of())).put(path), 400)
                .body("errors.field", hasItems("targets"));
        problem(api().body(Map.of("on", List.of("busy"), "targets", List.of(Map.of("to", "+15550003012"))))
                .put("/api/routes/999999999/forwarding"), 404);

        api().body(Map.of("on", List.of("busy", "agent-failure"), "targets", List.of(Map.of("to", "+15550003013"),
                Map.of("to", "sip:desk@127.0.0.1:5848", "timeout", 10)))).put(path).then().statusCode(200)
                .body("routeId", equalTo((int) id)).body("on", equalTo(List.of("busy", "agent-failure")))
                .body("targets[0].to", equalTo("+15550003013")).body("targets[0].timeout", equalTo(20))
                .body("targets[1].timeout", equalTo(10));
        api().get(path).then().statusCode(200).body("targets[1].to", equalTo("sip:desk@127.0.0.1:5848"));

        api().delete(path).then().statusCode(204);
        problem(api().delete(path), 404);
    }

    @Test
    void aCallWhoseAgentFailsFailsOverFromABusyTargetToOneThatAnswers() throws Exception {
        String number = "7846";
        data.routeWithFallback(number, "ws://127.0.0.1:1/nobody-listens", "hangup");
        api().body(Map.of("on", List.of("agent-failure"), "targets", List.of(
                Map.of("to", "sip:busy@127.0.0.1:5846", "timeout", 10),
                Map.of("to", "sip:second@127.0.0.1:5847", "timeout", 10))))
                .put("/api/routes/" + routeId(number) + "/forwarding").then().statusCode(200);
        try (Sipp.Uas busy = Sipp.farEndOn(5846, "uas-reject.xml", Map.of("CODE", "486"), 40);
             Sipp.Uas second = Sipp.farEndOn(5847, "uas-answer-hangup.xml", Map.of("HOLD_MS", "2000"), 40)) {
            CompletableFuture<Sipp.Result> caller = Sipp.async(() -> Sipp.answeredCall(number, 30));

            assertTrue(busy.await().succeeded(), "the first target was not tried");
            Sipp.Result answered = second.await();
            assertTrue(answered.succeeded(), "the second target did not answer and hang up:\n" + answered.output());
            Sipp.Result callerResult = caller.get(30, TimeUnit.SECONDS);
            assertTrue(callerResult.succeeded(), "the caller was not hung up after the target left:\n" + callerResult.output());

            String callSid = callSidOf(receiver.await(h -> "call.transferred".equals(type(h))
                    && "sip:second@127.0.0.1:5847".equals(data(h).getString("transferTo")), 1, Duration.ofSeconds(10))
                    .getFirst());
            CallRecord cdr = data.awaitEndedCall(callSid, 10);
            assertEquals("transferred", cdr.termination, cdr.terminationReason);
            assertTrue(cdr.terminationReason.contains("forwarded to sip:second@127.0.0.1:5847"), cdr.terminationReason);
            List<Hook> attempts = receiver.await(h -> callSid.equals(callSidOf(h)) && "call.transferred".equals(type(h)),
                    2, Duration.ofSeconds(10));
            assertEquals("busy", data(attempts.get(0)).getString("outcome"));
            assertEquals(486, data(attempts.get(0)).getInteger("sipCode"));
            assertEquals("forwarding", data(attempts.get(0)).getString("via"));
            assertEquals("answered", data(attempts.get(1)).getString("outcome"));
            assertEquals("sip:second@127.0.0.1:5847", data(attempts.get(1)).getString("transferTo"));
        }
    }

    private static long routeId(String number) {
        return api().get("/api/routes/by-number/" + number).then().statusCode(200).extract().jsonPath().getLong("id");
    }

    private static String type(Hook h) {
        return h.path().equals("/hooks") ? h.json().getString("type") : null;
    }

    private static JsonObject data(Hook h) {
        return h.json().getJsonObject("data");
    }

    private static String callSidOf(Hook h) {
        if (!h.path().equals("/hooks")) return null;
        JsonObject data = data(h);
        return data == null ? null : data.getString("callSid");
    }
}
