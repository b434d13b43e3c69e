package io.callbridge.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.Metrics;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestAgent;
import io.callbridge.testing.TestAgent.Session;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Agents that misbehave, on real calls: the call survives bad input and follows the route's policy. */
@QuarkusTest
@TestProfile(AgentFailureTest.ShortWindows.class)
class AgentFailureTest {

    /** Give up on an agent after 2 s of failures, with 1 s connect timeouts. */
    public static class ShortWindows implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("callbridge.agent.connect-timeout", "1s", "callbridge.agent.reconnect-window", "2s");
        }
    }

    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    TestAgent agent;

    @Inject
    TestData data;

    @BeforeEach
    void reset() {
        agent.reset();
    }

    @Test
    void malformedInputIsCountedAndTheCallGoesOn() throws Exception {
        String number = "7331";
        data.route(number, agent.url("/malformed"), "twilio", 8000, Map.of(), null);
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        double before = sumOf("callbridge_agent_malformed_total");
        CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.talkingCall(number, 4000));
        Session bot = agent.awaitSession(WAIT);
        String streamSid = bot.nextEvent("start", WAIT).json().getString("streamSid");
        bot.send("this is not json");
        bot.send("{\"event\":\"dance\",\"streamSid\":\"" + streamSid + "\"}");
        bot.send("{\"event\":\"media\",\"streamSid\":\"MZ00000000000000000000000000000000\",\"media\":{\"payload\":\"AAAA\"}}");
        bot.send("{\"event\":\"media\",\"streamSid\":\"" + streamSid + "\",\"media\":{\"payload\":\"@@not base64@@\"}}");
        bot.send("{\"event\":\"media\",\"streamSid\":\"" + streamSid + "\",\"media\":{\"payload\":\"" + "A".repeat(1_100_000) + "\"}}");
        // still a working stream afterwards: a mark comes back
        bot.send("{\"event\":\"mark\",\"streamSid\":\"" + streamSid + "\",\"mark\":{\"name\":\"alive\"}}");
        assertEquals("alive", bot.nextEvent("mark", WAIT).json().getJsonObject("mark").getString("name"));

        Sipp.Result result = caller.join();
        assertTrue(result.succeeded(), "the caller's call must go on until it hangs up:\n" + result.output());
        CallRecord cdr = data.awaitEnded(number, since);
        assertEquals("caller_hangup", cdr.termination);
        assertEquals(5L, cdr.agentMalformed);
        assertEquals(before + 5, sumOf("callbridge_agent_malformed_total"), 0.0, "counted in callbridge_agent_malformed_total");
    }

    @Test
    void anAgentThatNeverAnswersEndsTheCallByPolicy() {
        String number = "7332";
        data.route(number, agent.hangingUrl(), "twilio", 8000, Map.of(), null);
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        Sipp.Result result = Sipp.answeredCall(number, 15); // answered, then hung up by Callbridge
        assertTrue(result.succeeded(), result.output());
        CallRecord cdr = data.awaitEnded(number, since);
        assertEquals("agent_failed", cdr.termination);
        assertEquals(200, cdr.sipCode);
        assertTrue(cdr.agentReconnects >= 1, "retried before giving up: " + cdr.agentReconnects);
        long heldMs = Duration.between(cdr.answeredAt, cdr.endedAt).toMillis();
        assertTrue(heldMs >= 2000 && heldMs < 6000, "gave up after the 2 s window, not before: " + heldMs + " ms");
    }

    @Test
    void anAgentThatDropsAndStaysDownEndsTheCallByPolicy() throws Exception {
        String number = "7333";
        data.route(number, agent.url("/drop"), "twilio", 8000, Map.of(), null);
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.answeredCall(number, 15));
        Session bot = agent.awaitSession(WAIT);
        bot.nextEvent("start", WAIT);
        agent.refuse(true);
        bot.drop();
        Sipp.Result result = caller.join();
        assertTrue(result.succeeded(), result.output());
        CallRecord cdr = data.awaitEnded(number, since);
        assertEquals("agent_failed", cdr.termination);
        assertTrue(cdr.agentReconnects >= 1);
    }

    @Test
    void anAgentThatDropsAndComesBackGetsANewStreamAndTheCallGoesOn() throws Exception {
        String number = "7334";
        data.route(number, agent.url("/flaky"), "twilio", 8000, Map.of(), null);
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.talkingCall(number, 5000));
        Session first = agent.awaitSession(WAIT);
        JsonObject start1 = first.nextEvent("start", WAIT).json();
        first.drop();
        Session second = agent.awaitSession(WAIT);
        List<String> opening = List.of(second.next(f -> true, WAIT).json().getString("event"),
                second.next(f -> true, WAIT).json().getString("event"));
        assertEquals(List.of("connected", "start"), opening, "a reopened socket starts a fresh stream");
        assertEquals(start1.getString("streamSid"), second.events("start").getFirst().getString("streamSid"));
        second.nextEvent("media", WAIT);
        Sipp.Result result = caller.join();
        assertTrue(result.succeeded(), result.output());
        CallRecord cdr = data.awaitEnded(number, since);
        assertEquals("caller_hangup", cdr.termination);
        assertEquals(1, cdr.agentReconnects);
    }

    @Test
    void anAgentThatClosesTheStreamEndsTheCall() throws Exception {
        String number = "7335";
        data.route(number, agent.url("/bye"), "twilio", 8000, Map.of(), null);
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.answeredCall(number, 15));
        Session bot = agent.awaitSession(WAIT);
        bot.nextEvent("start", WAIT);
        bot.close();
        Sipp.Result result = caller.join();
        assertTrue(result.succeeded(), "Callbridge hangs up when the agent leaves:\n" + result.output());
        CallRecord cdr = data.awaitEnded(number, since);
        assertEquals("agent_hangup", cdr.termination);
    }

    private static double sumOf(String metric) {
        double sum = 0;
        for (String kind : List.of("not_json", "unknown_event", "wrong_stream_sid", "bad_base64", "too_large")) {
            sum += Metrics.value(metric, "kind=\"" + kind + "\"");
        }
        return sum;
    }
}
