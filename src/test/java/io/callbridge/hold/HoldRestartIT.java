package io.callbridge.hold;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.PackagedApp;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.StreamLog;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A call the API holds survives a crash of the app: the packaged app is killed with SIGKILL while the call is
 * held and started again. The adopted call stays held (its new stream gets {@code hold} after {@code start}
 * and no caller audio), resuming it through the new process brings the caller's audio back, and the CDR
 * counts one hold spanning the restart.
 */
class HoldRestartIT {

    static final int HTTP_PORT = 8091;
    static final int RTP_PORT = 40910;
    static final String NUMBER = "7431";
    static final String API_KEY = "hold-restart-it-" + UUID.randomUUID();

    @Test
    void aHeldCallStaysHeldThroughACrashAndResumesAfterIt() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (StreamLog agent = new StreamLog(vertx);
             PackagedApp app = PackagedApp.built("hold-restart-it", Map.of("CALLBRIDGE_API_KEY", API_KEY,
                     "CALLBRIDGE_MEDIA_RTP_PORT", String.valueOf(RTP_PORT), "CALLBRIDGE_ARI_INSTANCE_ID", "hold-restart-it"),
                     HTTP_PORT)) {
            app.start(Duration.ofSeconds(60));
            api(app).body(Map.of("number", NUMBER, "url", agent.url(), "holdEvents", true))
                    .post("/api/routes").then().statusCode(201);

            CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.longTalkingCalls(NUMBER, 1, 45_000));
            StreamLog.Stream first = await().atMost(Duration.ofSeconds(15))
                    .until(() -> agent.all().values().stream().flatMap(List::stream).findFirst().orElse(null), s -> s != null);
            await().atMost(Duration.ofSeconds(5)).until(() -> !first.media.isEmpty());
            String callSid = first.start.getJsonObject("start").getString("callSid");

            long heldAt = System.nanoTime();
            api(app).post("/api/calls/" + callSid + "/hold").then().statusCode(200).body("held", equalTo(true));
            await().atMost(Duration.ofSeconds(2)).until(() -> first.others.stream().anyMatch(m -> "hold".equals(m.getString("event"))));

            app.kill();
            app.start(Duration.ofSeconds(60));
            StreamLog.Stream second = await().atMost(Duration.ofSeconds(15))
                    .until(() -> agent.streams(callSid).size() == 2 ? agent.streams(callSid).get(1) : null, s -> s != null);
            assertEquals("true", second.customParameter("resumed"));
            await().atMost(Duration.ofSeconds(5)).until(() -> !second.others.isEmpty());
            JsonObject hold = second.others.getFirst();
            assertEquals("hold", hold.getString("event"), "the new stream is told the call is held, first thing after start");
            assertEquals("api", hold.getJsonObject("hold").getString("by"));
            // Held: the caller (who talks on) is not heard on the new stream.
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> second.media.isEmpty());
            api(app).get("/api/calls/" + callSid).then().statusCode(200).body("heldBy", equalTo("api"));

            long resumedAt = System.nanoTime();
            api(app).post("/api/calls/" + callSid + "/resume").then().statusCode(200).body("held", equalTo(false));
            await().atMost(Duration.ofSeconds(3)).until(() -> second.mediaAfter(resumedAt) >= 10);
            assertTrue(second.others.stream().anyMatch(m -> "resume".equals(m.getString("event"))));

            assertTrue(caller.get(90, TimeUnit.SECONDS).succeeded(), "the caller keeps the call to its end");
            JsonObject cdr = await().atMost(Duration.ofSeconds(10)).until(() -> new JsonObject(api(app)
                    .get("/api/calls/" + callSid).then().statusCode(200).extract().asString()), c -> c.getString("endedAt") != null);
            assertEquals("caller_hangup", cdr.getString("termination"), cdr.encode());
            assertEquals(1, cdr.getInteger("adoptions"), cdr.encode());
            assertEquals(1, cdr.getInteger("holds"), cdr.encode());
            long heldMs = (resumedAt - heldAt) / 1_000_000;
            assertTrue(cdr.getLong("holdMs") >= heldMs - 1000 && cdr.getLong("holdMs") <= heldMs + 1000,
                    "one hold across the restart, about " + heldMs + " ms: " + cdr.encode());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    private static RequestSpecification api(PackagedApp app) {
        return app.api(API_KEY);
    }
}
