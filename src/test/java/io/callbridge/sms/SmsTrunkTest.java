package io.callbridge.sms;

import static io.callbridge.testing.Api.api;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.api.auth.RateLimits;
import io.callbridge.api.auth.SecondInstance;
import io.callbridge.sip.KamailioRpc;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TrunkRows;
import io.callbridge.testing.TrunkRows.Gateway;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SMS through carrier trunks on the real path: the app sends through Kamailio's tm to sipp far ends that are a
 * trunk's gateways (the next gateway after a 503, the number rewritten as the trunk says, each attempt with its
 * SIP code), a trunk's rate limit, counted across instances, holds messages in the outbox, and a MESSAGE from a
 * trunk's source address reaches the messaging webhook with the trunk recorded. Numbers 7520-7539, local SIP ports 5520-5539 and the
 * source address 127.0.0.3 belong to this test.
 */
@QuarkusTest
@TestProfile(SmsTrunkTest.Profile.class)
class SmsTrunkTest {

    static final int LIMIT = 3;
    static final String NUMBER = "+15550107530";
    static final String NATIONAL = "5550107530";

    /** Three requests per trunk per minute. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("callbridge.sms.per-trunk-per-minute", String.valueOf(LIMIT),
                    "callbridge.sms.min-backoff", "300ms");
        }
    }

    @Inject
    DataSource db;

    @Inject
    KamailioRpc rpc;

    @Inject
    SmsConfig config;

    @Inject
    RateLimits apiLimits;

    TrunkRows trunks;

    @BeforeEach
    void setUp() {
        trunks = new TrunkRows(db, rpc);
    }

    @AfterEach
    void tearDown() {
        trunks.close();
    }

    @Test
    void aMessageFailsOverFromA503GatewayToTheNextWithTheNumberRewritten() {
        long id = trunks.trunk("sms-carrier", "strip_digits = 1, add_prefix = '00'", new Gateway(5521, 0), new Gateway(5522, 1));
        try (Sipp.Uas refusing = Sipp.farEndOn(5521, "sms-uas.xml", Map.of("CODE", "503", "EXPECT", "fails over"), 30);
             Sipp.Uas taking = Sipp.farEndOn(5522, "sms-uas.xml", Map.of("CODE", "202", "EXPECT", "fails over"), 30)) {
            String sid = sendApi("+15550107520", "this one fails over");
            JsonPath m = awaitFinal(sid, Duration.ofSeconds(30));
            assertEquals("sent", m.getString("status"), m.prettify());
            assertEquals(List.of(503, 202), m.getList("attemptList.code"), m.prettify());
            assertEquals(List.of("sip:0015550107520@127.0.0.1:5521", "sip:0015550107520@127.0.0.1:5522"),
                    m.getList("attemptList.target"), m.prettify());
            assertEquals(id, m.getLong("trunkId"));
            assertEquals(2, m.getInt("attempts"));
            assertTrue(refusing.await().succeeded(), "the first gateway got the MESSAGE");
            assertTrue(taking.await().succeeded(), "the second gateway got the MESSAGE");
        }
    }

    /**
     * The trunk's limit is counted across instances: instance B (a second {@link TrunkRateLimit} on the same
     * database, with windows of its own in memory, as a second app process has them) sends one request through the
     * trunk, then this app queues {@value LIMIT} messages. Together they are one over the minute's allowance, so one
     * message waits in the outbox for the next minute and still goes; counted per instance, all would go at once.
     */
    @Test
    void messagesOverATrunksRateLimitWaitInTheOutboxAndAllGo() throws Exception {
        long trunkId = trunks.trunk("sms-limited", null, new Gateway(5525, 0));
        TrunkRateLimit instanceB = new TrunkRateLimit(config, SecondInstance.rateLimiter(db, apiLimits));
        try (SipResponder carrier = new SipResponder(5525)) {
            MinuteWindowTime.awaitAtLeastLeft(Duration.ofSeconds(20));
            OffsetDateTime sentByB = OffsetDateTime.now(ZoneOffset.UTC);
            assertTrue(instanceB.tryAcquire(trunkId), "B's request through the trunk");
            List<String> sids = new ArrayList<>();
            for (int i = 0; i < LIMIT; i++) sids.add(sendApi("+1555010752" + i, "limited " + i));
            // The one over the limit waits for the next minute: none is dropped.
            List<OffsetDateTime> sentAt = new ArrayList<>(List.of(sentByB));
            for (String sid : sids) {
                JsonPath m = awaitFinal(sid, Duration.ofSeconds(75));
                assertEquals("sent", m.getString("status"), m.prettify());
                assertEquals(1, m.getList("attemptList").size(), m.prettify());
                sentAt.add(OffsetDateTime.parse(m.getString("attemptList[0].at")).withOffsetSameInstant(ZoneOffset.UTC));
            }
            Map<OffsetDateTime, Long> perMinute = sentAt.stream()
                    .collect(Collectors.groupingBy(t -> t.truncatedTo(ChronoUnit.MINUTES), Collectors.counting()));
            assertTrue(perMinute.values().stream().allMatch(n -> n <= LIMIT), "at most " + LIMIT + " a minute: " + sentAt);
            assertTrue(sentAt.stream().anyMatch(t -> t.truncatedTo(ChronoUnit.MINUTES).isAfter(
                    sentByB.truncatedTo(ChronoUnit.MINUTES))), "one waited for the next minute: " + sentAt);
            assertEquals(LIMIT, carrier.received().stream().map(SipResponder.Received::callId).distinct().count());
        }
    }

    /** The carrier writes the number nationally (no +1): it is read in E.164 with the trunk's country code. */
    @Test
    void aMessageFromATrunksAddressReachesTheWebhookWithItsTrunk() throws Exception {
        long id = api().body(Map.of("name", "sms-in", "inboundSources", List.of("127.0.0.3/32"), "countryCode", "1"))
                .post("/api/trunks").then().statusCode(201).extract().jsonPath().getLong("id");
        try (SmsAgent agent = new SmsAgent()) {
            api().body(Map.of("url", agent.url())).put("/api/sms/numbers/" + NUMBER).then().statusCode(200);
            Sipp.Result stranger = Sipp.from("127.0.0.4", 5524, "sms-message.xml", NATIONAL, Map.of("FROM",
                    "+15550107531@carrier.example.test", "TO", NATIONAL, "TYPE", "text/plain", "BODY", "who?", "CODE", "403"),
                    List.of("-m", "1"), 15);
            assertTrue(stranger.succeeded(), "an address of no trunk is refused:\n" + stranger.output());

            Sipp.Result sent = Sipp.from("127.0.0.3", 5523, "sms-message.xml", NATIONAL, Map.of("FROM",
                    "+15550107531@carrier.example.test", "TO", NATIONAL, "TYPE", "text/plain", "BODY", "from the carrier",
                    "CODE", "202"), List.of("-m", "1"), 15);
            assertTrue(sent.succeeded(), "the trunk's MESSAGE is accepted:\n" + sent.output());
            SmsAgent.Request hook = agent.await(1);
            assertEquals("+15550107531", hook.form().get("From"));
            assertEquals(NUMBER, hook.form().get("To"));
            assertEquals("from the carrier", hook.form().get("Body").strip());
            assertEquals(1, agent.requests().size(), "the stranger's MESSAGE never reached the agent");
            JsonPath m = api().get("/api/sms/" + hook.form().get("MessageSid")).then().statusCode(200).extract().jsonPath();
            assertEquals(id, m.getLong("trunkId"));
            assertEquals("inbound", m.getString("direction"));
        } finally {
            api().delete("/api/sms/numbers/" + NUMBER);
            api().delete("/api/trunks/" + id);
        }
    }

    private static String sendApi(String to, String body) {
        return api().body(Map.of("from", "7520", "to", to, "body", body)).post("/api/sms/send")
                .then().statusCode(202).extract().path("messageSid");
    }

    private static JsonPath message(String sid) {
        return api().get("/api/sms/" + sid).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath awaitFinal(String sid, Duration atMost) {
        return Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> message(sid),
                m -> List.of("sent", "failed", "undelivered").contains(m.getString("status")));
    }
}
