package io.callbridge.flow;

import static io.callbridge.testing.Api.api;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.call.RouteFlow;
import io.callbridge.flow.TwimlApp.Answer;
import io.callbridge.flow.TwimlApp.Request;
import io.callbridge.testing.Api;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Queues' TwiML on real calls (sipp callers through Kamailio and Asterisk, a test web server as the voice
 * application): {@code <Enqueue waitUrl>}, whose documents run round after round with the queue's parameters until
 * a {@code <Leave>}; and {@code <Dial><Queue>}, a call bridged to the caller at the front of a queue. (Here rather
 * than in queue/ for {@link TwimlApp}, the flow tests' voice application.)
 */
@QuarkusTest
class QueueTwimlTest {

    @Inject
    TestData data;

    TwimlApp app;

    @BeforeEach
    void startApp() throws Exception {
        app = new TwimlApp("queue-wait-test-token");
    }

    @AfterEach
    void stopApp() {
        app.close();
    }

    @Test
    void theWaitUrlRunsInALoopWithTheQueuesParametersUntilALeave() throws Exception {
        String number = "7863";
        String queue = "wait-7863";
        AtomicInteger rounds = new AtomicInteger();
        // round 1 waits a second; round 2 redirects to a document that takes the caller out of line
        app.on("/wait", request -> Answer.twiml(rounds.incrementAndGet() == 1
                ? "<Response><Pause length=\"1\"/></Response>"
                : "<Response><Redirect>/wait-again</Redirect></Response>"));
        app.on("/wait-again", "<Response><Leave/></Response>");
        app.on("/after", "<Response><Hangup/></Response>");
        data.flowRoute(number, new RouteFlow("<Response><Enqueue maxQueueSize=\"7\" waitUrlMethod=\"GET\" waitUrl=\""
                + app.url("/wait") + "\" action=\"" + app.url("/after") + "\">" + queue + "</Enqueue></Response>",
                null, "POST", null, "POST", null), "hangup");

        CompletableFuture<Sipp.Result> caller = Sipp.async(() -> Sipp.from("127.0.0.1", 5863, "uac-keys.xml", number,
                Map.of("KEYS", "", "HOLD_MS", "30000"), List.of("-m", "1", "-mp", "5876"), 50));
        Request after = app.await(r -> r.path().equals("/after"), Duration.ofSeconds(20));
        assertTrue(caller.get().succeeded(), "the action's <Hangup> ends the call: " + caller.get().output());

        assertEquals(List.of("/wait", "/wait", "/wait-again", "/after"), app.paths());
        List<Request> requests = app.requests();
        String sid = api().get("/api/queues/" + queue).then().statusCode(200).extract().jsonPath().getString("sid");
        Request first = requests.get(0);
        assertEquals("GET", first.method(), "waitUrlMethod");
        Map<String, String> p = first.parameters();
        assertNotNull(p.get("QueueTime"), p.toString());
        assertEquals("1", p.get("QueuePosition"));
        assertEquals("1", p.get("CurrentQueueSize"));
        assertEquals("7", p.get("MaxQueueSize"));
        assertEquals(sid, p.get("QueueSid"));
        assertEquals("0", p.get("AvgQueueTime"));
        assertTrue(Long.parseLong(p.get("QueueTime")) >= 0, p.toString());
        assertEquals(number, p.get("To"));
        assertEquals("in-progress", p.get("CallStatus"));
        String callSid = p.get("CallSid");
        assertTrue(callSid.startsWith("CA"), p.toString());

        Map<String, String> again = requests.get(1).parameters();
        assertEquals("GET", requests.get(1).method());
        assertTrue(Long.parseLong(again.get("QueueTime")) >= 1, "the second round comes after the first's pause: " + again);
        assertEquals("1", again.get("QueuePosition"));
        Request redirected = requests.get(2);
        assertEquals("POST", redirected.method(), "<Redirect>'s default method");
        assertEquals(sid, redirected.parameters().get("QueueSid"));
        assertEquals(callSid, redirected.parameters().get("CallSid"));

        assertEquals("leave", after.parameters().get("QueueResult"));
        assertEquals(sid, after.parameters().get("QueueSid"));
        assertEquals(callSid, after.parameters().get("CallSid"));
        assertEquals(0, api().get("/api/queues/" + queue).jsonPath().getInt("currentSize"));
    }

    @Test
    void aCallDiallingAQueueIsBridgedToItsFrontCaller() throws Exception {
        String queue = "dialq-7864";
        app.on("/connected", "<Response><Pause length=\"1\"/></Response>");
        app.on("/dialed", "<Response><Hangup/></Response>");
        data.flowRoute("7864", stored("<Response><Enqueue>" + queue + "</Enqueue></Response>"), "hangup");
        data.flowRoute("7865", stored("<Response><Dial action=\"" + app.url("/dialed") + "\"><Queue url=\""
                + app.url("/connected") + "\">" + queue + "</Queue></Dial></Response>"), "hangup");

        // The queued caller talks, and hangs up by itself 12 s after the answer.
        CompletableFuture<Sipp.Result> queued = Sipp.async(() -> Sipp.from("127.0.0.1", 5864, "uac-hangup.xml", "7864",
                Map.of("HOLD_MS", "12000", "PCAP", "pcap/g711a.pcap"), List.of("-m", "1", "-mp", "5866"), 40));
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
            var response = RestAssured.given().header("Authorization", "Bearer " + Api.KEY).get("/api/queues/" + queue);
            return response.statusCode() == 200 && response.jsonPath().getInt("currentSize") == 1;
        });
        String waiting = api().get("/api/queues/" + queue).jsonPath().getString("members[0].callSid");

        // The second call dials the queue; it is hung up by the action once the connection ends.
        CompletableFuture<Sipp.Result> dialling = Sipp.async(() -> Sipp.from("127.0.0.1", 5865, "uac-keys.xml", "7865",
                Map.of("KEYS", "", "HOLD_MS", "40000"), List.of("-m", "1", "-mp", "5870"), 60));
        Request connected = app.await(r -> r.path().equals("/connected"), Duration.ofSeconds(15));
        assertEquals(waiting, connected.parameters().get("CallSid"), "the url runs on the dequeued caller");
        String dialler = connected.parameters().get("DequeingCallSid");
        assertTrue(dialler != null && dialler.startsWith("CA") && !dialler.equals(waiting), connected.parameters().toString());
        assertEquals(api().get("/api/queues/" + queue).jsonPath().getString("sid"), connected.parameters().get("QueueSid"));
        assertEquals(0, api().get("/api/queues/" + queue).jsonPath().getInt("currentSize"));

        Request dialed = app.await(r -> r.path().equals("/dialed"), Duration.ofSeconds(30));
        assertTrue(queued.get().succeeded(), queued.get().output());
        assertTrue(dialling.get().succeeded(), "the action's <Hangup> ends the dialling call: " + dialling.get().output());
        Map<String, String> p = dialed.parameters();
        assertEquals(dialler, p.get("CallSid"));
        assertEquals("completed", p.get("DialCallStatus"), p.toString());
        assertEquals(waiting, p.get("DialCallSid"));
        assertTrue(Long.parseLong(p.get("DialCallDuration")) >= 3, "the two talked until the queued caller hung up: " + p);
        assertEquals(1, api().get("/api/queues/" + queue).jsonPath().getInt("dequeued"));
    }

    @Test
    void dialingAnEmptyQueueEndsTheDialAtOnce() throws Exception {
        app.on("/dialed", "<Response><Hangup/></Response>");
        data.flowRoute("7866", stored("<Response><Dial action=\"" + app.url("/dialed") + "\"><Queue>nobody-7866</Queue>"
                + "</Dial></Response>"), "hangup");
        Sipp.Result caller = Sipp.from("127.0.0.1", 5864, "uac-keys.xml", "7866", Map.of("KEYS", "", "HOLD_MS", "15000"),
                List.of("-m", "1", "-mp", "5866"), 30);
        assertTrue(caller.succeeded(), caller.output());
        Request dialed = app.await(r -> r.path().equals("/dialed"), Duration.ofSeconds(5));
        assertEquals("no-answer", dialed.parameters().get("DialCallStatus"));
        assertEquals("0", dialed.parameters().get("DialCallDuration"));
    }

    private static RouteFlow stored(String twiml) {
        return new RouteFlow(twiml, null, "POST", null, "POST", null);
    }
}
