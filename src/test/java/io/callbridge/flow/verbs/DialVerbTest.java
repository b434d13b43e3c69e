package io.callbridge.flow.verbs;

import static io.callbridge.testing.Api.api;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.call.RouteFlow;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import com.sun.net.httpserver.HttpServer;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code <Dial>} on the real path: a sipp caller through Kamailio and Asterisk reaches a route whose stored TwiML
 * dials sipp far ends (through Asterisk's {@code outbound} endpoint) that answer, are busy (486) or do not answer;
 * the dial's action is requested from a web server of the test's own, which records its parameters and answers
 * with {@code <Hangup/>}, so the caller's scenario ends with Callbridge's BYE.
 */
@QuarkusTest
class DialVerbTest {

    /** The sipp caller's number (its scenarios' From): what the far ends see as caller id. */
    static final String CALLER = "+15550001111";

    @Inject
    TestData data;

    HttpServer server;
    /** Each action request's form parameters, by path. */
    final Map<String, CompletableFuture<Map<String, String>>> requests = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] twiml = "<?xml version=\"1.0\"?><Response><Hangup/></Response>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, twiml.length);
            try (var out = exchange.getResponseBody()) {
                out.write(twiml);
            }
            request(exchange.getRequestURI().getPath()).complete(form(body));
        });
        server.start();
        TestData.awaitReady();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop(0);
    }

    @Test
    void aBusyTargetGivesTheActionBusy() throws Exception {
        try (Sipp.Uas target = Sipp.farEndOn(5741, "uas-reject.xml", Map.of("CODE", "486"), 30)) {
            Map<String, String> action = call("7740",
                    "<Dial action=\"" + url("/busy") + "\"><Sip>sip:busy@127.0.0.1:5741</Sip></Dial>", "/busy", 20);
            assertEquals("busy", action.get("DialCallStatus"), action.toString());
            assertEquals("0", action.get("DialCallDuration"));
            assertTrue(action.get("DialCallSid").matches("CA[0-9a-f]{32}"), action.toString());
            assertTrue(target.await().succeeded());
        }
    }

    @Test
    void aTargetThatRingsPastTheTimeoutGivesNoAnswer() throws Exception {
        try (Sipp.Uas target = Sipp.farEndOn(5742, "uas-ring.xml", Map.of(), 30)) {
            Map<String, String> action = call("7741", "<Dial timeout=\"5\" action=\"" + url("/ring")
                    + "\" method=\"POST\"><Sip>sip:ring@127.0.0.1:5742</Sip></Dial>", "/ring", 25);
            assertEquals("no-answer", action.get("DialCallStatus"), action.toString());
            Sipp.Result cancelled = target.await();
            assertTrue(cancelled.succeeded(), "the target was not cancelled at the timeout:\n" + cancelled.output());
        }
    }

    @Test
    void anAnsweredTargetThatHangsUpGivesCompletedWithItsDuration() throws Exception {
        try (Sipp.Uas target = Sipp.farEndOn(5743, "uas-answer-hangup.xml", Map.of("HOLD_MS", "3000"), 30)) {
            Map<String, String> action = call("7742",
                    "<Dial action=\"" + url("/talked") + "\"><Sip>sip:talk@127.0.0.1:5743</Sip></Dial>", "/talked", 25);
            assertEquals("completed", action.get("DialCallStatus"), action.toString());
            int seconds = Integer.parseInt(action.get("DialCallDuration"));
            assertTrue(seconds >= 2 && seconds <= 5, "the bridged call lasted about 3 s: " + action);
            assertTrue(target.await().succeeded());
        }
    }

    @Test
    void recordFromAnswerRecordsTheDialledCallAndReportsItToTheRecordingCallback() throws Exception {
        try (Sipp.Uas target = Sipp.farEndOn(5748, "uas-answer-hangup.xml", Map.of("HOLD_MS", "3000"), 30)) {
            Map<String, String> action = call("7746", "<Dial record=\"record-from-answer\" recordingStatusCallback=\""
                    + url("/recorded") + "\" action=\"" + url("/talked") + "\"><Sip>sip:talk@127.0.0.1:5748</Sip></Dial>",
                    "/talked", 25);
            assertEquals("completed", action.get("DialCallStatus"), action.toString());
            Map<String, String> recorded = request("/recorded").get(20, TimeUnit.SECONDS);
            assertEquals("DialVerb", recorded.get("RecordingSource"), recorded.toString());
            assertEquals("completed", recorded.get("RecordingStatus"), recorded.toString());
            assertEquals(action.get("CallSid"), recorded.get("CallSid"), "the caller's call is the one recorded");
            int seconds = Integer.parseInt(recorded.get("RecordingDuration"));
            assertTrue(seconds >= 2 && seconds <= 4, "recorded from the answer to the far end's hang-up (3 s): " + recorded);
            api().get("/api/recordings/" + recorded.get("RecordingSid")).then().statusCode(200)
                    .body("source", org.hamcrest.Matchers.equalTo("dial"))
                    .body("callSid", org.hamcrest.Matchers.equalTo(action.get("CallSid")));
            assertTrue(target.await().succeeded());
        }
    }

    @Test
    void twoTargetsRingAtOnceAndTheFirstToAnswerWinsTheOtherIsCancelled() throws Exception {
        try (Sipp.Uas ringing = Sipp.farEndOn(5744, "uas-ring.xml", Map.of(), 30);
             Sipp.Uas answering = Sipp.farEndOn(5745, "uas-answer-hangup.xml", Map.of("HOLD_MS", "2000"), 30)) {
            Map<String, String> action = call("7743", "<Dial timeout=\"20\" action=\"" + url("/first") + "\">"
                    + "<Sip>sip:slow@127.0.0.1:5744</Sip><Sip>sip:quick@127.0.0.1:5745</Sip></Dial>", "/first", 25);
            assertEquals("completed", action.get("DialCallStatus"), action.toString());
            Sipp.Result cancelled = ringing.await();
            assertTrue(cancelled.succeeded(), "the other target was not cancelled:\n" + cancelled.output());
            assertTrue(answering.await().succeeded());
        }
    }

    @Test
    void theTimeLimitHangsUpTheDialledLegAndGivesCompleted() throws Exception {
        try (Sipp.Uas target = Sipp.farEndOn(5746, "uas-answer.xml", Map.of("RING_MS", "200", "CALLER", CALLER), 30)) {
            Map<String, String> action = call("7744", "<Dial timeLimit=\"2\" action=\"" + url("/limit") + "\">"
                    + "<Sip>sip:long@127.0.0.1:5746</Sip></Dial>", "/limit", 25);
            assertEquals("completed", action.get("DialCallStatus"), action.toString());
            int seconds = Integer.parseInt(action.get("DialCallDuration"));
            assertTrue(seconds >= 1 && seconds <= 3, "the time limit was 2 s: " + action);
            Sipp.Result bye = target.await();
            assertTrue(bye.succeeded(), "the dialled leg was not hung up at the time limit:\n" + bye.output());
        }
    }

    @Test
    void withoutAnActionTheFlowGoesOnWithTheNextVerb() throws Exception {
        try (Sipp.Uas target = Sipp.farEndOn(5747, "uas-reject.xml", Map.of("CODE", "486"), 30)) {
            Map<String, String> next = call("7745", "<Dial><Sip>sip:busy@127.0.0.1:5747</Sip></Dial>"
                    + "<Redirect>" + url("/next") + "</Redirect>", "/next", 20);
            assertEquals(null, next.get("DialCallStatus"), "the next verb's request is not the dial's action");
            assertTrue(target.await().succeeded());
        }
    }

    /**
     * Routes {@code number} to the stored document {@code verbs}, places a sipp call to it and returns the
     * parameters of the request to {@code path}; the caller must then be hung up by Callbridge.
     */
    private Map<String, String> call(String number, String verbs, String path, int seconds) throws Exception {
        data.flowRoute(number, new RouteFlow("<Response>" + verbs + "</Response>", null, null, null, null, null), "hangup");
        CompletableFuture<Sipp.Result> caller = Sipp.async(() -> Sipp.answeredCall(number, seconds));
        Map<String, String> parameters = request(path).get(seconds + 5, TimeUnit.SECONDS);
        Sipp.Result result = caller.get(seconds + 20, TimeUnit.SECONDS);
        assertTrue(result.succeeded(), "the caller was not hung up after the action:\n" + result.output());
        return parameters;
    }

    private CompletableFuture<Map<String, String>> request(String path) {
        return requests.computeIfAbsent(path, p -> new CompletableFuture<>());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
