package io.callbridge.sms;

import static io.callbridge.testing.Api.api;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.sip.KamailioRpc;
import io.callbridge.testing.SipFixtures;
import io.callbridge.testing.TrunkRows;
import io.callbridge.testing.TrunkRows.Gateway;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The SMS history's filters and cursor over messages that took the real path (one inbound MESSAGE through
 * Kamailio, outbound ones through the outbox), and a body too large for UDP sent over TCP. Shares
 * {@link SmsLimitsTest}'s profile (so the app is not restarted): numbers 7510-7519 and local SIP ports
 * 5510-5519 belong to this test.
 */
@QuarkusTest
@TestProfile(SmsLimitsTest.Profile.class)
class SmsHistoryTest {

    static final int RAW_PORT = 5511;
    static final int TCP_GATEWAY_PORT = 5512;
    static final String NUMBER = "7510";

    @Inject
    SipFixtures sip;

    @Inject
    DataSource db;

    @Inject
    KamailioRpc rpc;

    @Test
    void historyFiltersAndPagesWithItsCursor() throws Exception {
        // One correspondent: four texts to it (from four numbers, each under its rate limit), one from it.
        String other = "+1555" + (1000000 + (int) (Math.random() * 8999999));
        List<String> outbound = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            outbound.add(api().body(Map.of("from", "+1555010751" + i, "to", other, "body", "out " + i))
                    .post("/api/sms/send").then().statusCode(202).extract().<String>path("messageSid"));
        }
        sip.trust("127.0.0.1", RAW_PORT);
        String inboundSid;
        try (SmsAgent agent = new SmsAgent()) {
            api().body(Map.of("url", agent.url())).put("/api/sms/numbers/" + NUMBER).then().statusCode(200);
            assertEquals(202, RawMessage.code(RawMessage.send(RAW_PORT, other, NUMBER, "text/plain",
                    "in 5".getBytes(StandardCharsets.UTF_8))));
            inboundSid = agent.await(1).form().get("MessageSid");
        } finally {
            api().delete("/api/sms/numbers/" + NUMBER);
            sip.distrust("127.0.0.1", RAW_PORT);
        }
        // No trunk and no trunk-uri in this profile: each outbound text fails at once with "no route".
        for (String sid : outbound) {
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> "failed".equals(
                    api().get("/api/sms/" + sid).then().extract().path("status")));
        }

        List<String> all = sids(history(other, Map.of()));
        List<String> expected = new ArrayList<>(List.of(inboundSid));
        expected.addAll(outbound.reversed());
        assertEquals(expected, all, "newest first, from or to the number");

        assertEquals(List.of(inboundSid), sids(history(other, Map.of("direction", "inbound"))));
        assertEquals(outbound.reversed(), sids(history(other, Map.of("direction", "outbound"))));
        assertEquals(List.of(inboundSid), sids(history(other, Map.of("status", "received"))));
        assertEquals(outbound.reversed(), sids(history(other, Map.of("status", "failed"))));
        assertEquals(List.of(), sids(history(other, Map.of("status", "sent"))));

        // createdFrom is inclusive, createdTo exclusive: the third newest splits the five into 3 and 2.
        String third = history(other, Map.of()).getString("messages[2].createdAt");
        assertEquals(all.subList(0, 3), sids(history(other, Map.of("createdFrom", third))));
        assertEquals(all.subList(3, 5), sids(history(other, Map.of("createdTo", third))));

        // Pages of two: each nextCursor gives the next page, the last has none; together they are the whole list.
        List<String> paged = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = history(other, cursor == null ? Map.of("limit", "2") : Map.of("limit", "2", "cursor", cursor));
            sizes.add(page.getList("messages").size());
            paged.addAll(sids(page));
            cursor = page.getString("nextCursor");
        } while (cursor != null && sizes.size() < 10);
        assertEquals(List.of(2, 2, 1), sizes);
        assertEquals(all, paged);

        // Filters in the wrong shape are a 400 that names the parameter, not an empty page.
        for (Map<String, String> bad : List.of(Map.of("direction", "sideways"), Map.of("status", "delivered-ish"),
                Map.of("createdFrom", "yesterday"), Map.of("limit", "0"), Map.of("cursor", "not-a-cursor"))) {
            String name = bad.keySet().iterator().next();
            String body = query(other, bad).get("/api/sms/history").then().statusCode(400).extract().asString();
            assertTrue(body.contains(name), name + " is named: " + body);
        }
    }

    /**
     * A body over udp-max-bytes (1000 bytes of UTF-8) goes to a UDP gateway over TCP: the far end listens on
     * TCP only, and gets the whole body.
     */
    @Test
    void aBodyTooLargeForUdpGoesOverTcp() throws Exception {
        String body = "✓ large ".repeat(180); // 1,440 characters, 1,800 bytes of UTF-8
        try (TrunkRows trunks = new TrunkRows(db, rpc); SipResponder carrier = SipResponder.tcp(TCP_GATEWAY_PORT)) {
            trunks.trunk("sms-tcp", null, new Gateway(TCP_GATEWAY_PORT, 0));
            String sid = api().body(Map.of("from", "+15550107513", "to", "+15550107514", "body", body))
                    .post("/api/sms/send").then().statusCode(202).extract().path("messageSid");
            JsonPath m = Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                    () -> api().get("/api/sms/" + sid).then().statusCode(200).extract().jsonPath(),
                    j -> List.of("sent", "failed", "undelivered").contains(j.getString("status")));
            assertEquals("sent", m.getString("status"), m.prettify());
            assertEquals(List.of(200), m.getList("attemptList.code"), m.prettify());
            assertEquals(List.of(body), carrier.received().stream().map(SipResponder.Received::body).toList());
        }
    }

    private static JsonPath history(String number, Map<String, String> params) {
        return query(number, params).get("/api/sms/history").then().statusCode(200).extract().jsonPath();
    }

    private static RequestSpecification query(String number, Map<String, String> params) {
        return api().queryParam("number", number).queryParams(params);
    }

    private static List<String> sids(JsonPath page) {
        return page.getList("messages.messageSid");
    }
}
