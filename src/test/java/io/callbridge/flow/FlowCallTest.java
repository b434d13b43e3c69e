package io.callbridge.flow;

import static io.callbridge.testing.Api.api;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.call.RouteFlow;
import io.callbridge.flow.TwimlApp.Answer;
import io.callbridge.flow.TwimlApp.Request;
import io.callbridge.store.CallRecord;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestAgent;
import io.callbridge.testing.TestData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * TwiML flows on real calls: a sipp caller through Kamailio and Asterisk pressing RFC 4733 keys, a voice
 * application on a test web server that checks each request's X-Twilio-Signature, and the CDR each call leaves.
 */
@QuarkusTest
@TestProfile(FlowCallTest.Signed.class)
class FlowCallTest {

    static final String SECRET = "flow-test-auth-token";
    static final String CALLER = "+15550001111";

    /** Signs voice requests with {@link #SECRET}; webhook events are queued (to a receiver nobody runs). */
    public static class Signed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("callbridge.webhooks.secret", SECRET, "callbridge.webhooks.url", "http://127.0.0.1:9/hooks",
                    "quarkus.log.category.\"io.callbridge.flow\".level", "DEBUG");
        }
    }

    @Inject
    TestData data;

    @Inject
    TestAgent agent;

    @Inject
    EntityManager em;

    TwimlApp app;

    @BeforeEach
    void startApp() throws Exception {
        app = new TwimlApp(SECRET);
    }

    @AfterEach
    void stopApp() {
        app.close();
    }

    @ParameterizedTest
    @CsvSource({"1, 7720", "2, 7721"})
    void anIvrMenuIsWalkedOnEachBranch(String choice, String number) {
        app.on("/ivr", """
                <Response>
                  <Gather numDigits="1" action="/choice" timeout="5"><Pause length="1"/></Gather>
                  <Redirect>/ivr</Redirect>
                </Response>""");
        app.on("/choice", request -> Answer.twiml(switch (request.parameters().get("Digits")) {
            case "1" -> "<Response><Gather action=\"account\" method=\"GET\" timeout=\"5\"/></Response>";
            case "2" -> "<Response><Redirect method=\"GET\">/goodbye</Redirect></Response>";
            default -> "<Response><Redirect>/ivr</Redirect></Response>";
        }));
        app.on("/account", "<Response><Hangup/></Response>");
        app.on("/goodbye", "<Response><Pause length=\"1\"/></Response>");
        data.flowRoute(number, voiceUrl(app.url("/ivr"), null), "hangup");
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);

        // branch 1 asks for an account number: 4 5 #
        String keys = choice.equals("1") ? keys(2000, '1', 1500, '4', 1000, '5', 1000, '#') : keys(2000, '2');
        Sipp.Result caller = caller(5720, number, keys, 15000);
        assertTrue(caller.succeeded(), caller.output());

        List<Request> requests = app.requests();
        CallRecord cdr = data.awaitEnded(number, since);
        if (choice.equals("1")) {
            assertEquals(List.of("/ivr", "/choice", "/account"), app.paths());
            Request account = requests.get(2);
            assertEquals("GET", account.method());
            assertEquals("45", account.parameters().get("Digits"));
            assertEquals("#", account.parameters().get("FinishedOnKey"));
            assertEquals("completed", cdr.termination);
            assertEquals("<Hangup>", cdr.terminationReason);
        } else {
            assertEquals(List.of("/ivr", "/choice", "/goodbye"), app.paths());
            assertEquals("completed", cdr.termination);
            assertEquals("the TwiML document ended", cdr.terminationReason);
        }
        assertEquals("POST", requests.get(1).method());
        assertEquals(choice, requests.get(1).parameters().get("Digits"));
        Map<String, String> first = requests.getFirst().parameters();
        assertEquals(cdr.callSid, first.get("CallSid"));
        assertEquals(CALLER, first.get("From"));
        assertEquals(number, first.get("To"));
        assertEquals("inbound", first.get("Direction"));
        assertEquals("2010-04-01", first.get("ApiVersion"));
        assertTrue(first.get("AccountSid").startsWith("AC"), first.toString());
        assertEquals("ringing", first.get("CallStatus"), "the voice URL is asked before the call is answered");
        assertEquals("in-progress", requests.get(1).parameters().get("CallStatus"));
        for (Request r : requests) assertTrue(r.signatureValid(), "X-Twilio-Signature of " + r);
        assertNotNull(cdr.answeredAt);
    }

    @Test
    void invalidInputAndATimeoutAreRetried() {
        app.on("/retry", "<Response><Gather numDigits=\"1\" timeout=\"4\" action=\"/menu\"/><Hangup/></Response>");
        app.on("/menu", request -> Answer.twiml("8".equals(request.parameters().get("Digits"))
                ? "<Response><Hangup/></Response>" : "<Response><Redirect>/retry</Redirect></Response>"));
        String number = "7722";
        data.flowRoute(number, stored("<Response><Gather numDigits=\"1\" timeout=\"2\" action=\"" + app.url("/menu")
                + "\"/><Redirect>" + app.url("/retry") + "</Redirect></Response>"), "hangup");
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);

        // nothing for 3.5 s (the first menu times out after 2), then 3 (no such option), then 8
        Sipp.Result caller = caller(5721, number, keys(3500, '3', 2000, '8'), 15000);
        assertTrue(caller.succeeded(), caller.output());

        assertEquals(List.of("/retry", "/menu", "/retry", "/menu"), app.paths());
        assertEquals("3", app.requests().get(1).parameters().get("Digits"));
        assertEquals("8", app.requests().get(3).parameters().get("Digits"));
        CallRecord cdr = data.awaitEnded(number, since);
        assertEquals("completed", cdr.termination);
        assertEquals("<Hangup>", cdr.terminationReason);
    }

    @ParameterizedTest
    @CsvSource({"busy, 486, busy, 7723", "rejected, 603, rejected, 7724"})
    void rejectRefusesTheCallWithoutAnsweringIt(String reason, int sipCode, String termination, String number) {
        data.flowRoute(number, stored("<Response><Reject reason=\"" + reason + "\"/></Response>"), "hangup");
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);

        Sipp.Result caller = Sipp.from("127.0.0.1", 5722, "uac-rejected.xml", number,
                Map.of("CODE", String.valueOf(sipCode), "FROM", CALLER), List.of("-m", "1", "-mp", "5738"), 15);
        assertTrue(caller.succeeded(), "the caller sees " + sipCode + ":\n" + caller.output());

        CallRecord cdr = data.awaitEnded(number, since);
        assertEquals(termination, cdr.termination);
        assertEquals(sipCode, cdr.sipCode);
        assertNull(cdr.answeredAt, "never answered");
    }

    @Test
    void badTwimlPlaysTheNoticeAndFollowsTheFailurePolicy() {
        app.on("/voice", "<Response><Gather numDigits=\"many\"/></Response>");
        String number = "7725";
        data.flowRoute(number, voiceUrl(app.url("/voice"), null), "hangup");
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);

        Sipp.Result caller = caller(5723, number, "", 10000);
        assertTrue(caller.succeeded(), "the caller is answered (the notice) and hung up:\n" + caller.output());

        CallRecord cdr = data.awaitEnded(number, since);
        assertEquals("flow_failed", cdr.termination);
        assertTrue(cdr.terminationReason.contains("<Gather numDigits=\"many\">: numDigits"), cdr.terminationReason);
        JsonObject failed = flowFailedEvent(cdr.callSid);
        assertEquals(app.url("/voice"), failed.getString("source"));
        assertEquals(cdr.terminationReason, failed.getString("reason"));
    }

    @Test
    void anUnreachableVoiceUrlFallsBack() {
        // a <Hangup> first answers the call, then hangs up (Twilio's behaviour): the caller sees 200 then BYE
        app.on("/fallback", "<Response><Hangup/></Response>");
        String number = "7726";
        data.flowRoute(number, new RouteFlow(null, URI.create("http://127.0.0.1:9/voice"), "POST",
                URI.create(app.url("/fallback")), "POST", null), "hangup");
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);

        Sipp.Result caller = caller(5724, number, "", 10000);
        assertTrue(caller.succeeded(), caller.output());

        assertEquals(List.of("/fallback"), app.paths());
        assertTrue(app.requests().getFirst().signatureValid());
        CallRecord cdr = data.awaitEnded(number, since);
        assertEquals("completed", cdr.termination);
        assertEquals("<Hangup>", cdr.terminationReason);
    }

    @Test
    void aVoiceUrlSlowerThanItsTimeoutFails() {
        app.on("/slow", request -> new Answer(200, "<Response><Hangup/></Response>", Duration.ofSeconds(3)));
        String number = "7727";
        data.flowRoute(number, new RouteFlow(null, URI.create(app.url("/slow")), "GET", null, "POST",
                Duration.ofSeconds(1)), "hangup");
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);

        Sipp.Result caller = caller(5725, number, "", 10000);
        assertTrue(caller.succeeded(), caller.output());

        CallRecord cdr = data.awaitEnded(number, since);
        assertEquals("flow_failed", cdr.termination);
        assertTrue(cdr.terminationReason.endsWith("did not answer within 1000 ms"), cdr.terminationReason);
        assertEquals("GET", app.requests().getFirst().method());
        assertTrue(app.requests().getFirst().signatureValid(), "a GET is signed over its URL with the query");
    }

    @Test
    void aLiveCallIsRedirected() throws Exception {
        app.on("/moved", "<Response><Hangup/></Response>");
        String number = "7728";
        data.flowRoute(number, stored("<Response><Gather timeout=\"60\"/></Response>"), "hangup");
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);

        CompletableFuture<Sipp.Result> caller = Sipp.async(() -> caller(5726, number, "", 30000));
        String callSid = awaitAnsweredCallTo(number);
        api().body(Map.of("url", app.url("/moved"))).post("/api/calls/" + callSid).then().statusCode(202);

        Sipp.Result result = caller.get();
        assertTrue(result.succeeded(), result.output());
        Request moved = app.await(r -> r.path().equals("/moved"), Duration.ofSeconds(5));
        assertEquals(callSid, moved.parameters().get("CallSid"));
        assertTrue(moved.signatureValid());
        CallRecord cdr = data.awaitEnded(number, since);
        assertEquals("completed", cdr.termination);
        assertEquals("<Hangup>", cdr.terminationReason);
        assertTrue(Duration.between(cdr.answeredAt, cdr.endedAt).toSeconds() < 20, "long before the Gather's timeout");
    }

    @Test
    void connectStreamsToAnAgentAndTheFlowGoesOnWhenItEnds() throws Exception {
        agent.reset();
        app.on("/after", "<Response><Hangup/></Response>");
        String number = "7729";
        data.flowRoute(number, stored("<Response><Connect action=\"" + app.url("/after") + "\"><Stream url=\""
                + agent.url("/flow") + "\"><Parameter name=\"lang\" value=\"de\"/></Stream></Connect></Response>"), "hangup");
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);

        CompletableFuture<Sipp.Result> caller = Sipp.async(() -> caller(5727, number, "", 20000));
        TestAgent.Session bot = agent.awaitSession(Duration.ofSeconds(10));
        JsonObject start = bot.nextEvent("start", Duration.ofSeconds(5)).json().getJsonObject("start");
        assertEquals("de", start.getJsonObject("customParameters").getString("lang"));
        bot.close();

        Sipp.Result result = caller.get();
        assertTrue(result.succeeded(), result.output());
        assertEquals(List.of("/after"), app.paths());
        CallRecord cdr = data.awaitEnded(number, since);
        assertEquals("completed", cdr.termination, "the agent's end did not end the call: the flow did");
        assertEquals("<Hangup>", cdr.terminationReason);
    }

    private String awaitAnsweredCallTo(String number) {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<Map<String, Object>> calls = api().get("/api/calls/active").then().statusCode(200)
                    .extract().jsonPath().getList("items");
            return calls.stream().filter(c -> number.equals(c.get("to")) && "answered".equals(c.get("state")))
                    .map(c -> (String) c.get("callSid")).findFirst().orElse(null);
        }, sid -> sid != null);
    }

    @SuppressWarnings("unchecked")
    private JsonObject flowFailedEvent(String callSid) {
        String payload = Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            List<String> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                    "select payload from webhook_outbox where call_sid = ?1 and event_type = 'flow.failed'")
                    .setParameter(1, callSid).getResultList());
            return rows.isEmpty() ? null : rows.getFirst();
        }, p -> p != null);
        return new JsonObject(payload).getJsonObject("data");
    }

    private static RouteFlow stored(String twiml) {
        return new RouteFlow(twiml, null, "POST", null, "POST", null);
    }

    private static RouteFlow voiceUrl(String url, String fallback) {
        return new RouteFlow(null, URI.create(url), "POST", fallback == null ? null : URI.create(fallback), "POST", null);
    }

    /**
     * A caller on SIP port {@code port} (5720-5727) that presses {@code keys} and waits {@code holdMillis} for our BYE.
     * Its RTP port is its own (5730-5737 in pairs), so a caller left running by a failed test blocks no other.
     */
    private static Sipp.Result caller(int port, String number, String keys, int holdMillis) {
        return Sipp.from("127.0.0.1", port, "uac-keys.xml", number,
                Map.of("KEYS", keys, "HOLD_MS", String.valueOf(holdMillis)),
                List.of("-m", "1", "-mp", String.valueOf(5730 + 2 * ((port - 5720) % 5))), holdMillis / 1000 + 20);
    }

    /**
     * sipp steps: an Integer pauses that many milliseconds, a Character plays that key (RFC 4733). sipp's samples
     * carry RTP sequence numbers that grow in the order 1 … 9, *, #, 0 and Asterisk drops a key whose packets are
     * older than the last key's: a caller presses them in that order.
     */
    static String keys(Object... steps) {
        StringBuilder xml = new StringBuilder();
        for (Object step : steps) {
            if (step instanceof Integer millis) {
                xml.append("  <pause milliseconds=\"").append(millis).append("\"/>\n");
            } else {
                char key = (Character) step;
                String name = key == '#' ? "pound" : key == '*' ? "star" : String.valueOf(key);
                xml.append("  <nop><action><exec play_pcap_audio=\"pcap/dtmf_2833_").append(name)
                        .append(".pcap\"/></action></nop>\n");
            }
        }
        return xml.toString();
    }
}
