package io.callbridge.queue;

import static io.callbridge.testing.Api.api;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.call.RouteFlow;
import io.callbridge.store.CallRecord;
import io.callbridge.testing.Api;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestAgent;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Call queues on real calls: sipp callers through Kamailio and Asterisk run {@code <Enqueue>} from a route's
 * stored TwiML, wait in line (with music on hold), and are dequeued over the API, abandon, or find the queue full;
 * a route's callers over its maxConcurrentCalls wait in its overflow queue until a line frees.
 */
@QuarkusTest
class QueueCallTest {

    @Inject
    TestData data;

    @Inject
    TestAgent agent;

    @Test
    void aCallerOverTheRoutesLimitWaitsInItsOverflowQueueAndGetsTheFreedLine() throws Exception {
        String number = "7860";
        String queue = "overflow-7860";
        agent.reset();
        data.overflowRoute(number, agent.url("/overflow-7860"), 1, queue);

        // The first caller takes the route's only line and hangs up after 8 s.
        CompletableFuture<Sipp.Result> first = Sipp.async(() -> Sipp.from("127.0.0.1", 5860, "uac-hangup.xml", number,
                Map.of("HOLD_MS", "8000", "PCAP", "pcap/g711a.pcap"), List.of("-m", "1", "-mp", "5864"), 30));
        TestAgent.Session firstBot = agent.awaitSession(Duration.ofSeconds(10));
        String firstSid = firstBot.nextEvent("start", Duration.ofSeconds(5)).json().getJsonObject("start").getString("callSid");

        // The second is answered and waits in line instead of hearing 486.
        CompletableFuture<Sipp.Result> second = waitsForBye(5861, 5868, number, 40000);
        List<String> line = awaitMembers(queue, 1);
        assertFalse(line.contains(firstSid));
        String secondSid = line.getFirst();

        // The first caller's hang-up frees the line: the waiting caller is connected to the route's agent.
        assertTrue(first.get().succeeded(), first.get().output());
        TestAgent.Session secondBot = agent.awaitSession(Duration.ofSeconds(15));
        assertEquals(secondSid, secondBot.nextEvent("start", Duration.ofSeconds(5)).json().getJsonObject("start")
                .getString("callSid"));
        JsonPath shown = api().get("/api/queues/" + queue).then().statusCode(200).extract().jsonPath();
        assertEquals(0, shown.getInt("currentSize"));
        assertEquals(1, shown.getInt("dequeued"));
        assertEquals(0, shown.getInt("abandoned"));

        // The agent ends the call: the caller sees our BYE.
        secondBot.close();
        assertTrue(second.get().succeeded(), second.get().output());
    }

    @Test
    void aCallerIsDequeuedToTheAgentOfARoute() throws Exception {
        String number = "7861";
        String queue = "to-agent-7861";
        agent.reset();
        data.route("7862", agent.url("/dequeued-7862"), "twilio", 8000, Map.of(), null);
        data.flowRoute(number, stored("<Response><Enqueue>" + queue + "</Enqueue></Response>"), "hangup");
        CompletableFuture<Sipp.Result> caller = waitsForBye(5862, 5872, number, 40000);
        String waiting = awaitMembers(queue, 1).getFirst();

        api().body(Map.of("route", "7869-no-such-route")).post("/api/queues/" + queue + "/dequeue").then().statusCode(400);
        assertEquals(List.of(waiting), awaitMembers(queue, 1), "a refused dequeue leaves the caller in line");

        JsonPath taken = api().body(Map.of("route", "7862")).post("/api/queues/" + queue + "/dequeue")
                .then().statusCode(202).extract().jsonPath();
        assertEquals(waiting, taken.getString("callSid"));
        TestAgent.Session bot = agent.awaitSession(Duration.ofSeconds(10));
        assertTrue(bot.path.startsWith("/dequeued-7862"), bot.path);
        assertEquals(waiting, bot.nextEvent("start", Duration.ofSeconds(5)).json().getJsonObject("start").getString("callSid"));
        bot.close();
        assertTrue(caller.get().succeeded(), caller.get().output());
    }

    @Test
    void callersWaitInOrderAreDequeuedFromTheFrontAndAnAbandonIsCounted() throws Exception {
        String number = "7760";
        String queue = "support-7760";
        data.flowRoute(number, stored("<Response><Enqueue>" + queue + "</Enqueue></Response>"), "hangup");
        OffsetDateTime since = OffsetDateTime.now();

        CompletableFuture<Sipp.Result> first = waitsForBye(5760, 5766, number, 40000);
        List<String> line = awaitMembers(queue, 1);
        CompletableFuture<Sipp.Result> second = waitsForBye(5761, 5770, number, 40000);
        line = awaitMembers(queue, 2);
        CompletableFuture<Sipp.Result> third = Sipp.async(() -> Sipp.from("127.0.0.1", 5762,
                "uac-hangup.xml", number, Map.of("HOLD_MS", "6000", "PCAP", "pcap/g711a.pcap"),
                List.of("-m", "1", "-mp", "5774"), 30));
        line = awaitMembers(queue, 3);
        JsonPath shown = api().get("/api/queues/" + queue).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(1, 2, 3), shown.getList("members.position"));
        assertEquals(3, shown.getInt("currentSize"));
        String front = line.get(0);

        // The front caller is handed to TwiML that hangs it up: its sipp sees our BYE.
        JsonPath taken = api().body(Map.of("twiml", "<Response><Hangup/></Response>"))
                .post("/api/queues/" + queue + "/dequeue").then().statusCode(202).extract().jsonPath();
        assertEquals(front, taken.getString("callSid"));
        assertTrue(first.get().succeeded(), first.get().output());
        List<String> after = awaitMembers(queue, 2);
        assertEquals(line.subList(1, 3), after);
        assertEquals(List.of(1, 2), api().get("/api/queues/" + queue).jsonPath().getList("members.position"));

        // The third caller hangs up by itself while waiting: abandoned.
        assertTrue(third.get().succeeded(), third.get().output());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> RestAssured.given()
                .header("Authorization", "Bearer " + Api.KEY).get("/api/queues/" + queue).jsonPath().getInt("abandoned") == 1);
        assertEquals(List.of(line.get(1)), awaitMembers(queue, 1));

        // A given caller by callSid.
        api().body(Map.of("callSid", line.get(1), "twiml", "<Response><Hangup/></Response>"))
                .post("/api/queues/" + queue + "/dequeue").then().statusCode(202);
        assertTrue(second.get().succeeded(), second.get().output());
        JsonPath end = api().get("/api/queues/" + queue).then().statusCode(200).extract().jsonPath();
        assertEquals(0, end.getInt("currentSize"));
        assertEquals(3, end.getInt("joined"));
        assertEquals(2, end.getInt("dequeued"));
        assertEquals(1, end.getInt("abandoned"));
        assertTrue(api().get("/api/queues").jsonPath().getList("name").contains(queue));

        // An empty queue has nobody to dequeue.
        api().body(Map.of("twiml", "<Response><Hangup/></Response>")).post("/api/queues/" + queue + "/dequeue")
                .then().statusCode(404);
        CallRecord cdr = data.awaitEnded(number, since);
        assertTrue(cdr.endedAt != null);
    }

    @Test
    void aCallerFindingTheQueueFullGoesOnWithTheNextVerb() throws Exception {
        String number = "7761";
        String queue = "full-7761";
        // The second caller finds the queue full and, without an action, goes on to <Hangup>.
        data.flowRoute(number, stored("<Response><Enqueue maxQueueSize=\"1\">" + queue + "</Enqueue><Hangup/></Response>"),
                "hangup");
        CompletableFuture<Sipp.Result> waiting = waitsForBye(5763, 5778, number, 40000);
        List<String> line = awaitMembers(queue, 1);
        Sipp.Result refused = Sipp.from("127.0.0.1", 5764, "uac-keys.xml", number,
                Map.of("KEYS", "", "HOLD_MS", "10000"), List.of("-m", "1", "-mp", "5768"), 25);
        assertTrue(refused.succeeded(), "the caller over maxQueueSize is hung up at once: " + refused.output());
        JsonPath shown = api().get("/api/queues/" + queue).jsonPath();
        assertEquals(line, shown.getList("members.callSid"));
        assertEquals(1, shown.getInt("joined"));

        api().body(Map.of("twiml", "<Response><Hangup/></Response>")).post("/api/queues/" + queue + "/dequeue")
                .then().statusCode(202);
        assertTrue(waiting.get().succeeded(), waiting.get().output());
    }

    @Test
    void aDequeueNamesOneDestination() {
        api().body(Map.of("to", "+14155550123", "twiml", "<Response/>")).post("/api/queues/any/dequeue")
                .then().statusCode(400);
        api().body(Map.of("to", "not a number")).post("/api/queues/any/dequeue").then().statusCode(400);
        api().body(Map.of("to", "+14155550123")).post("/api/queues/no-such-queue/dequeue").then().statusCode(404);
        api().get("/api/queues/no-such-queue").then().statusCode(404);
    }

    /**
     * The callSids in line, once the queue holds exactly {@code size} callers. Polled without the OpenAPI check
     * (whose AssertionError Awaitility would take as "not yet"); the answer that ends the wait is checked once.
     */
    private static List<String> awaitMembers(String queue, int size) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
            var response = RestAssured.given().header("Authorization", "Bearer " + Api.KEY).get("/api/queues/" + queue);
            return response.statusCode() == 200 && response.jsonPath().getList("members.callSid").size() == size;
        });
        return api().get("/api/queues/" + queue).then().statusCode(200).extract().jsonPath().getList("members.callSid");
    }

    /** A caller on SIP port {@code port} that waits up to {@code holdMillis} for our BYE. */
    private static CompletableFuture<Sipp.Result> waitsForBye(int port, int mediaPort, String number, int holdMillis) {
        return Sipp.async(() -> Sipp.from("127.0.0.1", port, "uac-keys.xml", number,
                Map.of("KEYS", "", "HOLD_MS", String.valueOf(holdMillis)),
                List.of("-m", "1", "-mp", String.valueOf(mediaPort)), holdMillis / 1000 + 20));
    }

    private static RouteFlow stored(String twiml) {
        return new RouteFlow(twiml, null, "POST", null, "POST", null);
    }
}
