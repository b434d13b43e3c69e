package io.callbridge.call;

import static io.callbridge.testing.Api.api;
import static io.callbridge.testing.Api.problem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.HookReceiver;
import io.callbridge.testing.HookReceiver.Hook;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestAgent;
import io.callbridge.testing.TestAgent.Session;
import io.callbridge.testing.TestAgent.Session.Frame;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Warm transfer on the real path: a sipp caller through Kamailio and Asterisk talks to the test agent; the API asks
 * for a warm transfer to a sipp far end (through Asterisk's {@code outbound} endpoint) that answers, or is busy. The
 * agent must hear the target once it answers; completing joins the caller to it and stops the agent's stream;
 * cancelling, or a busy target, gives the caller back to the agent (the agent hears the caller again). Each step's
 * {@code transfer.*} webhook goes to a receiver in the test.
 */
@QuarkusTest
@TestProfile(TransferHooks.class)
class WarmTransferTest {

    /** The sipp caller's number (its scenarios' From). */
    static final String CALLER = "+15550001111";

    @Inject
    TestData data;

    @Inject
    TestAgent agent;

    @Inject
    Vertx vertx;

    HookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        agent.reset();
        receiver = new HookReceiver(vertx, TransferHooks.PORT);
        TestData.awaitReady();
    }

    @AfterEach
    void stop() throws Exception {
        receiver.close();
    }

    @Test
    void aCompletedWarmTransferLetsTheAgentTalkToTheTargetThenJoinsTheCaller() throws Exception {
        String number = "7840";
        data.route(number, agent.url("/warm-complete"), "twilio", 8000, Map.of(), null);
        try (Sipp.Uas target = Sipp.farEndOn(5840, "uas-answer-hangup.xml", Map.of("HOLD_MS", "8000"), 40)) {
            // a silent caller: whatever the agent hears once the target answered is the target
            CompletableFuture<Sipp.Result> caller = Sipp.async(() -> Sipp.answeredCall(number, 30));
            Session bot = agent.awaitSession(Duration.ofSeconds(10));
            String callSid = bot.nextEvent("start", Duration.ofSeconds(5)).json().getJsonObject("start").getString("callSid");
            problem(api().post("/api/calls/" + callSid + "/transfer/complete"), 409); // nothing to complete yet
            problem(api().body(Map.of("to", "sip:warm@127.0.0.1:5840", "mode", "cold"))
                    .post("/api/calls/" + callSid + "/transfer"), 400);

            api().body(Map.of("to", "sip:warm@127.0.0.1:5840", "mode", "warm"))
                    .post("/api/calls/" + callSid + "/transfer").then().statusCode(202);

            Hook answered = step(callSid, "transfer.answered");
            assertEquals("sip:warm@127.0.0.1:5840", data(answered).getString("transferTo"));
            assertEquals("warm", data(answered).getString("mode"));
            bot.next(f -> f.nanos() > answered.receivedNanos() && speech(f), Duration.ofSeconds(5)); // the agent hears the target

            api().post("/api/calls/" + callSid + "/transfer/complete").then().statusCode(204);
            bot.nextEvent("stop", Duration.ofSeconds(5)); // the agent's stream ends
            step(callSid, "transfer.completed");

            Sipp.Result farEnd = target.await();
            assertTrue(farEnd.succeeded(), "the target did not answer and hang up:\n" + farEnd.output());
            Sipp.Result callerResult = caller.get(30, TimeUnit.SECONDS);
            assertTrue(callerResult.succeeded(), "the caller was not hung up after the target left:\n" + callerResult.output());
            CallRecord cdr = data.awaitEndedCall(callSid, 10);
            assertEquals("transferred", cdr.termination, cdr.terminationReason);
            assertTrue(cdr.terminationReason.contains("warm transfer to sip:warm@127.0.0.1:5840"), cdr.terminationReason);
            assertEquals(List.of("transfer.dialing", "transfer.answered", "transfer.completed"), steps(callSid));
        }
    }

    @Test
    void aCancelledWarmTransferHangsUpTheTargetAndGivesTheCallerBackToTheAgent() throws Exception {
        String number = "7841";
        data.route(number, agent.url("/warm-cancel"), "twilio", 8000, Map.of(), null);
        try (Sipp.Uas target = Sipp.farEndOn(5841, "uas-answer.xml", Map.of("RING_MS", "300", "CALLER", CALLER), 40)) {
            CompletableFuture<Sipp.Result> caller = Sipp.async(() -> Sipp.longTalkingCalls(number, 1, 20_000));
            Session bot = agent.awaitSession(Duration.ofSeconds(10));
            String callSid = bot.nextEvent("start", Duration.ofSeconds(5)).json().getJsonObject("start").getString("callSid");
            bot.nextEvent("media", Duration.ofSeconds(5)); // the caller is heard

            api().body(Map.of("to", "sip:desk@127.0.0.1:5841", "mode", "warm"))
                    .post("/api/calls/" + callSid + "/transfer").then().statusCode(202);
            Hook answered = step(callSid, "transfer.answered");
            bot.next(f -> f.nanos() > answered.receivedNanos() && speech(f), Duration.ofSeconds(5));

            api().post("/api/calls/" + callSid + "/transfer/cancel").then().statusCode(204);
            Sipp.Result farEnd = target.await();
            assertTrue(farEnd.succeeded(), "the target was not hung up:\n" + farEnd.output());
            long targetGone = System.nanoTime();
            Hook canceled = step(callSid, "transfer.canceled");
            assertEquals("canceled", data(canceled).getString("outcome"));
            // the target is gone: what the agent hears now is the caller, back in its bridge
            bot.next(f -> f.nanos() > targetGone && speech(f), Duration.ofSeconds(5));
            problem(api().post("/api/calls/" + callSid + "/transfer/cancel"), 409); // over already

            Sipp.Result callerResult = caller.get(40, TimeUnit.SECONDS);
            assertTrue(callerResult.succeeded(), callerResult.output());
            CallRecord cdr = data.awaitEndedCall(callSid, 10);
            assertEquals("caller_hangup", cdr.termination, cdr.terminationReason);
            assertEquals(List.of("transfer.dialing", "transfer.answered", "transfer.canceled"), steps(callSid));
        }
    }

    @Test
    void aBusyTargetGivesTheCallerBackToTheAgentByItself() throws Exception {
        String number = "7842";
        data.route(number, agent.url("/warm-busy"), "twilio", 8000, Map.of(), null);
        try (Sipp.Uas target = Sipp.farEndOn(5842, "uas-reject.xml", Map.of("CODE", "486"), 40)) {
            CompletableFuture<Sipp.Result> caller = Sipp.async(() -> Sipp.longTalkingCalls(number, 1, 15_000));
            Session bot = agent.awaitSession(Duration.ofSeconds(10));
            String callSid = bot.nextEvent("start", Duration.ofSeconds(5)).json().getJsonObject("start").getString("callSid");
            bot.nextEvent("media", Duration.ofSeconds(5));

            api().body(Map.of("to", "sip:busy@127.0.0.1:5842", "mode", "warm"))
                    .post("/api/calls/" + callSid + "/transfer").then().statusCode(202);
            Hook failed = step(callSid, "transfer.failed");
            assertEquals("busy", data(failed).getString("outcome"));
            assertEquals(486, data(failed).getInteger("sipCode"));
            assertTrue(target.await().succeeded());
            bot.next(f -> f.nanos() > failed.receivedNanos() && speech(f), Duration.ofSeconds(5)); // the caller again
            assertTrue(bot.events("stop").isEmpty(), "the agent's stream went on");

            assertTrue(caller.get(40, TimeUnit.SECONDS).succeeded());
            CallRecord cdr = data.awaitEndedCall(callSid, 10);
            assertEquals("caller_hangup", cdr.termination, cdr.terminationReason);
            assertEquals(List.of("transfer.dialing", "transfer.failed"), steps(callSid));
        }
    }

    /** The call's first {@code type} webhook. */
    private Hook step(String callSid, String type) {
        return receiver.await(h -> callSid.equals(callSidOf(h)) && type.equals(h.json().getString("type")), 1,
                Duration.ofSeconds(15)).getFirst();
    }

    /** The types of the call's {@code transfer.*} webhooks, in the order they arrived. */
    private List<String> steps(String callSid) {
        return await().atMost(Duration.ofSeconds(5)).until(() -> receiver.all(h -> callSid.equals(callSidOf(h))).stream()
                .map(h -> h.json().getString("type")).filter(t -> t.startsWith("transfer.")).toList(), l -> !l.isEmpty()
                && !l.getLast().equals("transfer.dialing") && !l.getLast().equals("transfer.answered"));
    }

    private static JsonObject data(Hook h) {
        return h.json().getJsonObject("data");
    }

    private static String callSidOf(Hook h) {
        if (!h.path().equals("/hooks")) return null;
        JsonObject data = data(h);
        return data == null ? null : data.getString("callSid");
    }

    /** Whether {@code f} is a media event carrying sound, not silence (µ-law: a small magnitude is quiet). */
    private static boolean speech(Frame f) {
        if (f.text() == null || !f.text().contains("\"media\"")) return false;
        JsonObject json = f.json();
        if (!"media".equals(json.getString("event"))) return false;
        byte[] payload = Base64.getDecoder().decode(json.getJsonObject("media").getString("payload"));
        int loud = 0;
        for (byte b : payload) if ((~b & 0x7F) > 0x30) loud++;
        return loud > payload.length / 10;
    }
}
