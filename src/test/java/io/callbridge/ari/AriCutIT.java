package io.callbridge.ari;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.AriSockets;
import io.callbridge.testing.Metrics;
import io.callbridge.testing.PackagedApp;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.StreamLog;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged app's ARI sockets cut (ss -K) while a caller has the call on hold (a re-INVITE with
 * a=sendonly): the call keeps its media leg and agent stream, and once the caller resumes (a=sendrecv) its
 * audio reaches the agent again on the same stream. (CallSurvivalIT cuts ARI under talking callers.)
 */
class AriCutIT {

    static final int HTTP_PORT = 8084;
    static final int RTP_PORT = 40400;
    static final String NUMBER = "7112";
    static final String API_KEY = "ari-cut-it-" + UUID.randomUUID();

    @Test
    void aCallerOnHoldDuringAnAriCutIsHeardAgainAfterResumingOnTheSameStream() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (StreamLog agent = new StreamLog(vertx);
             PackagedApp app = PackagedApp.built("ari-cut-it", Map.of("CALLBRIDGE_API_KEY", API_KEY,
                     "CALLBRIDGE_MEDIA_RTP_PORT", String.valueOf(RTP_PORT), "CALLBRIDGE_ARI_INSTANCE_ID", "ari-cut-it"),
                     HTTP_PORT)) {
            app.start(Duration.ofSeconds(60));
            api(app).body(Map.of("number", NUMBER, "url", agent.url(), "description", "ARI cut test"))
                    .post("/api/routes").then().statusCode(201);

            // talks 8 s (sipp's 7 s sample), holds 12 s, resumes and talks 4 s more
            CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.holdingCall(NUMBER, 12_000));
            StreamLog.Stream stream = await().atMost(Duration.ofSeconds(10))
                    .until(() -> agent.all().values().stream().flatMap(List::stream).findFirst().orElse(null), s -> s != null);
            await().atMost(Duration.ofSeconds(5)).until(() -> !stream.media.isEmpty());
            // on hold: the caller's audio has stopped
            await().atMost(Duration.ofSeconds(12)).until(() -> System.nanoTime() - stream.media.getLast() > 500_000_000L);

            long cut = System.nanoTime();
            AriSockets.cut(app.pid());
            await().atMost(Duration.ofSeconds(10)).until(() -> Metrics.value(app.url(), "callbridge_ari_reconnects_total", null) >= 1);

            // resumed: heard again, on the same stream
            await().atMost(Duration.ofSeconds(20)).until(() -> stream.mediaAfter(cut) >= 50);
            assertTrue(caller.get(40, TimeUnit.SECONDS).succeeded(), "hold, resume and hangup must all succeed");
            String callSid = stream.start.getJsonObject("start").getString("callSid");
            assertEquals(1, agent.streams(callSid).size(), "the ARI cut must not restart the agent stream");
            JsonObject cdr = await().atMost(Duration.ofSeconds(10)).until(() -> new JsonObject(api(app)
                    .get("/api/calls/" + callSid).then().statusCode(200).extract().asString()), c -> c.getString("endedAt") != null);
            assertEquals("caller_hangup", cdr.getString("termination"), cdr.encode());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    private static RequestSpecification api(PackagedApp app) {
        return app.api(API_KEY);
    }
}
