package io.callbridge.sms;

import static io.callbridge.testing.Api.api;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.HookReceiver;
import io.callbridge.testing.SipFixtures;
import io.callbridge.testing.WebhookSignature;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The messaging webhook's retries and its JSON format, and the events of a message (sms.received, sms.status,
 * the signed statusCallback), with inbound messages sent through Kamailio. Numbers 7505-7509 (besides
 * {@link SmsLimitsTest}'s), local SIP port 5505 and HTTP port 18505 belong to this test.
 */
@QuarkusTest
@TestProfile(SmsWebhookTest.Profile.class)
class SmsWebhookTest {

    static final String TOKEN = "sms-webhook-test-auth-token";
    static final String SECRET = "whsec_sms_webhook_test";
    static final int HOOKS_PORT = 18505;
    static final int RAW_PORT = 5505;
    static final String HOOKS = "http://127.0.0.1:" + HOOKS_PORT;

    /** The events' receiver and secret, the agents' token; three webhook attempts, 300 ms apart at first. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("callbridge.agent.auth-token", TOKEN,
                    "callbridge.webhooks.url", HOOKS + "/hooks",
                    "callbridge.webhooks.secret", SECRET,
                    "callbridge.webhooks.poll-interval", "200ms",
                    "callbridge.sms.max-attempts", "3",
                    "callbridge.sms.min-backoff", "300ms");
        }
    }

    @Inject
    SipFixtures sip;

    @Inject
    Vertx vertx;

    HookReceiver hooks;

    @BeforeEach
    void setUp() throws Exception {
        sip.trust("127.0.0.1", RAW_PORT);
        hooks = new HookReceiver(vertx, HOOKS_PORT);
    }

    @AfterEach
    void tearDown() throws Exception {
        hooks.close();
        sip.distrust("127.0.0.1", RAW_PORT);
        api().delete("/api/sms/numbers/7505");
        api().delete("/api/sms/numbers/7506");
    }

    /** 500, 500, then 200: delivered on the third attempt, each attempt later than the one before by the backoff. */
    @Test
    void aFailingWebhookIsRetriedWithBackoffUntilItTakesTheMessage() throws Exception {
        hooks.answer("/flaky", 500, 500, 200);
        hooks.answer("/down", 503);
        api().body(Map.of("url", HOOKS + "/flaky")).put("/api/sms/numbers/7505").then().statusCode(200);
        api().body(Map.of("url", HOOKS + "/down")).put("/api/sms/numbers/7506").then().statusCode(200);
        assertEquals(202, RawMessage.code(RawMessage.send(RAW_PORT, "+15550107505", "7505", "text/plain", bytes("retry me"))));
        assertEquals(202, RawMessage.code(RawMessage.send(RAW_PORT, "+15550107505", "7506", "text/plain", bytes("never taken"))));
        String flaky = hooks.await(h -> h.path().equals("/flaky"), 1, Duration.ofSeconds(15)).getFirst().form().get("MessageSid");
        String down = hooks.await(h -> h.path().equals("/down"), 1, Duration.ofSeconds(15)).getFirst().form().get("MessageSid");

        JsonPath taken = awaitWebhook(flaky);
        assertEquals("delivered", taken.getString("webhookStatus"), taken.prettify());
        assertEquals(List.of(500, 500, 200), taken.getList("attemptList.code"), taken.prettify());
        List<OffsetDateTime> at = taken.<String>getList("attemptList.at").stream().map(OffsetDateTime::parse).toList();
        assertTrue(Duration.between(at.get(0), at.get(1)).toMillis() >= 300, "300 ms after the first: " + at);
        assertTrue(Duration.between(at.get(1), at.get(2)).toMillis() >= 600, "then doubled: " + at);
        assertEquals(3, hooks.all(h -> h.path().equals("/flaky")).size(), "not delivered again once taken");

        JsonPath refused = awaitWebhook(down);
        assertEquals("failed", refused.getString("webhookStatus"), refused.prettify());
        assertEquals(List.of(503, 503, 503), refused.getList("attemptList.code"), "max-attempts, then given up");
        assertEquals("received", refused.getString("status"), "the message itself stays in history");
    }

    /** A json agent gets the message signed with Callbridge-Signature, and its {"reply"} is queued as the answer. */
    @Test
    void aJsonAgentGetsTheMessageSignedAndItsReplyIsQueued() throws Exception {
        try (SmsAgent agent = new SmsAgent()) {
            agent.answer("application/json", "{\"reply\": \"pong ✓\"}");
            api().body(Map.of("url", agent.url(), "format", "json")).put("/api/sms/numbers/7505").then().statusCode(200);
            assertEquals(202, RawMessage.code(RawMessage.send(RAW_PORT, "+15550107507", "7505",
                    "text/plain;charset=UTF-8", bytes("ping é"))));
            SmsAgent.Request hook = agent.await(1);
            assertTrue(hook.contentType().startsWith("application/json"), hook.contentType());
            assertTrue(WebhookSignature.verify(TOKEN, hook.callbridgeSignature(), hook.body()), "Callbridge-Signature: " + hook);
            JsonObject m = new JsonObject(hook.body());
            assertTrue(m.getString("messageSid").matches("SM[0-9a-f]{32}"), m.encode());
            assertEquals("+15550107507", m.getString("from"));
            assertEquals("7505", m.getString("to"));
            assertEquals("ping é", m.getString("body"));
            assertTrue(m.getString("accountSid").startsWith("AC"), m.encode());

            JsonPath reply = Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> api()
                    .queryParam("number", "+15550107507").queryParam("direction", "outbound")
                    .get("/api/sms/history").then().statusCode(200).extract().jsonPath(), p -> !p.getList("messages").isEmpty());
            assertEquals("pong ✓", reply.getString("messages[0].body"));
            assertEquals("7505", reply.getString("messages[0].from"));
            assertEquals(m.getString("messageSid"), reply.getString("messages[0].replyTo"));
        }
    }

    /**
     * Each status change of a sent message is an sms.status event and a signed statusCallback (Twilio's fields),
     * and an inbound message is an sms.received event. The message goes to a number with no route, so it fails
     * with 404 at once.
     */
    @Test
    void statusChangesAreEventsAndSignedStatusCallbacks() throws Exception {
        String sid = api().body(Map.of("from", "7508", "to", "+15550107508", "body", "where to?",
                        "statusCallback", HOOKS + "/status")).post("/api/sms/send")
                .then().statusCode(202).extract().path("messageSid");
        List<HookReceiver.Hook> callbacks = hooks.await(h -> h.path().equals("/status")
                && "failed".equals(h.form().get("MessageStatus")), 1, Duration.ofSeconds(15));
        List<HookReceiver.Hook> all = hooks.all(h -> h.path().equals("/status"));
        Map<String, String> failed = callbacks.getFirst().form();
        assertEquals(sid, failed.get("MessageSid"));
        assertEquals(sid, failed.get("SmsSid"));
        assertEquals("failed", failed.get("SmsStatus"));
        assertEquals("404", failed.get("ErrorCode"));
        assertEquals("7508", failed.get("From"));
        assertEquals("+15550107508", failed.get("To"));
        for (HookReceiver.Hook h : all) {
            SmsAgent.Request asAgentSees = new SmsAgent.Request(h.headers().get("x-twilio-signature"), h.contentType(),
                    h.body(), SmsAgent.form(h.body()), null);
            assertTrue(SmsAgent.validSignature(SECRET, HOOKS + "/status", asAgentSees), "X-Twilio-Signature: " + h);
        }

        hooks.await(h -> h.path().equals("/hooks") && isEvent(h, "sms.status", sid)
                && "failed".equals(h.json().getJsonObject("data").getString("status")), 1, Duration.ofSeconds(15));
        List<String> events = hooks.all(h -> h.path().equals("/hooks") && isEvent(h, "sms.status", sid)).stream()
                .map(h -> h.json().getJsonObject("data").getString("status")).sorted().toList();
        assertTrue(events.contains("queued"), events.toString());
        assertEquals(events, hooks.all(h -> h.path().equals("/status")).stream()
                .map(h -> h.form().get("MessageStatus")).sorted().toList(), "one callback per sms.status event");

        api().body(Map.of("url", HOOKS + "/agent")).put("/api/sms/numbers/7506").then().statusCode(200);
        assertEquals(202, RawMessage.code(RawMessage.send(RAW_PORT, "+15550107509", "7506", "text/plain", bytes("hello"))));
        HookReceiver.Hook received = hooks.await(h -> h.path().equals("/hooks") && h.body().contains("\"sms.received\"")
                && h.body().contains("+15550107509"), 1, Duration.ofSeconds(15)).getFirst();
        assertTrue(WebhookSignature.verify(SECRET, received.headers().get("callbridge-signature"), received.body()));
        JsonObject data = received.json().getJsonObject("data");
        assertEquals("inbound", data.getString("direction"));
        assertEquals("received", data.getString("status"));
        assertEquals("7506", data.getString("to"));
    }

    private static boolean isEvent(HookReceiver.Hook h, String type, String sid) {
        JsonObject e = h.json();
        return type.equals(e.getString("type")) && sid.equals(e.getJsonObject("data").getString("messageSid"));
    }

    private static JsonPath awaitWebhook(String sid) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).until(
                () -> api().get("/api/sms/" + sid).then().statusCode(200).extract().jsonPath(),
                m -> !"pending".equals(m.getString("webhookStatus")));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
