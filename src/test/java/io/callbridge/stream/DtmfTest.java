package io.callbridge.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestAgent;
import io.callbridge.testing.TestAgent.Session;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import io.callbridge.store.CallRecord;
import io.callbridge.testing.Metrics;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Caller DTMF (RFC 4733, from sipp's samples) reaches the bot as twilio dtmf events, in order, and the
 * telephone-event packets between the caller's audio are not counted as lost.
 */
@QuarkusTest
class DtmfTest {

    static final String NUMBER = "7321";

    @Inject
    TestAgent agent;

    @Inject
    TestData data;

    @Test
    void callerDigitsArriveInOrder() throws Exception {
        agent.reset();
        data.route(NUMBER, agent.url("/dtmf"), "twilio", 8000, Map.of(), null);
        CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.dtmfCall(NUMBER));
        Session bot = agent.awaitSession(Duration.ofSeconds(10));
        bot.nextEvent("stop", Duration.ofSeconds(20));
        Sipp.Result result = caller.join();
        assertTrue(result.succeeded(), result.output());

        List<JsonObject> dtmf = bot.events("dtmf");
        assertEquals(List.of("1", "5", "#"), dtmf.stream().map(d -> d.getJsonObject("dtmf").getString("digit")).toList());
        String streamSid = bot.events("start").getFirst().getString("streamSid");
        for (JsonObject d : dtmf) {
            assertEquals("inbound_track", d.getJsonObject("dtmf").getString("track"));
            assertEquals(streamSid, d.getString("streamSid"));
            assertTrue(d.getValue("sequenceNumber") instanceof String);
        }
    }

    @Test
    void digitsBetweenTheCallersAudioAreNotPacketLoss() throws Exception {
        String number = "7322";
        agent.reset();
        data.route(number, agent.url("/dtmf-talking"), "twilio", 8000, Map.of(), null);
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        double lostBefore = Metrics.value("callbridge_media_packets_lost_total", null);
        CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.talkingDtmfCall(number));
        Session bot = agent.awaitSession(Duration.ofSeconds(10));
        bot.nextEvent("stop", Duration.ofSeconds(25));
        Sipp.Result result = caller.join();
        assertTrue(result.succeeded(), result.output());

        assertEquals(List.of("1", "5", "#"), bot.events("dtmf").stream().map(d -> d.getJsonObject("dtmf").getString("digit")).toList());
        int media = bot.events("media").size();
        assertTrue(media > 50, "the caller's audio reached the bot too: " + media + " media messages");
        CallRecord cdr = data.awaitEnded(number, since);
        assertTrue(cdr.packetsIn > 50, "audio packets in: " + cdr.packetsIn);
        assertEquals(0L, cdr.packetsLost, "three digits' telephone-event packets are not loss");
        assertEquals(lostBefore, Metrics.value("callbridge_media_packets_lost_total", null), 0.0,
                "nor in the loss metric");
    }
}
