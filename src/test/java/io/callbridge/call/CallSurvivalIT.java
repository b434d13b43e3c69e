package io.callbridge.call;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.AriSockets;
import io.callbridge.testing.HookReceiver;
import io.callbridge.testing.Metrics;
import io.callbridge.testing.PackagedApp;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.StreamLog;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Calls survive the control plane, for real: twelve callers talk through Kamailio and Asterisk to an agent
 * while the packaged app (a process of its own) loses its ARI sockets, is killed with SIGKILL and started
 * again, and is stopped with SIGTERM past its drain timeout and started again. After each fault every call's
 * caller audio reaches the agent again within 3 s of the app being ready; nothing is hung up; each call ends
 * once, when its caller hangs up, with one CDR and one {@code call.completed}.
 */
class CallSurvivalIT {

    private static final Logger LOG = Logger.getLogger(CallSurvivalIT.class);

    static final int HTTP_PORT = 8083;
    static final int RTP_PORT = 40300;
    static final int RECEIVER_PORT = 18093; // no other test sends there (OutboundCallTest's leftover status callbacks go to 18098)
    static final String NUMBER = "7801";
    static final int CALLS = 12;
    static final int TALK_MILLIS = 75_000;
    static final String API_KEY = "survival-it-" + UUID.randomUUID();
    static final Duration READY = Duration.ofSeconds(60);
    /** The target of the issue: caller audio at the agent again within 3 s of the new process being ready. */
    static final long BACK_WITHIN_NANOS = Duration.ofSeconds(3).toNanos();

    @Test
    void callsKeepTheirAgentThroughAnAriCutACrashAndARestartPastTheDrain() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (StreamLog agent = new StreamLog(vertx);
             HookReceiver hooks = new HookReceiver(vertx, RECEIVER_PORT);
             PackagedApp app = PackagedApp.built("call-survival-it", environment(), HTTP_PORT)) {
            app.start(READY);
            api(app).body(Map.of("number", NUMBER, "url", agent.url(), "description", "call survival test"))
                    .post("/api/routes").then().statusCode(201);

            CompletableFuture<Sipp.Result> callers = CompletableFuture.supplyAsync(
                    () -> Sipp.longTalkingCalls(NUMBER, CALLS, TALK_MILLIS));
            Set<String> calls = await().atMost(Duration.ofSeconds(20)).until(() -> talking(agent, 0, 1),
                    s -> s.size() == CALLS);

            // (a) Both ARI sockets cut under the running app: the calls go on as they are.
            long cut = System.nanoTime();
            AriSockets.cut(app.pid());
            await().atMost(Duration.ofSeconds(15)).until(() -> Metrics.value(app.url(), "callbridge_ari_reconnects_total", null) >= 1);
            long reconnected = System.nanoTime();
            awaitAudioAfter(agent, calls, reconnected, 1, "after the ARI cut");
            for (String callSid : calls) {
                assertEquals(1, agent.streams(callSid).size(), "the ARI cut must not restart the agent stream of " + callSid);
            }
            assertEquals(CALLS, active(app), "no call may end at an ARI cut");
            LOG.infof("ARI cut: %d of %d calls kept caller audio at the agent (reconnected %d ms after the cut)",
                    calls.size(), CALLS, (reconnected - cut) / 1_000_000);

            // (b) SIGKILL and start: every call is adopted, with a new stream saying so.
            app.kill();
            app.start(READY);
            long ready = System.nanoTime();
            awaitResumed(agent, calls, ready, 2, "after SIGKILL");

            // (c) SIGTERM with calls still up when the drain timeout ends: handed over, adopted by the next start.
            api(app).body(Map.of("calls.drainTimeoutSeconds", 1)).put("/api/config").then().statusCode(200);
            app.terminate(Duration.ofSeconds(30));
            app.start(READY);
            ready = System.nanoTime();
            awaitResumed(agent, calls, ready, 3, "after SIGTERM past the drain timeout");

            // (d) The callers hang up: each adopted call ends once, normally.
            Sipp.Result result = callers.get(TALK_MILLIS / 1000 + 60, TimeUnit.SECONDS);
            assertTrue(result.succeeded(), "every caller must keep its call to the end:\n" + result.output());
            for (String callSid : calls) {
                JsonObject cdr = await().atMost(Duration.ofSeconds(15)).until(() -> cdr(app, callSid),
                        c -> c.getString("endedAt") != null);
                assertEquals("caller_hangup", cdr.getString("termination"), cdr.encode());
                assertEquals(2, cdr.getInteger("adoptions"), cdr.encode());
                assertTrue(cdr.getLong("agentGapMs") > 0, cdr.encode());
            }
            assertEquals(CALLS, api(app).queryParam("to", NUMBER).get("/api/calls").then().statusCode(200)
                    .extract().jsonPath().getList("items").size(), "one CDR per call");
            hooks.await(CallSurvivalIT::isCompleted, CALLS, Duration.ofSeconds(20));
            Map<String, Long> completed = hooks.all(CallSurvivalIT::isCompleted).stream()
                    .collect(Collectors.groupingBy(h -> h.json().getJsonObject("data").getString("callSid"), Collectors.counting()));
            for (String callSid : calls) assertEquals(1L, completed.get(callSid), "call.completed of " + callSid + ": " + completed);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    /** Each call's {@code streams}-th stream (1-based) is a resumed one whose caller audio arrives within 3 s of {@code ready}. */
    private static void awaitResumed(StreamLog agent, Set<String> calls, long ready, int streams, String when) {
        awaitAudioAfter(agent, calls, ready, streams, when);
        List<Long> gaps = new ArrayList<>();
        for (String callSid : calls) {
            List<StreamLog.Stream> s = agent.streams(callSid);
            StreamLog.Stream resumed = s.get(streams - 1);
            assertEquals("true", resumed.customParameter("resumed"), when + ": " + resumed.start.encode());
            assertNotEquals(s.get(streams - 2).start.getString("streamSid"), resumed.start.getString("streamSid"));
            long back = resumed.firstMediaAfter(ready) - ready;
            assertTrue(back < BACK_WITHIN_NANOS, when + ": caller audio of " + callSid + " back after " + back / 1_000_000 + " ms");
            gaps.add(back / 1_000_000);
        }
        LOG.infof("%s: %d of %d calls resumed; caller audio at the agent %d..%d ms after the app was ready",
                when, calls.size(), CALLS, gaps.stream().min(Long::compare).orElse(-1L), gaps.stream().max(Long::compare).orElse(-1L));
    }

    private static void awaitAudioAfter(StreamLog agent, Set<String> calls, long after, int streams, String when) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (String callSid : calls) {
                List<StreamLog.Stream> s = agent.streams(callSid);
                assertEquals(streams, s.size(), when + ": streams of " + callSid);
                assertTrue(s.get(streams - 1).mediaAfter(after) >= 10, when + ": no caller audio for " + callSid);
            }
        });
    }

    /** Calls whose {@code streams}-th stream has carried caller audio after {@code after}. */
    private static Set<String> talking(StreamLog agent, long after, int streams) {
        return agent.all().entrySet().stream()
                .filter(e -> e.getValue().size() == streams && e.getValue().get(streams - 1).mediaAfter(after) > 0)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    /** A {@code call.completed} webhook (JSON; the receiver may also get other tests' form-encoded callbacks). */
    private static boolean isCompleted(HookReceiver.Hook h) {
        return h.contentType() != null && h.contentType().startsWith("application/json")
                && "call.completed".equals(h.json().getString("type"));
    }

    private static int active(PackagedApp app) {
        return api(app).get("/api/calls/active").then().statusCode(200).extract().jsonPath().getList("items").size();
    }

    private static JsonObject cdr(PackagedApp app, String callSid) {
        return new JsonObject(api(app).get("/api/calls/" + callSid).then().statusCode(200).extract().asString());
    }

    private static Map<String, String> environment() {
        return Map.of(
                "CALLBRIDGE_API_KEY", API_KEY,
                "CALLBRIDGE_MEDIA_RTP_PORT", String.valueOf(RTP_PORT),
                "CALLBRIDGE_ARI_INSTANCE_ID", "survival-it",
                "CALLBRIDGE_WEBHOOKS_URL", "http://127.0.0.1:" + RECEIVER_PORT + "/hooks",
                "CALLBRIDGE_WEBHOOKS_SECRET", "whsec_survival_it");
    }

    private static RequestSpecification api(PackagedApp app) {
        return app.api(API_KEY);
    }
}
