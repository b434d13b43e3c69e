package io.callbridge.call;

import static io.callbridge.testing.Api.api;
import static io.callbridge.testing.Api.problem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.Api;
import io.callbridge.testing.HookReceiver;
import io.callbridge.testing.HookReceiver.Hook;
import io.callbridge.testing.Metrics;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Outbound calls on the real path: POST /api/calls/initiate → this app over ARI → Asterisk → its
 * {@code outbound} endpoint → a sipp UAS on 127.0.0.1:5070 as the far end. Webhooks and status callbacks
 * go to a receiver in the test.
 */
@QuarkusTest
@TestProfile(OutboundCallTest.Receiver.class)
class OutboundCallTest {

    static final int PORT = 18098;
    static final String HOOKS = "http://127.0.0.1:" + PORT + "/hooks";
    static final String ROUTE = "7101";
    static final String FROM = "+15550001000";
    static final String SECRET = "whsec_outbound_test";

    public static class Receiver implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("callbridge.webhooks.url", HOOKS, "callbridge.webhooks.secret", SECRET,
                    "callbridge.webhooks.poll-interval", "200ms",
                    "callbridge.webhooks.min-backoff", "300ms",
                    "callbridge.agent.connect-timeout", "1s",
                    "callbridge.agent.reconnect-window", "1s",
                    // transfers ring this long: a target that does not answer is given up within a test
                    "callbridge.outbound.ring-timeout", "5s");
        }
    }

    @Inject
    TestData data;

    @Inject
    Vertx vertx;

    HookReceiver receiver;

    @BeforeEach
    void ready() throws Exception {
        data.ensureRoute(ROUTE);
        receiver = new HookReceiver(vertx, PORT);
        TestData.awaitReady();
    }

    @AfterEach
    void stop() throws Exception {
        receiver.close();
    }

    @Test
    void answeredCallIsBridgedToItsAgentHungUpThroughTheApiAndReported() {
        try (Sipp.Uas farEnd = Sipp.farEnd("uas-answer.xml", Map.of("RING_MS", "500", "CALLER", FROM), 30)) {
            String to = "+15550002001";
            double requestsBefore = Metrics.sum("callbridge_ari_requests_total", "outcome=\"success\"");
            String callSid = initiate(Map.of("to", to, "from", FROM, "route", ROUTE,
                    "statusCallback", "http://127.0.0.1:" + PORT + "/status/answered",
                    "statusCallbackEvent", List.of("initiated", "ringing", "answered", "completed")));

            await().atMost(Duration.ofSeconds(10)).until(() -> data.call(callSid).answeredAt != null);
            sleep(2500); // the far end talks to the echo agent
            api().post("/api/calls/" + callSid + "/hangup").then().statusCode(202);

            Sipp.Result uas = farEnd.await();
            assertTrue(uas.succeeded(), "the far end did not see ring, answer and BYE:\n" + uas.output());
            CallRecord cdr = data.awaitEndedCall(callSid, 10);
            assertEquals("outbound", cdr.direction);
            assertEquals(FROM, cdr.fromNumber);
            assertEquals(to, cdr.toNumber);
            assertEquals(ROUTE, cdr.route);
            assertEquals("completed", cdr.termination);
            assertEquals(200, cdr.sipCode);
            assertEquals(TestData.ECHO_AGENT, cdr.agentUrl);
            assertTrue(cdr.packetsIn > 50, "far end audio reached the agent: " + cdr.packetsIn);
            assertTrue(cdr.packetsOut > 50, "agent audio reached the far end: " + cdr.packetsOut);
            assertNotNull(cdr.firstAudioMs, "the echo agent spoke");
            assertTrue(Duration.between(cdr.answeredAt, cdr.endedAt).toMillis() >= 2500);
            // The channel created (marked as ours) and dialed; once answered the externalMedia leg, the bridge
            // and both legs into it in one request; at the end the bridge, the leg, the caller leg's last RTP
            // statistics and the call's channel.
            assertEquals(requestsBefore + 9, Metrics.sum("callbridge_ari_requests_total", "outcome=\"success\""),
                    "ARI requests of one outbound call hung up through the API");

            List<Hook> events = receiver.await(h -> h.path().equals("/hooks") && callSid.equals(callSidOf(h)), 4,
                    Duration.ofSeconds(10));
            assertEquals(List.of("call.initiated", "call.ringing", "call.answered", "call.completed"),
                    events.stream().map(h -> h.json().getString("type")).toList());
            assertEquals("outbound", events.getFirst().json().getJsonObject("data").getString("direction"));
            // the app hung up: the caller leg's figures are a sample taken just before, sent with call.completed
            var caller = events.getLast().json().getJsonObject("data").getJsonObject("callerQuality");
            assertNotNull(caller, "call.completed carries the caller leg's quality");
            assertTrue(caller.getLong("packetsIn") > 50, caller.encode());
            assertEquals(0.0, caller.getDouble("lossInPercent"));
            assertTrue(caller.getDouble("mos") >= 4.3, caller.encode());
            assertNull(caller.getValue("rttMs"), "sipp sends no RTCP: no round-trip time, not 0");
            assertEquals(cdr.callerMos, caller.getDouble("mos"));
            assertTrue(Duration.between(cdr.callerQualityAt, cdr.endedAt).toMillis() < 1000,
                    "sampled at the hangup: " + cdr.callerQualityAt + ", ended " + cdr.endedAt);

            List<Hook> status = receiver.await(h -> h.path().equals("/status/answered"), 4, Duration.ofSeconds(10));
            assertEquals(List.of("initiated", "ringing", "in-progress", "completed"),
                    status.stream().map(h -> h.form().get("CallStatus")).toList());
            assertEquals(List.of("0", "1", "2", "3"), status.stream().map(h -> h.form().get("SequenceNumber")).toList());
            assertTrue(status.getFirst().form().get("Timestamp").matches("\\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000"),
                    status.getFirst().form().get("Timestamp"));
            Map<String, String> completed = status.getLast().form();
            assertEquals("application/x-www-form-urlencoded", status.getLast().contentType());
            assertEquals(callSid, completed.get("CallSid"));
            assertEquals(FROM, completed.get("From"));
            assertEquals(to, completed.get("To"));
            assertEquals("outbound-api", completed.get("Direction"));
            assertEquals("200", completed.get("SipResponseCode"));
            assertTrue(Integer.parseInt(completed.get("CallDuration")) >= 2, completed.toString());
            for (Hook h : status) {
                assertEquals(twilioSignature("http://127.0.0.1:" + PORT + "/status/answered", h.form()),
                        h.headers().get("x-twilio-signature"), "Twilio's request validation accepts it");
            }
        }
    }

    @Test
    void busyFarEndEndsAsBusyWith486() {
        try (Sipp.Uas farEnd = Sipp.farEnd("uas-reject.xml", Map.of("CODE", "486"), 20)) {
            String callSid = initiate(Map.of("to", "+15550002002", "from", FROM, "route", ROUTE,
                    "statusCallback", "http://127.0.0.1:" + PORT + "/status/busy"));

            assertTrue(farEnd.await().succeeded());
            CallRecord cdr = data.awaitEndedCall(callSid, 10);
            assertEquals("busy", cdr.termination);
            assertEquals(486, cdr.sipCode);
            assertNull(cdr.answeredAt);
            Map<String, String> status = receiver.await(h -> h.path().equals("/status/busy"), 1, Duration.ofSeconds(10))
                    .getFirst().form();
            assertEquals("busy", status.get("CallStatus"), "only completed is sent by default: " + status);
            assertEquals("486", status.get("SipResponseCode"));
            assertEquals("0", status.get("SequenceNumber"), "the first callback sent for the call");
            assertEquals("0", status.get("CallDuration"));
        }
    }

    @Test
    void statusCallbacksAskedWithGetCarryTheirFieldsInTheSignedQuery() {
        try (Sipp.Uas farEnd = Sipp.farEnd("uas-reject.xml", Map.of("CODE", "486"), 20)) {
            String callSid = initiate(Map.of("to", "+15550002011", "from", FROM, "route", ROUTE,
                    "statusCallback", "http://127.0.0.1:" + PORT + "/status/get?tenant=a", "statusCallbackMethod", "GET"));

            assertTrue(farEnd.await().succeeded());
            Hook status = receiver.await(h -> h.path().equals("/status/get"), 1, Duration.ofSeconds(10)).getFirst();
            assertEquals("GET", status.method());
            assertEquals("", status.body());
            Map<String, String> query = new Hook("", null, Map.of(), status.query(), 0, "GET", null).form();
            assertEquals("a", query.get("tenant"), "the URL's own query is kept");
            assertEquals(callSid, query.get("CallSid"));
            assertEquals("busy", query.get("CallStatus"));
            assertEquals(twilioSignature("http://127.0.0.1:" + PORT + "/status/get?" + status.query(), Map.of()),
                    status.headers().get("x-twilio-signature"), "Twilio signs a GET over its whole URL");
        }
    }

    @Test
    void aSlowStatusCallbackHoldsUpNoOtherReceiver() {
        try (Sipp.Uas farEnd = Sipp.farEnd("uas-reject.xml", Map.of("CODE", "486"), 20)) {
            String callSid = initiate(Map.of("to", "+15550002010", "from", FROM, "route", ROUTE,
                    "statusCallback", "http://127.0.0.1:" + PORT + HookReceiver.SLOW + "/cb",
                    "statusCallbackEvent", List.of("initiated", "ringing", "completed")));

            assertTrue(farEnd.await().succeeded());
            data.awaitEndedCall(callSid, 10);
            long ended = System.nanoTime();
            // The webhook receiver has the call's last event (so every one before it: a receiver's events of a
            // call go out in order) while the slow one still sits on its first callback. Not a count of events:
            // call.ringing rests on the far end's 180 (over UDP, not resent if lost), and a loaded CI machine
            // once went without it.
            receiver.await(h -> callSid.equals(callSidOf(h)) && "call.completed".equals(h.json().getString("type")), 1,
                    Duration.ofSeconds(3));
            assertTrue(Duration.ofNanos(System.nanoTime() - ended).toMillis() < HookReceiver.SLOW_MILLIS);
            assertEquals(1, receiver.all(h -> h.path().startsWith(HookReceiver.SLOW) && h.body().contains(callSid)).size(),
                    "the next status callback waits for the one before");
        }
    }

    @Test
    void failingFarEndEndsAsFailedWithItsCode() {
        try (Sipp.Uas farEnd = Sipp.farEnd("uas-reject.xml", Map.of("CODE", "503"), 20)) {
            String callSid = initiate(Map.of("to", "+15550002003", "from", FROM, "route", ROUTE,
                    "statusCallback", "http://127.0.0.1:" + PORT + "/status/failed"));

            assertTrue(farEnd.await().succeeded());
            CallRecord cdr = data.awaitEndedCall(callSid, 10);
            assertEquals("failed", cdr.termination, cdr.terminationReason);
            assertEquals(503, cdr.sipCode);
            assertFinalStatus("/status/failed", "failed", "503");
        }
    }

    @Test
    void unansweredCallIsCancelledAfterItsTimeoutAsNoAnswer() {
        try (Sipp.Uas farEnd = Sipp.farEnd("uas-ring.xml", Map.of(), 20)) {
            String callSid = initiate(Map.of("to", "+15550002004", "from", FROM, "route", ROUTE, "timeoutSeconds", 2,
                    "statusCallback", "http://127.0.0.1:" + PORT + "/status/no-answer"));

            Sipp.Result uas = farEnd.await();
            assertTrue(uas.succeeded(), "the far end was not cancelled:\n" + uas.output());
            CallRecord cdr = data.awaitEndedCall(callSid, 10);
            assertEquals("no_answer", cdr.termination, "it rang: " + cdr.terminationReason);
            assertEquals("not answered in 2 s", cdr.terminationReason);
            assertEquals(487, cdr.sipCode);
            assertTrue(Duration.between(cdr.startedAt, cdr.endedAt).toMillis() >= 2000);
            assertFinalStatus("/status/no-answer", "no-answer", "487");
        }
    }

    @Test
    void hangupBeforeAnswerCancelsTheCall() {
        try (Sipp.Uas farEnd = Sipp.farEnd("uas-ring.xml", Map.of(), 20)) {
            String callSid = initiate(Map.of("to", "+15550002005", "from", FROM, "route", ROUTE,
                    "statusCallback", "http://127.0.0.1:" + PORT + "/status/canceled"));
            receiver.await(h -> callSid.equals(callSidOf(h)) && "call.ringing".equals(h.json().getString("type")), 1,
                    Duration.ofSeconds(10));

            api().post("/api/calls/" + callSid + "/hangup").then().statusCode(202);

            assertTrue(farEnd.await().succeeded());
            CallRecord cdr = data.awaitEndedCall(callSid, 10);
            assertEquals("canceled", cdr.termination);
            assertEquals(487, cdr.sipCode);
            assertFinalStatus("/status/canceled", "canceled", "487");
            problem(api().post("/api/calls/" + callSid + "/hangup"), 409);
        }
    }

    @Test
    void adHocAgentTalksToTheFarEnd() {
        try (Sipp.Uas farEnd = Sipp.farEnd("uas-answer-hangup.xml", Map.of("HOLD_MS", "2000"), 20)) {
            String callSid = initiate(Map.of("to", "sip:alice@127.0.0.1:5070", "from", FROM,
                    "agent", Map.of("url", TestData.ECHO_AGENT, "protocol", "twilio")));

            assertTrue(farEnd.await().succeeded());
            CallRecord cdr = data.awaitEndedCall(callSid, 10);
            assertEquals("caller_hangup", cdr.termination, "the far end hung up");
            assertNull(cdr.route);
            assertEquals(TestData.ECHO_AGENT, cdr.agentUrl);
            assertTrue(cdr.packetsIn > 50 && cdr.packetsOut > 50, cdr.packetsIn + " in, " + cdr.packetsOut + " out");
        }
    }

    @Test
    void aCallOverTheInstanceCapIsNotPlaced() {
        try (Sipp.Uas farEnd = Sipp.farEnd("uas-ring.xml", Map.of(), 20)) {
            api().body(Map.of("calls.maxConcurrentCalls", 1)).put("/api/config").then().statusCode(200);
            try {
                String first = initiate(Map.of("to", "+15550002008", "from", FROM, "route", ROUTE));
                problem(api().body(Map.of("to", "+15550002009", "from", FROM, "route", ROUTE)).post("/api/calls/initiate"), 409)
                        .body("detail", org.hamcrest.Matchers.containsString("calls.maxConcurrentCalls"));
                api().post("/api/calls/" + first + "/hangup").then().statusCode(202);
                assertTrue(farEnd.await().succeeded());
            } finally {
                Map<String, Object> reset = new HashMap<>();
                reset.put("calls.maxConcurrentCalls", null);
                api().body(reset).put("/api/config").then().statusCode(200);
            }
        }
    }

    @Test
    void invalidRequestsNameEveryBadField() {
        problem(api().body(Map.of("to", "12345", "from", "x", "route", ROUTE, "agent", Map.of("url", "ws://a"),
                "timeoutSeconds", 0, "statusCallback", "ftp://x")).post("/api/calls/initiate"), 400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("to", "from", "route", "timeoutSeconds", "statusCallback"));
        problem(api().body(Map.of("to", "+15550002006", "from", FROM, "route", "no-such-route"))
                .post("/api/calls/initiate"), 400).body("errors[0].field", equalTo("route"));
        problem(api().body(Map.of("to", "+15550002006", "from", FROM, "agent", Map.of("url", "http://x", "protocol", "smoke")))
                .post("/api/calls/initiate"), 400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("agent.url", "agent.protocol"));
        problem(api().body(Map.of("to", "sip:a@b&PJSIP/other", "from", FROM, "route", ROUTE))
                .post("/api/calls/initiate"), 400).body("errors[0].field", equalTo("to"));
        problem(api().body("{\"to\":\"+15550002006\",\"from\":\"" + FROM + "\",\"route\":\"" + ROUTE + "\",\"colour\":1}")
                .post("/api/calls/initiate"), 400);
        problem(api().body("{\"to\":").post("/api/calls/initiate"), 400);
        // wrong JSON types are a 400 naming the field, never a 500
        problem(api().body("{\"to\":\"+15550002006\",\"from\":\"" + FROM + "\",\"route\":\"" + ROUTE
                + "\",\"timeoutSeconds\":\"soon\"}").post("/api/calls/initiate"), 400)
                .body("errors[0].field", equalTo("timeoutSeconds"));
        problem(api().body("{\"to\":\"+15550002006\",\"from\":\"" + FROM + "\",\"agent\":\"ws://x\"}")
                .post("/api/calls/initiate"), 400).body("errors[0].field", equalTo("agent"));
        problem(api().body("{\"to\":\"+15550002006\",\"from\":\"" + FROM + "\",\"route\":\"" + ROUTE
                + "\",\"statusCallback\":\"http://x.example/s\",\"statusCallbackEvent\":[\"hangup\"]}")
                .post("/api/calls/initiate"), 400).body("errors[0].field", equalTo("statusCallbackEvent"));
        problem(given().contentType("application/json").body(Map.of("to", "+15550002006")).post("/api/calls/initiate"), 401);
    }

    @Test
    void transferOfUnknownUnansweredOrInvalidIsRefused() {
        problem(api().body(Map.of("to", "+15550003000")).post("/api/calls/CA00000000000000000000000000000000/transfer"), 404);
        problem(api().body(Map.of("to", "not a number")).post("/api/calls/CA00000000000000000000000000000000/transfer"), 400)
                .body("errors[0].field", equalTo("to"));
        try (Sipp.Uas farEnd = Sipp.farEnd("uas-ring.xml", Map.of(), 20)) {
            String callSid = initiate(Map.of("to", "+15550002007", "from", FROM, "route", ROUTE));
            problem(api().body(Map.of("to", "+15550003000")).post("/api/calls/" + callSid + "/transfer"), 409);
            api().post("/api/calls/" + callSid + "/hangup").then().statusCode(202);
            assertTrue(farEnd.await().succeeded());
            data.awaitEndedCall(callSid, 10);
            problem(api().body(Map.of("to", "+15550003000")).post("/api/calls/" + callSid + "/transfer"), 409);
        }
    }

    @Test
    void transferredCallTalksToTheTargetUntilItHangsUp() throws Exception {
        try (Sipp.Uas target = Sipp.farEnd("uas-answer-hangup.xml", Map.of("HOLD_MS", "1500"), 30)) {
            // an inbound caller, answered by the route's agent, that waits for Callbridge to hang up
            CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.answeredCall(ROUTE, 20));
            String callSid = answeredInboundCall();

            api().body(Map.of("to", "+15550003001")).post("/api/calls/" + callSid + "/transfer").then().statusCode(202);

            Sipp.Result answered = target.await();
            assertTrue(answered.succeeded(), "the target did not answer and hang up:\n" + answered.output());
            Sipp.Result callerResult = caller.get(20, TimeUnit.SECONDS);
            assertTrue(callerResult.succeeded(), "the caller was not hung up after the target left:\n" + callerResult.output());
            CallRecord cdr = data.awaitEndedCall(callSid, 10);
            assertEquals("transferred", cdr.termination);
            assertTrue(cdr.terminationReason.contains("+15550003001"), cdr.terminationReason);
            assertEquals(200, cdr.sipCode);
            Hook transferred = receiver.await(h -> callSid.equals(callSidOf(h))
                    && "call.transferred".equals(h.json().getString("type")), 1, Duration.ofSeconds(10)).getFirst();
            assertEquals("answered", transferred.json().getJsonObject("data").getString("outcome"));
            assertEquals("+15550003001", transferred.json().getJsonObject("data").getString("transferTo"));
        }
    }

    @Test
    void ofTwoTransfersAtOnceExactlyOneIsTaken() throws Exception {
        try (Sipp.Uas target = Sipp.farEnd("uas-answer-hangup.xml", Map.of("HOLD_MS", "1000"), 30)) {
            CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.answeredCall(ROUTE, 20));
            String callSid = answeredInboundCall();

            // Threads of their own: the common pool may have a single worker, busy with the caller's sipp.
            List<Integer> statuses;
            try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                List<CompletableFuture<Integer>> both = List.of("+15550003004", "+15550003005").stream()
                        .map(to -> CompletableFuture.supplyAsync(() -> api().body(Map.of("to", to))
                                .post("/api/calls/" + callSid + "/transfer").statusCode(), threads))
                        .toList();
                statuses = both.stream().map(CompletableFuture::join).sorted().toList();
            }

            assertEquals(List.of(202, 409), statuses);
            assertTrue(target.await().succeeded());
            assertTrue(caller.get(20, TimeUnit.SECONDS).succeeded());
            assertEquals("transferred", data.awaitEndedCall(callSid, 10).termination);
        }
    }

    @Test
    void transferToABusyTargetEndsTheCallAsTransferFailed() throws Exception {
        try (Sipp.Uas target = Sipp.farEnd("uas-reject.xml", Map.of("CODE", "486"), 30)) {
            CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.answeredCall(ROUTE, 20));
            String callSid = answeredInboundCall();

            api().body(Map.of("to", "sip:desk@127.0.0.1:5070")).post("/api/calls/" + callSid + "/transfer")
                    .then().statusCode(202);

            assertTrue(target.await().succeeded());
            assertTrue(caller.get(20, TimeUnit.SECONDS).succeeded());
            CallRecord cdr = data.awaitEndedCall(callSid, 10);
            assertEquals("transfer_failed", cdr.termination, cdr.terminationReason);
            Hook transferred = receiver.await(h -> callSid.equals(callSidOf(h))
                    && "call.transferred".equals(h.json().getString("type")), 1, Duration.ofSeconds(10)).getFirst();
            assertEquals("busy", transferred.json().getJsonObject("data").getString("outcome"));
            assertEquals(486, transferred.json().getJsonObject("data").getInteger("sipCode"));
        }
    }

    @Test
    void aCallWhoseAgentFailsIsForwardedToTheRoutesFallback() {
        String number = "7102";
        data.routeWithFallback(number, "ws://127.0.0.1:1/nobody-listens", "+15550003002");
        java.time.OffsetDateTime since = java.time.OffsetDateTime.now().minusSeconds(1);
        try (Sipp.Uas fallback = Sipp.farEnd("uas-answer-hangup.xml", Map.of("HOLD_MS", "1000"), 30)) {
            Sipp.Result caller = Sipp.answeredCall(number, 20);

            assertTrue(caller.succeeded(), caller.output());
            Sipp.Result answered = fallback.await();
            assertTrue(answered.succeeded(), "the fallback number did not get the call:\n" + answered.output());
            CallRecord cdr = data.awaitEnded(number, since);
            assertEquals("transferred", cdr.termination, cdr.terminationReason);
            assertTrue(cdr.terminationReason.contains("+15550003002"), cdr.terminationReason);
        }
    }

    @Test
    void aCallerWhoHangsUpWhileTheTargetRingsCancelsTheTransfer() throws Exception {
        try (Sipp.Uas target = Sipp.farEnd("uas-ring.xml", Map.of(), 30)) {
            CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.talkingCall(ROUTE, 3000));
            String callSid = answeredInboundCall();

            api().body(Map.of("to", "+15550003003")).post("/api/calls/" + callSid + "/transfer").then().statusCode(202);

            assertTrue(caller.get(20, TimeUnit.SECONDS).succeeded());
            Sipp.Result cancelled = target.await();
            assertTrue(cancelled.succeeded(), "the ringing target was not cancelled:\n" + cancelled.output());
            CallRecord cdr = data.awaitEndedCall(callSid, 10);
            assertEquals("caller_hangup", cdr.termination);
            Hook transferred = receiver.await(h -> callSid.equals(callSidOf(h))
                    && "call.transferred".equals(h.json().getString("type")), 1, Duration.ofSeconds(10)).getFirst();
            assertEquals("canceled", transferred.json().getJsonObject("data").getString("outcome"));
        }
    }

    /** The one status callback at {@code path} (completed only, the default): Twilio's final status and code. */
    private void assertFinalStatus(String path, String callStatus, String sipCode) {
        Map<String, String> status = receiver.await(h -> h.path().equals(path), 1, Duration.ofSeconds(10))
                .getFirst().form();
        assertEquals(callStatus, status.get("CallStatus"), status.toString());
        assertEquals(sipCode, status.get("SipResponseCode"), status.toString());
        assertEquals("0", status.get("CallDuration"), status.toString());
    }

    /** The callSid of the inbound call to ROUTE in progress, once answered. */
    private String answeredInboundCall() {
        return (String) await().atMost(Duration.ofSeconds(10))
                .until(() -> Api.answeredCallTo(ROUTE), c -> c != null).get("callSid");
    }

    private String initiate(Map<String, Object> body) {
        return api().body(new HashMap<>(body)).post("/api/calls/initiate")
                .then().statusCode(201)
                .header("Location", matchesPattern(".*/api/calls/CA[0-9a-f]{32}"))
                .body("direction", equalTo("outbound"))
                .extract().path("callSid");
    }

    /** Twilio's scheme, written here from its documentation: base64(HMAC-SHA1(token, url + sorted name+value)). */
    private static String twilioSignature(String url, Map<String, String> fields) {
        StringBuilder data = new StringBuilder(url);
        new java.util.TreeMap<>(fields).forEach((k, v) -> data.append(k).append(v));
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
            mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA1"));
            return java.util.Base64.getEncoder().encodeToString(
                    mac.doFinal(data.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String callSidOf(Hook h) {
        if (!h.path().equals("/hooks")) return null;
        var data = h.json().getJsonObject("data");
        return data == null ? null : data.getString("callSid");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
