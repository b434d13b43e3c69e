package io.callbridge.call;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.Baresip;
import io.callbridge.testing.PackagedApp;
import io.callbridge.testing.StreamLog;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A call on the wideband (chan_websocket) leg survives the app's crash: the media WebSocket to Asterisk dies
 * with the process and Asterisk hangs its channel up, but the caller stays in the call's bridge, and the
 * restarted app adopts the call with a new WebSocket leg at 16 kHz and a resumed agent stream. A G.722 caller
 * (baresip) and a raw 16 kHz agent, through Kamailio and Asterisk, with the packaged app SIGKILLed.
 */
class WidebandAdoptionIT {

    static final int HTTP_PORT = 8086;
    static final int RTP_PORT = 40600;
    static final String NUMBER = "7821";
    static final String API_KEY = "wideband-it-" + UUID.randomUUID();
    static final Duration READY = Duration.ofSeconds(60);

    @Test
    void aWebSocketLegIsMadeAgainWhenTheRestartedAppAdoptsTheCall() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (StreamLog agent = new StreamLog(vertx);
             PackagedApp app = PackagedApp.built("wideband-it", environment(), HTTP_PORT)) {
            app.start(READY);
            api(app).body(Map.of("number", NUMBER, "url", agent.url(), "protocol", "raw", "sampleRate", 16000,
                    "description", "wideband adoption test")).post("/api/routes").then().statusCode(201);

            CompletableFuture<Baresip.Call> caller = new CompletableFuture<>();
            Thread.ofPlatform().name("baresip-caller").start(() -> {
                try {
                    caller.complete(Baresip.call(NUMBER, new short[16000 * 25], 16000, "G722/16000/1", 35));
                } catch (Exception e) {
                    caller.completeExceptionally(e);
                }
            });
            String callSid = await().atMost(Duration.ofSeconds(20)).until(() -> talkingCall(agent), s -> s != null);
            assertEquals(640, agent.streams(callSid).getFirst().binaryBytes, "20 ms at 16 kHz");

            app.kill();
            app.start(READY);
            long ready = System.nanoTime();

            await().atMost(Duration.ofSeconds(10)).until(() -> agent.streams(callSid).size() == 2
                    && agent.streams(callSid).get(1).mediaAfter(ready) >= 10);
            StreamLog.Stream resumed = agent.streams(callSid).get(1);
            assertEquals("true", resumed.customParameter("resumed"));
            assertEquals(640, resumed.binaryBytes);

            Baresip.Call call = caller.get(60, TimeUnit.SECONDS);
            assertNotNull(call.heard(), call.output());
            JsonObject cdr = await().atMost(Duration.ofSeconds(20)).until(
                    () -> new JsonObject(api(app).get("/api/calls/" + callSid).then().statusCode(200).extract().asString()),
                    c -> c.getString("endedAt") != null);
            assertEquals("caller_hangup", cdr.getString("termination"), cdr.encode());
            assertEquals(1, cdr.getInteger("adoptions"), cdr.encode());
            // The adopted call's media figures count from the adoption: its leg is slin16 over the WebSocket.
            long packetsOut = cdr.getLong("packetsOut");
            assertTrue(packetsOut > 100, cdr.encode());
            assertEquals(640L * packetsOut, cdr.getLong("bytesOut"), cdr.encode());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    /** The callSid of a call whose first stream carries caller audio; null while there is none. */
    private static String talkingCall(StreamLog agent) {
        return agent.all().entrySet().stream()
                .filter(e -> !e.getValue().isEmpty() && e.getValue().getFirst().media.size() >= 10)
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    private static Map<String, String> environment() {
        return Map.of(
                "CALLBRIDGE_API_KEY", API_KEY,
                "CALLBRIDGE_MEDIA_RTP_PORT", String.valueOf(RTP_PORT),
                "CALLBRIDGE_ARI_INSTANCE_ID", "wideband-it");
    }

    private static RequestSpecification api(PackagedApp app) {
        return app.api(API_KEY);
    }
}
