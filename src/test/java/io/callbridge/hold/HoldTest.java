package io.callbridge.hold;

import static io.callbridge.testing.Api.api;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestAgent;
import io.callbridge.testing.TestAgent.Session;
import io.callbridge.testing.TestAgent.Session.Frame;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Hold and resume on the real path (sipp → Kamailio → Asterisk → app → test agent): the API's hold stops the
 * audio both ways until resumed, the agent's audio sent meanwhile is played after the resume, and the caller's
 * own hold (re-INVITE a=sendonly) is survived and resumed. Hold events reach only agents that opted in.
 */
@QuarkusTest
class HoldTest {

    @Inject
    TestAgent agent;

    @Inject
    TestData data;

    @Test
    void apiHoldStopsAudioBothWaysUntilResumed() throws Exception {
        String number = "7411";
        agent.reset();
        data.holdRoute(number, agent.url("/hold-api"), null, true);
        CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.longTalkingCalls(number, 1, 12_000));
        Session bot = agent.awaitSession(Duration.ofSeconds(10));
        String callSid = bot.nextEvent("start", Duration.ofSeconds(5)).json().getJsonObject("start").getString("callSid");
        String streamSid = bot.events("start").getFirst().getString("streamSid");
        bot.nextEvent("media", Duration.ofSeconds(5)); // the caller is heard

        api().post("/api/calls/" + callSid + "/hold").then().statusCode(200)
                .body("held", equalTo(true)).body("heldBy", equalTo("api"));
        JsonObject hold = bot.nextEvent("hold", Duration.ofSeconds(2)).json();
        assertEquals("api", hold.getJsonObject("hold").getString("by"));
        assertEquals(streamSid, hold.getString("streamSid"));
        int mediaBeforeHold = mediaBefore(bot, "hold"); // the stream is ordered: what was forwarded before the hold came first

        // The agent speaks while the call is held: its audio waits, so its mark is not echoed.
        byte[] speech = new byte[1600];
        Arrays.fill(speech, (byte) 0x55);
        bot.send(new JsonObject().put("event", "media").put("streamSid", streamSid)
                .put("media", new JsonObject().put("payload", Base64.getEncoder().encodeToString(speech))).encode());
        bot.send(new JsonObject().put("event", "mark").put("streamSid", streamSid)
                .put("mark", new JsonObject().put("name", "said-on-hold")).encode());
        Awaitility.await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> mediaCount(bot) == mediaBeforeHold && bot.events("mark").isEmpty());

        api().post("/api/calls/" + callSid + "/resume").then().statusCode(200)
                .body("held", equalTo(false)).body("heldBy", nullValue());
        Frame resumed = bot.nextEvent("resume", Duration.ofSeconds(2));
        assertEquals("api", resumed.json().getJsonObject("resume").getString("by"));
        // Both ways again: the agent's held audio is played (its mark comes back), and the caller is heard.
        Frame mark = bot.nextEvent("mark", Duration.ofSeconds(3));
        assertEquals("said-on-hold", mark.json().getJsonObject("mark").getString("name"));
        Frame media = bot.nextEvent("media", Duration.ofSeconds(1));
        assertTrue(media.nanos() > resumed.nanos());

        bot.nextEvent("stop", Duration.ofSeconds(20));
        Sipp.Result result = caller.join();
        assertTrue(result.succeeded(), result.output());
        CallRecord cdr = data.awaitEndedCall(callSid, 10);
        assertEquals(1, cdr.holds);
        assertTrue(cdr.holdMs >= 1500 && cdr.holdMs < 10_000, "hold time on the CDR: " + cdr.holdMs);
        assertEquals(null, cdr.heldSince);
        assertEquals("caller_hangup", cdr.termination);
    }

    @Test
    void agentsThatDidNotOptInSeeOnlyTwilioEvents() throws Exception {
        String number = "7412";
        agent.reset();
        data.holdRoute(number, agent.url("/hold-plain"), null, false);
        CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.longTalkingCalls(number, 1, 10_000));
        Session bot = agent.awaitSession(Duration.ofSeconds(10));
        String callSid = bot.nextEvent("start", Duration.ofSeconds(5)).json().getJsonObject("start").getString("callSid");
        bot.nextEvent("media", Duration.ofSeconds(5));
        api().post("/api/calls/" + callSid + "/hold").then().statusCode(200).body("held", equalTo(true));
        api().post("/api/calls/" + callSid + "/hold").then().statusCode(200).body("held", equalTo(true)); // no change
        api().post("/api/calls/" + callSid + "/resume").then().statusCode(200).body("held", equalTo(false));
        bot.nextEvent("media", Duration.ofSeconds(1));
        bot.nextEvent("stop", Duration.ofSeconds(20));
        assertTrue(caller.join().succeeded());

        List<String> kinds = bot.frames.stream().filter(f -> f.text() != null).map(f -> f.json().getString("event")).distinct().toList();
        assertEquals(List.of("connected", "start", "media", "stop"), kinds);
        assertEquals(1, data.awaitEndedCall(callSid, 10).holds);
        api().post("/api/calls/" + callSid + "/hold").then().statusCode(409);
        api().post("/api/calls/CA00000000000000000000000000000000/hold").then().statusCode(404);
    }

    @Test
    void theCallersOwnHoldIsSurvivedAndAudioFlowsAgainAfterTheResume() throws Exception {
        String number = "7413";
        agent.reset();
        data.holdRoute(number, agent.url("/hold-caller"), null, true);
        CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.holdingCall(number, 4_000));
        Session bot = agent.awaitSession(Duration.ofSeconds(10));
        String callSid = bot.nextEvent("start", Duration.ofSeconds(5)).json().getJsonObject("start").getString("callSid");

        Frame holdFrame = bot.nextEvent("hold", Duration.ofSeconds(15));
        JsonObject hold = holdFrame.json();
        assertEquals("caller", hold.getJsonObject("hold").getString("by"));
        assertEquals("caller", data.call(callSid).heldBy, "the CDR says who holds the call");
        Frame resumed = bot.nextEvent("resume", Duration.ofSeconds(10));
        assertEquals("caller", resumed.json().getJsonObject("resume").getString("by"));
        Frame media = bot.nextEvent("media", Duration.ofSeconds(1)); // the caller's audio, within 1 s of the resume
        assertTrue(media.nanos() > resumed.nanos());

        bot.nextEvent("stop", Duration.ofSeconds(15));
        Sipp.Result result = caller.join();
        assertTrue(result.succeeded(), result.output());
        CallRecord cdr = data.awaitEndedCall(callSid, 10);
        assertEquals("caller_hangup", cdr.termination);
        assertEquals(1, cdr.holds);
        assertTrue(cdr.holdMs >= 3000, "hold time on the CDR: " + cdr.holdMs);
    }

    private static int mediaCount(Session bot) {
        return bot.events("media").size();
    }

    /** The media messages the agent got before the first {@code event}. */
    private static int mediaBefore(Session bot, String event) {
        int n = 0;
        for (Frame f : bot.frames) {
            if (f.text() == null) continue;
            String e = f.json().getString("event");
            if (event.equals(e)) break;
            if ("media".equals(e)) n++;
        }
        return n;
    }
}
