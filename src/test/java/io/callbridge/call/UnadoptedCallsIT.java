package io.callbridge.call;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.PackagedApp;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.StreamLog;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The calls a restarted app cannot take back, on the real path: the packaged app is killed (SIGKILL) with
 * two calls up and started again. A caller who hung up while the app was away leaves an open CDR whose
 * channel is gone: it ends as {@code lost}. A caller whose transfer target was still ringing cannot be
 * adopted (its transfer would have to be rebuilt half-way): its channel is hung up as a leftover and the CDR
 * ends as {@code orphaned}; the caller gets a BYE and the ringing target a CANCEL.
 */
class UnadoptedCallsIT {

    static final int HTTP_PORT = 8085;
    static final int RTP_PORT = 40500;
    static final String NUMBER = "7811";
    static final String API_KEY = "unadopted-it-" + UUID.randomUUID();
    static final Duration READY = Duration.ofSeconds(60);

    @Test
    void aCallEndedWhileTheAppWasAwayIsLostAndOneInTheMiddleOfATransferIsOrphaned() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (StreamLog agent = new StreamLog(vertx);
             Sipp.Uas target = Sipp.farEnd("uas-ring.xml", Map.of(), 150);
             PackagedApp app = PackagedApp.built("unadopted-it", environment(), HTTP_PORT)) {
            app.start(READY);
            api(app).body(Map.of("number", NUMBER, "url", agent.url(), "description", "unadopted calls test"))
                    .post("/api/routes").then().statusCode(201);

            // The caller to be orphaned: answered, then transferred to a target that goes on ringing.
            CompletableFuture<Sipp.Result> transferred = onItsOwnThread(() -> Sipp.answeredCall(NUMBER, 120));
            String orphan = await().atMost(Duration.ofSeconds(15)).until(() -> answeredCall(app, null), Objects::nonNull);
            api(app).body(Map.of("to", "+15550003020")).post("/api/calls/" + orphan + "/transfer").then().statusCode(202);
            await().atMost(Duration.ofSeconds(15)).until(() -> "Ringing".equals(ariChannelState(Transfer.LEG_PREFIX + orphan)));

            // The caller to be lost: talks, and hangs up while the app is away.
            CompletableFuture<Sipp.Result> lostCaller = onItsOwnThread(() -> Sipp.talkingCall(NUMBER, 6000));
            String lost = await().atMost(Duration.ofSeconds(15)).until(() -> answeredCall(app, orphan), Objects::nonNull);
            app.kill();
            assertTrue(lostCaller.get(30, TimeUnit.SECONDS).succeeded(), "the caller hangs up by itself");

            app.start(READY);

            JsonObject lostCdr = endedCdr(app, lost);
            assertEquals("lost", lostCdr.getString("termination"), lostCdr.encode());
            JsonObject orphanCdr = endedCdr(app, orphan);
            assertEquals("orphaned", orphanCdr.getString("termination"), orphanCdr.encode());
            Sipp.Result hungUp = transferred.get(30, TimeUnit.SECONDS);
            assertTrue(hungUp.succeeded(), "the orphaned caller must be hung up (BYE):\n" + hungUp.output());
            Sipp.Result cancelled = target.await();
            assertTrue(cancelled.succeeded(), "the ringing target must be cancelled:\n" + cancelled.output());
            assertEquals(0, api(app).get("/api/calls/active").then().statusCode(200).extract().jsonPath()
                    .getList("items").size(), "no call is left");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    /** A sipp caller on a thread of its own (not the common pool: it blocks for the whole call). */
    private static CompletableFuture<Sipp.Result> onItsOwnThread(java.util.function.Supplier<Sipp.Result> caller) {
        CompletableFuture<Sipp.Result> result = new CompletableFuture<>();
        Thread.ofPlatform().name("sipp-caller").start(() -> {
            try {
                result.complete(caller.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** The callSid of an answered call to {@link #NUMBER} other than {@code except}; null while there is none. */
    private static String answeredCall(PackagedApp app, String except) {
        List<Map<String, Object>> items = api(app).get("/api/calls/active").then().statusCode(200)
                .extract().jsonPath().getList("items");
        return items.stream()
                .filter(c -> NUMBER.equals(c.get("to")) && "answered".equals(c.get("state")) && !c.get("callSid").equals(except))
                .map(c -> (String) c.get("callSid")).findFirst().orElse(null);
    }

    private static JsonObject endedCdr(PackagedApp app, String callSid) {
        return await().atMost(Duration.ofSeconds(20)).until(
                () -> new JsonObject(api(app).get("/api/calls/" + callSid).then().statusCode(200).extract().asString()),
                c -> c.getString("endedAt") != null);
    }

    /** The state of channel {@code id} in Asterisk as ARI reports it ("Ringing", "Up" …); null when it is not there. */
    private static String ariChannelState(String id) throws Exception {
        String url = Objects.requireNonNullElse(System.getenv("CALLBRIDGE_ARI_URL"), "http://127.0.0.1:8088/");
        String user = Objects.requireNonNullElse(System.getenv("CALLBRIDGE_ARI_USER"), "callbridge");
        String password = Objects.requireNonNullElse(System.getenv("CALLBRIDGE_ARI_PASSWORD"), "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(url).resolve("ari/channels/" + id))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? new JsonObject(response.body()).getString("state") : null;
        }
    }

    private static Map<String, String> environment() {
        return Map.of(
                "CALLBRIDGE_API_KEY", API_KEY,
                "CALLBRIDGE_MEDIA_RTP_PORT", String.valueOf(RTP_PORT),
                "CALLBRIDGE_ARI_INSTANCE_ID", "unadopted-it",
                // a transfer target that rings past the restart: neither the app nor Asterisk gives up on it first
                "CALLBRIDGE_OUTBOUND_RING_TIMEOUT", "90s");
    }

    private static RequestSpecification api(PackagedApp app) {
        return app.api(API_KEY);
    }
}
