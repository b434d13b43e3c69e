package io.callbridge.sms;

import static io.callbridge.testing.Api.api;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.SipFixtures;
import io.callbridge.testing.Sipp;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SMS on the real path: sipp sends SIP MESSAGE through the real Kamailio to the app, the messaging webhook gets
 * it signed, and the app sends through Kamailio's tm to sipp far ends (a registered phone, or the SMS trunk).
 * Numbers 7800-7819, local SIP ports 5800-5819 and the domain sms.example.test belong to this test.
 */
@QuarkusTest
@TestProfile(SmsPathTest.Profile.class)
class SmsPathTest {

    static final String TOKEN = "sms-test-auth-token-0123456789";
    static final String DOMAIN = "sms.example.test";
    static final String PASSWORD = "an-sms-test-secret";
    static final int PHONE_PORT = 5801;
    static final int PEER_PORT = 5802;
    static final int OFFLINE_PORT = 5803;
    static final int TRUNK_PORT = 5810;

    /** The agents' auth token signs the messaging webhook; the trunk is a sipp far end; two attempts at most. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("callbridge.agent.auth-token", TOKEN,
                    "callbridge.sms.trunk-uri", "sip:127.0.0.1:" + TRUNK_PORT,
                    "callbridge.sms.max-attempts", "2",
                    "callbridge.sms.min-backoff", "300ms");
        }
    }

    @Inject
    SipFixtures sip;

    @BeforeEach
    void setUp() {
        sip.trust("127.0.0.1", PEER_PORT);
    }

    @AfterEach
    void tearDown() {
        sip.distrust("127.0.0.1", PEER_PORT);
        sip.remove("7801", DOMAIN);
        sip.remove("7803", DOMAIN);
    }

    @Test
    void aTextReachesTheAgentSignedAndItsTwimlReplyReachesTheRegisteredPhone() throws Exception {
        sip.subscriber("7801", DOMAIN, PASSWORD);
        assertTrue(Sipp.register("7801", DOMAIN, PASSWORD, PHONE_PORT, 300).succeeded(), "the phone registers");
        try (SmsAgent agent = new SmsAgent()) {
            agent.answer("text/xml", "<?xml version=\"1.0\"?><Response><Message>Hello back, é ✓</Message></Response>");
            api().body(Map.of("url", agent.url())).put("/api/sms/numbers/7800").then().statusCode(200);
            try (Sipp.Uas phone = Sipp.farEndOn(PHONE_PORT, "sms-uas.xml", Map.of("CODE", "200", "EXPECT", "Hello back"), 20)) {
                Sipp.Result sent = send("7801@peer.example.test", "7800", "text/plain;charset=UTF-8", "Hi agent", 202);
                assertTrue(sent.succeeded(), "the MESSAGE is accepted once stored:\n" + sent.output());

                SmsAgent.Request hook = agent.await(1);
                assertTrue(SmsAgent.validSignature(TOKEN, agent.url(), hook), "X-Twilio-Signature is valid: " + hook);
                Map<String, String> f = hook.form();
                assertTrue(f.get("MessageSid").matches("SM[0-9a-f]{32}"), f.toString());
                assertEquals(f.get("MessageSid"), f.get("SmsSid"));
                assertTrue(f.get("AccountSid").startsWith("AC"), f.toString());
                assertEquals("7801", f.get("From"));
                assertEquals("7800", f.get("To"));
                assertEquals("Hi agent", f.get("Body").strip()); // sipp ends its body with CRLF
                assertEquals("0", f.get("NumMedia"));
                assertEquals("received", f.get("SmsStatus"));

                assertTrue(phone.await().succeeded(), "the phone got the TwiML reply");
            }
            JsonPath history = api().get("/api/sms/history?number=7801").then().statusCode(200).extract().jsonPath();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "sent".equals(
                    api().get("/api/sms/history?number=7801&direction=outbound").then().extract().path("messages[0].status")));
            assertEquals("inbound", api().get("/api/sms/history?number=7801&direction=inbound").then().extract()
                    .path("messages[0].direction"));
            assertEquals("delivered", api().get("/api/sms/history?number=7801&direction=inbound").then().extract()
                    .path("messages[0].webhookStatus"));
            assertNotNull(history.getList("messages"));
        } finally {
            api().delete("/api/sms/numbers/7800");
        }
    }

    @Test
    void badMessagesGetAClearSipError() {
        // no messaging route for the number
        assertTrue(send("7802@peer.example.test", "7819", "text/plain", "anyone?", 404).succeeded());
        try (SmsAgent agent = new SmsAgent()) {
            api().body(Map.of("url", agent.url())).put("/api/sms/numbers/7818").then().statusCode(200);
            assertTrue(send("7802@peer.example.test", "7818", "text/plain", "", 400).succeeded(), "no body");
            assertTrue(send("7802@peer.example.test", "7818", "application/octet-stream", "abc", 415).succeeded(), "not text");
            assertTrue(send("7802@peer.example.test", "7818", "text/plain", "x".repeat(1601), 413).succeeded(), "too long");
            assertEquals(0, agent.requests().size(), "nothing refused reaches the agent");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } finally {
            api().delete("/api/sms/numbers/7818");
        }
    }

    @Test
    void outboundToTheTrunkAnswering202Or404() {
        try (Sipp.Uas trunk = Sipp.farEndOn(TRUNK_PORT, "sms-uas.xml", Map.of("CODE", "202", "EXPECT", "first"), 20)) {
            String sid = sendApi("+15550107810", "first");
            assertEquals("sent", awaitFinal(sid).getString("status"));
            assertTrue(trunk.await().succeeded());
            JsonPath m = message(sid);
            assertEquals(List.of(202), m.getList("attemptList.code"));
            assertTrue(m.getString("attemptList[0].target").startsWith("sip:+15550107810@127.0.0.1:" + TRUNK_PORT),
                    m.getString("attemptList[0].target"));
        }
        try (Sipp.Uas trunk = Sipp.farEndOn(TRUNK_PORT, "sms-uas.xml", Map.of("CODE", "404", "EXPECT", "second"), 20)) {
            String sid = sendApi("+15550107811", "second");
            JsonPath m = awaitFinal(sid);
            assertEquals("failed", m.getString("status"));
            assertEquals(404, m.getInt("errorCode"));
            assertTrue(trunk.await().succeeded());
        }
    }

    @Test
    void outboundRetriedAfter503AndUndeliveredWhenNeverAnswered() throws Exception {
        try (Sipp.Uas trunk = Sipp.farEndOn(TRUNK_PORT, "sms-uas-retry.xml", Map.of(), 30)) {
            String sid = sendApi("+15550107812", "retried");
            JsonPath m = awaitFinal(sid);
            assertEquals("sent", m.getString("status"));
            assertEquals(List.of(503, 202), m.getList("attemptList.code"));
            assertTrue(trunk.await().succeeded());
        }
        // A far end that takes every packet and never answers: tm's own 408 after its fr_timer, twice.
        try (DatagramSocket silent = new DatagramSocket(TRUNK_PORT, InetAddress.getByName("127.0.0.1"))) {
            Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[65536];
                while (!silent.isClosed()) {
                    try {
                        silent.receive(new DatagramPacket(buf, buf.length));
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            String sid = sendApi("+15550107813", "into the void");
            JsonPath m = awaitFinal(sid);
            assertEquals("undelivered", m.getString("status"));
            assertEquals(List.of(408, 408), m.getList("attemptList.code"));
        }
    }

    @Test
    void aMessageForAnOfflineUserWaitsAndGoesWhenTheUserRegisters() {
        sip.subscriber("7803", DOMAIN, PASSWORD);
        String sid = sendApi("7803", "while you were away");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> message(sid).getString("waitUntil") != null);
        assertEquals("queued", message(sid).getString("status"));
        assertTrue(Sipp.register("7803", DOMAIN, PASSWORD, OFFLINE_PORT, 300).succeeded(), "the user registers");
        try (Sipp.Uas phone = Sipp.farEndOn(OFFLINE_PORT, "sms-uas.xml", Map.of("CODE", "200", "EXPECT", "while you were away"), 20)) {
            assertEquals("sent", awaitFinal(sid).getString("status"));
            assertTrue(phone.await().succeeded());
        }
    }

    private static Sipp.Result send(String from, String to, String type, String body, int code) {
        return Sipp.from("127.0.0.1", PEER_PORT, "sms-message.xml", to,
                Map.of("FROM", from, "TO", to, "TYPE", type, "BODY", body, "CODE", String.valueOf(code)),
                List.of("-m", "1"), 15);
    }

    private static String sendApi(String to, String body) {
        return api().body(Map.of("from", "7800", "to", to, "body", body)).post("/api/sms/send")
                .then().statusCode(202).extract().path("messageSid");
    }

    private static JsonPath message(String sid) {
        return api().get("/api/sms/" + sid).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath awaitFinal(String sid) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> message(sid),
                m -> List.of("sent", "failed", "undelivered").contains(m.getString("status")));
    }
}
