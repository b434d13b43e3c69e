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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Caller DTMF (RFC 4733, from sipp's samples) reaches the bot as twilio dtmf events, in order. */
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
}
