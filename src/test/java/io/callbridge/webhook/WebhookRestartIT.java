package io.callbridge.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.HookReceiver;
import io.callbridge.testing.HookReceiver.Hook;
import io.callbridge.testing.PackagedApp;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.WebhookSignature;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Webhooks survive a crash of the app. The packaged app runs as a process of its own, takes a real call
 * (sipp → Kamailio → Asterisk → app → its demo echo agent) while the webhook receiver is down, and is
 * killed with SIGKILL while the call's events are still pending. Once the receiver is up and the app is
 * started again, the receiver gets every event of the call exactly once, in order, signed.
 */
class WebhookRestartIT {

    /** Beside the tests' app (8081) and the stack's (8080), which the test run has stopped. */
    static final int HTTP_PORT = 8082;
    /** Beside the tests' RTP port (40100) and the stack's (40000). */
    static final int RTP_PORT = 40200;
    static final int RECEIVER_PORT = 18097;
    static final String NUMBER = "7402";
    static final String SECRET = "whsec_restart_it";
    static final String API_KEY = "restart-it-" + UUID.randomUUID();
    static final Duration READY = Duration.ofSeconds(60);

    @Test
    void eventsPendingAtACrashReachTheReceiverOnceInOrderSignedAfterTheRestart() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (PackagedApp app = PackagedApp.built("webhook-restart-it", environment(), HTTP_PORT)) {
            app.start(READY);
            api(app).body(Map.of("number", NUMBER, "url", "ws://127.0.0.1:" + HTTP_PORT + "/demo/echo",
                    "description", "webhook restart test")).post("/api/routes").then().statusCode(201);

            Sipp.Result call = Sipp.talkingCall(NUMBER, 1500);
            assertTrue(call.succeeded(), call.output());
            String callSid = awaitEndedCall(app);

            // The receiver is down: the call's first event has failed at least once and waits for its retry;
            // the later ones wait behind it (per-call order).
            List<Map<String, Object>> pending = await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(app, callSid),
                    d -> d.size() == 3 && d.stream().anyMatch(e -> (int) e.get("attempts") >= 1));
            assertTrue(pending.stream().allMatch(d -> "pending".equals(d.get("status"))), pending.toString());

            app.kill();

            try (HookReceiver receiver = new HookReceiver(vertx, RECEIVER_PORT)) {
                app.start(READY);
                receiver.await(h -> callSid.equals(callSidOf(h)), 3, Duration.ofSeconds(20));
                // once an event's delivery is recorded it is never sent again: count what came by then
                await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(app, callSid),
                        d -> d.stream().allMatch(e -> "delivered".equals(e.get("status"))));

                List<Hook> all = receiver.all(h -> true);
                List<Hook> forCall = receiver.all(h -> callSid.equals(callSidOf(h)));
                assertEquals(List.of("call.initiated", "call.answered", "call.completed"),
                        forCall.stream().map(h -> h.json().getString("type")).toList(), describe(all));
                // Other calls' events may come too (a full run's earlier tests leave CDRs that a start
                // closes), but none twice, and every one signed.
                assertEquals(all.size(), all.stream().map(h -> h.headers().get("callbridge-event-id")).distinct().count(),
                        "an event arrived twice: " + describe(all));
                for (Hook h : all) {
                    assertEquals(h.json().getString("id"), h.headers().get("callbridge-event-id"));
                    assertTrue(WebhookSignature.verify(SECRET, h.headers().get("callbridge-signature"), h.body()),
                            "bad signature " + h.headers().get("callbridge-signature"));
                }
                JsonObject completed = forCall.get(2).json().getJsonObject("data");
                assertEquals("caller_hangup", completed.getString("termination"));
                assertTrue(completed.getJsonObject("quality").getLong("packetsIn") > 0, completed.encode());
            }

            List<Map<String, Object>> delivered = deliveries(app, callSid);
            assertTrue(delivered.stream().allMatch(d -> "delivered".equals(d.get("status"))), delivered.toString());
            // the first event failed before the crash and went through after the restart
            assertTrue(delivered.stream().anyMatch(d -> "call.initiated".equals(d.get("type")) && (int) d.get("attempts") >= 2),
                    delivered.toString());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    /** The test run's environment (the stack's ARI and database) plus this app's ports, key and webhooks. */
    private static Map<String, String> environment() {
        return Map.of(
                "CALLBRIDGE_API_KEY", API_KEY,
                "CALLBRIDGE_MEDIA_RTP_PORT", String.valueOf(RTP_PORT),
                "CALLBRIDGE_WEBHOOKS_URL", "http://127.0.0.1:" + RECEIVER_PORT + "/hooks",
                "CALLBRIDGE_WEBHOOKS_SECRET", SECRET,
                "CALLBRIDGE_WEBHOOKS_POLL_INTERVAL", "200ms",
                "CALLBRIDGE_WEBHOOKS_MIN_BACKOFF", "300ms",
                "CALLBRIDGE_WEBHOOKS_MAX_BACKOFF", "1s");
    }

    private static RequestSpecification api(PackagedApp app) {
        return app.api(API_KEY);
    }

    /** The call to {@link #NUMBER}, once its CDR says it has ended. */
    private static String awaitEndedCall(PackagedApp app) {
        Map<String, Object> cdr = await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<Map<String, Object>> items = api(app).queryParam("to", NUMBER).get("/api/calls")
                    .then().statusCode(200).extract().jsonPath().getList("items");
            return items.isEmpty() ? null : items.getFirst();
        }, c -> c != null && c.get("endedAt") != null);
        return (String) Objects.requireNonNull(cdr.get("callSid"));
    }

    private static List<Map<String, Object>> deliveries(PackagedApp app, String callSid) {
        return api(app).queryParam("callSid", callSid).get("/api/webhooks/deliveries")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    /** One line per hook: event id, type and call, in arrival order. */
    private static String describe(List<Hook> hooks) {
        return "received:\n" + String.join("\n", hooks.stream().map(h -> h.headers().get("callbridge-event-id") + " "
                + h.json().getString("type") + " " + callSidOf(h)).toList());
    }

    private static String callSidOf(Hook hook) {
        JsonObject data = hook.json().getJsonObject("data");
        return data == null ? null : data.getString("callSid");
    }
}
