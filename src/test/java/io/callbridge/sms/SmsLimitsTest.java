package io.callbridge.sms;

import static io.callbridge.testing.Api.api;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.api.auth.RateLimits;
import io.callbridge.api.auth.SecondInstance;
import io.callbridge.testing.SipFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.time.Duration;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SMS limits and bad input on the real path: bodies that are not UTF-8 text sent as raw SIP through Kamailio get
 * a clear SIP error and a log line; the blocklist refuses a blocked sender (SIP 403) and a blocked recipient (API
 * 403); one number's messages per minute are limited both ways (SIP 503 inbound, API 429 outbound), counted
 * across instances. Numbers 7500-7509 and local SIP ports 5500-5509 belong to this test.
 */
@QuarkusTest
@TestProfile(SmsLimitsTest.Profile.class)
class SmsLimitsTest {

    static final int PER_NUMBER = 3;
    static final int RAW_PORT = 5502;
    static final String NUMBER = "7500";

    /** Three messages per number per minute; no trunk, so outbound numbers fail at once with "no route". */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("callbridge.sms.per-number-per-minute", String.valueOf(PER_NUMBER),
                    "callbridge.sms.min-backoff", "300ms",
                    "callbridge.sms.max-attempts", "2");
        }
    }

    @Inject
    SipFixtures sip;
    @Inject
    SmsConfig config;
    @Inject
    RateLimits apiLimits;
    @Inject
    DataSource db;

    SmsAgent agent;
    final List<String> refusals = new CopyOnWriteArrayList<>();
    final Handler logged = new Handler() {
        @Override
        public void publish(LogRecord r) {
            refusals.add(r instanceof ExtLogRecord e ? e.getFormattedMessage() : r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        sip.trust("127.0.0.1", RAW_PORT);
        agent = new SmsAgent();
        api().body(Map.of("url", agent.url())).put("/api/sms/numbers/" + NUMBER).then().statusCode(200);
        Logger.getLogger(SmsIntake.class.getName()).addHandler(logged);
    }

    @AfterEach
    void tearDown() {
        Logger.getLogger(SmsIntake.class.getName()).removeHandler(logged);
        api().delete("/api/sms/numbers/" + NUMBER);
        agent.close();
        sip.distrust("127.0.0.1", RAW_PORT);
    }

    @Test
    void bodiesThatAreNotUtf8TextGetAClearSipErrorAndALogLine() throws Exception {
        String good = rawMessage("7501", "text/plain", bytes("plain text"));
        assertTrue(good.startsWith("SIP/2.0 202"), "the same request with a text body is taken: " + good);

        String notUtf8 = rawMessage("7502", "text/plain", new byte[]{'h', 'i', ' ', (byte) 0xFF, (byte) 0xFE, '!'});
        assertEquals("SIP/2.0 415 Message body is not UTF-8 text", notUtf8);
        String binary = rawMessage("7503", "text/plain", new byte[]{'a', 0, 'b', 0, 1, 2, 'c'});
        assertEquals("SIP/2.0 415 Binary message body not supported", binary);
        String latin1 = rawMessage("7504", "text/plain;charset=ISO-8859-1", "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("SIP/2.0 415 Only UTF-8 text is supported", latin1);
        String missing = rawMessage("7505", "text/plain", new byte[0]);
        assertEquals("SIP/2.0 400 Missing message body", missing, "Kamailio refuses it before the app is asked");

        assertEquals("plain text", agent.await(1).form().get("Body"));
        assertEquals(1, agent.requests().size(), "only the text reached the agent");
        for (String why : List.of("415 Message body is not UTF-8 text", "415 Binary message body not supported",
                "415 Only UTF-8 text is supported")) {
            assertTrue(refusals.stream().anyMatch(l -> l.contains("refused: " + why)), why + " is logged: " + refusals);
        }
    }

    @Test
    void theBlocklistAppliesBothWays() throws Exception {
        String blocked = "+15550107506";
        api().body(Map.of("number", blocked, "reason", "spam texts")).post("/api/numbers/block").then().statusCode(201);
        try {
            assertEquals("SIP/2.0 403 Sender blocked", rawMessage(blocked, "text/plain", bytes("spam")));
            api().body(Map.of("from", NUMBER, "to", blocked, "body", "hello?")).post("/api/sms/send")
                    .then().statusCode(403);
            assertEquals(List.of(), api().queryParam("number", blocked).get("/api/sms/history").then()
                    .statusCode(200).extract().jsonPath().getList("messages"), "nothing stored either way");
            assertEquals(0, agent.requests().size(), "the blocked sender's text never reached the agent");
        } finally {
            api().delete("/api/numbers/block/" + blocked).then().statusCode(204);
        }
        assertEquals(202, RawMessage.code(rawMessage(blocked, "text/plain", bytes("unblocked"))), "unblocked, it is taken again");
    }

    /**
     * A fresh number's first {@value PER_NUMBER} messages are taken whatever the clock (no window has seen it);
     * of the next {@value PER_NUMBER} + 1, sent within a minute, at least one must be refused even if a
     * window ends among them.
     */
    @Test
    void oneNumbersMessagesAreLimitedEachMinuteBothWays() throws Exception {
        String sender = "+1555" + (1000000 + (int) (Math.random() * 8999999));
        List<Integer> inbound = new ArrayList<>();
        for (int i = 0; i < 2 * PER_NUMBER + 1; i++) {
            inbound.add(RawMessage.code(rawMessage(sender, "text/plain", ("burst " + i).getBytes(StandardCharsets.UTF_8))));
        }
        assertEquals(List.of(202, 202, 202), inbound.subList(0, PER_NUMBER), "the first are taken: " + inbound);
        assertTrue(inbound.stream().allMatch(c -> c == 202 || c == 503), "only taken or 503: " + inbound);
        assertTrue(inbound.contains(503), "the sender is limited: " + inbound);

        String from = "+1555" + (1000000 + (int) (Math.random() * 8999999));
        List<Integer> outbound = new ArrayList<>();
        for (int i = 0; i < 2 * PER_NUMBER + 1; i++) {
            outbound.add(api().body(Map.of("from", from, "to", "+15550107507", "body", "out " + i))
                    .post("/api/sms/send").then().extract().statusCode());
        }
        assertEquals(List.of(202, 202, 202), outbound.subList(0, PER_NUMBER), "the first are queued: " + outbound);
        assertTrue(outbound.stream().allMatch(c -> c == 202 || c == 429), "only queued or 429: " + outbound);
        assertTrue(outbound.contains(429), "the sending number is limited: " + outbound);
    }

    /**
     * One number's messages spread over two instances get the limit in total. Instance A is this app, sent raw SIP;
     * instance B is a second {@link NumberRateLimit} on the same database with windows of its own in memory, as a
     * second app process has them. Within one minute, counted per instance the sender would get {@value PER_NUMBER}
     * on each; counted together the third message uses the allowance up on both.
     */
    @Test
    void twoInstancesTogetherGiveANumberItsLimitNotTwiceIt() throws Exception {
        NumberRateLimit instanceB = new NumberRateLimit(config, SecondInstance.rateLimiter(db, apiLimits));
        String sender = "+1555" + (1000000 + (int) (Math.random() * 8999999));
        MinuteWindowTime.awaitAtLeastLeft(Duration.ofSeconds(20));
        long window = MinuteWindowTime.current();
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 2 * PER_NUMBER; i++) {
            if (i % 2 == 0) answers.add("A " + RawMessage.code(rawMessage(sender, "text/plain", bytes("spread " + i))));
            else answers.add("B " + instanceB.tryAcquire(sender));
        }
        assertEquals(window, MinuteWindowTime.current(), "all within one window");
        assertEquals(List.of("A 202", "B true", "A 202", "B false", "A 503", "B false"), answers);
    }

    /**
     * The agent's number answers {@value PER_NUMBER} * 2 + 1 senders within a minute: every reply is queued (the
     * limit is for the senders), where counting them against the number would drop at least one.
     */
    @Test
    void anAgentsRepliesAreNotCountedAgainstItsNumber() throws Exception {
        agent.answer("text/xml", "<Response><Message>thanks</Message></Response>");
        List<String> senders = new ArrayList<>();
        for (int i = 0; i < 2 * PER_NUMBER + 1; i++) {
            String sender = "+1555" + (1000000 + (int) (Math.random() * 8999999));
            senders.add(sender);
            assertEquals(202, RawMessage.code(rawMessage(sender, "text/plain", bytes("question " + i))));
        }
        for (String sender : senders) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> api().queryParam("number", sender)
                    .queryParam("direction", "outbound").get("/api/sms/history").then().statusCode(200).extract()
                    .jsonPath().getList("messages.body"), List.of("thanks")::equals);
        }
        assertEquals(senders.size(), agent.requests().size());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String rawMessage(String from, String contentType, byte[] body) throws Exception {
        return RawMessage.send(RAW_PORT, from, NUMBER, contentType, body);
    }
}
