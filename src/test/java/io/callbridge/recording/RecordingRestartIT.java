package io.callbridge.recording;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.Audio;
import io.callbridge.testing.Baresip;
import io.callbridge.testing.PackagedApp;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.StreamLog;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Recordings survive the app being killed (SIGKILL) mid-call, for real (the packaged app, Kamailio, Asterisk):
 * a call that goes on is adopted and its recording runs on to the call's end, with the caller's voice in the
 * file for the time the app was away too; a call that ends while the app is away still gets its recording
 * completed, from the files Asterisk stored, when the app is back.
 */
class RecordingRestartIT {

    static final int HTTP_PORT = 8084;
    static final int RTP_PORT = 40400;
    static final String NUMBER = "7419"; // a number no surefire test uses: the integration tests share their database
    static final String API_KEY = "recording-it-" + UUID.randomUUID();
    static final Duration READY = Duration.ofSeconds(60);
    static final int RATE = 8000;

    @Test
    void recordingsGoOnAcrossAKillAndFinishForACallThatEndedMeanwhile() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (StreamLog agent = new StreamLog(vertx);
             PackagedApp app = PackagedApp.built("recording-restart-it", environment(), HTTP_PORT)) {
            app.start(READY);
            api(app).body(Map.of("number", NUMBER, "url", agent.url(), "record", true))
                    .post("/api/routes").then().statusCode(201);

            // Call A: baresip's 400 Hz for 40 s, outliving the app's absence. Call B: sipp, 10 s, ends while it is away.
            CompletableFuture<Baresip.Call> callA = Baresip.start(NUMBER, Audio.tone(400, 40_000, RATE, 8000), 60);
            String a = await().atMost(Duration.ofSeconds(20)).until(() -> recordingOfNewCall(app, agent, null), s -> s != null);
            // A thread of its own: the common pool may have a single worker, busy with call A's baresip.
            CompletableFuture<Sipp.Result> callB = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> callB.complete(Sipp.talkingCall(NUMBER, 10_000)));
            String b = await().atMost(Duration.ofSeconds(20)).until(() -> recordingOfNewCall(app, agent, a), s -> s != null);

            app.kill();
            assertTrue(callB.get(40, TimeUnit.SECONDS).succeeded(), "call B ran to its end while the app was away");
            app.start(READY);

            // Call B talked for 10 s after its answer; its recording started just after the answer.
            JsonPath recB = completed(app, b);
            long durationB = recB.getLong("durationMs");
            assertTrue(durationB > 8000 && durationB < 10_500, "call B's recording lasts " + durationB + " ms of its 10 s");
            assertTrue(Math.abs(ran(recB) - durationB) < 1000, "its end is where its file ends, not when the app came back: "
                    + ran(recB) + " ms");

            callA.get(70, TimeUnit.SECONDS);
            JsonPath recA = completed(app, a);
            long durationA = recA.getLong("durationMs");
            // Within a second, as for call B: the times are the app's (asked to start, saw the end), the file is
            // Asterisk's (its snoop recording started a moment after the request). One run on a loaded machine
            // measured 677 ms between them; the app's absence lasts several seconds, so a lost gap still shows.
            assertTrue(Math.abs(durationA - ran(recA)) < 1000, "call A's recording lasts " + durationA + " ms, ran " + ran(recA));
            short[] left = RecordingTest.stereo(api(app).get("/api/recordings/" + a + "/audio").then().statusCode(200)
                    .extract().asByteArray())[0];
            // The caller's 400 Hz on the left from start to end: nothing is missing for the time the app was away.
            assertTrue(RecordingTest.share(left, new long[] {300, durationA - 300}, 400, true) > 0.95,
                    "the caller's voice is in the file for the whole call");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    /** The recording of the newest call at the agent other than the one recorded as {@code other}; null until there is one. */
    private static String recordingOfNewCall(PackagedApp app, StreamLog agent, String other) {
        for (String callSid : agent.all().keySet()) {
            List<String> sids = api(app).get("/api/recordings?callSid=" + callSid).then().statusCode(200).extract()
                    .jsonPath().getList("items.recordingSid", String.class);
            if (sids.size() == 1 && !sids.getFirst().equals(other)) return sids.getFirst();
        }
        return null;
    }

    private static JsonPath completed(PackagedApp app, String sid) {
        JsonPath meta = await().atMost(Duration.ofSeconds(40)).until(
                () -> api(app).get("/api/recordings/" + sid).then().statusCode(200).extract().jsonPath(),
                m -> "completed".equals(m.getString("status")) || "absent".equals(m.getString("status")));
        assertEquals("completed", meta.getString("status"), meta.prettify());
        assertEquals(2, meta.getInt("channels"));
        return meta;
    }

    private static long ran(JsonPath meta) {
        return Duration.between(OffsetDateTime.parse(meta.getString("startedAt")),
                OffsetDateTime.parse(meta.getString("endedAt"))).toMillis();
    }

    private static Map<String, String> environment() {
        return Map.of(
                "CALLBRIDGE_API_KEY", API_KEY,
                "CALLBRIDGE_MEDIA_RTP_PORT", String.valueOf(RTP_PORT),
                "CALLBRIDGE_ARI_INSTANCE_ID", "recording-it",
                "CALLBRIDGE_RECORDINGS_DIR", "target/recording-restart-it");
    }

    private static RequestSpecification api(PackagedApp app) {
        return app.api(API_KEY);
    }
}
