package io.callbridge.debug;

import static io.callbridge.testing.Api.api;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.call.CallRegistry;
import io.callbridge.call.CallSession;
import io.callbridge.sip.KamailioRpc;
import io.callbridge.testing.Api;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Debug mode end to end: an entry made over REST has Kamailio store the SIP messages of that number's calls in
 * kamailio.sip_trace, not another number's, and nothing once the entry has ended by itself. Real calls from
 * sipp (callers +4930798001 and +4930798002) to the unrouted number 7981, refused with 404; and a call's
 * entry by callSid on a talking call to 7980.
 */
@QuarkusTest
class DebugModeTest {

    static final String ROUTED = "7980";
    static final String UNROUTED = "7981";
    static final String DEBUGGED = "+4930798001";
    static final String OTHER = "+4930798002";
    static final Logger APP_LOGS = Logger.getLogger("io.callbridge");

    @Inject
    DataSource db;

    @Inject
    KamailioRpc kamailio;

    @Inject
    TestData data;

    @Inject
    CallRegistry calls;

    @BeforeEach
    @AfterEach
    void clean() throws SQLException {
        for (Integer id : api().get("/api/debug").then().statusCode(200).extract().jsonPath().getList("id", Integer.class)) {
            api().delete("/api/debug/" + id).then().statusCode(204);
        }
        sql("delete from kamailio.sip_trace where id in (select id from kamailio.sip_trace_messages where msg like ? or msg like ?)",
                "%" + DEBUGGED + "%", "%" + OTHER + "%");
        data.removeRoute(UNROUTED);
        TestData.awaitReady();
    }

    @Test
    void aNumbersCallsAreCapturedAndAnotherNumbersAreNotUntilTheEntryEnds() throws SQLException {
        var created = api().body(Map.of("number", DEBUGGED, "seconds", 8)).post("/api/debug").then().statusCode(201)
                .body("number", equalTo(DEBUGGED)).extract().jsonPath();
        long id = created.getLong("id");
        api().get("/api/debug").then().statusCode(200).body("id", hasItem((int) id));
        assertTrue(APP_LOGS.isLoggable(Level.FINE), "the app logs at DEBUG while the entry is live");

        assertTrue(Sipp.rejectedCall(DEBUGGED, UNROUTED, 404).succeeded(), "the debugged number's call");
        assertTrue(Sipp.rejectedCall(OTHER, UNROUTED, 404).succeeded(), "the other number's call");

        // The INVITE as received and as relayed to Asterisk, and Asterisk's 404 as received and as relayed back.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<String> traced = traced(DEBUGGED, 0);
            assertTrue(traced.stream().filter(t -> t.equals("INVITE")).count() >= 2, "INVITEs traced: " + traced
                    + "; " + diagnostics());
            assertTrue(traced.stream().filter(t -> t.equals("404")).count() >= 2, "404s traced: " + traced);
        });
        assertEquals(List.of(), traced(OTHER, 0), "another number's call is not captured");

        // The entry ends by itself: gone from the API, and its item from Kamailio's htable.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            api().get("/api/debug/" + id).then().statusCode(404);
            assertThrows(KamailioRpc.RpcException.class, () -> kamailio.call("htable.get", "debug", "n:" + DEBUGGED));
            assertTrue(!APP_LOGS.isLoggable(Level.FINE), "the app's configured level (INFO) is back");
        });
        long before = lastTraceId();
        assertTrue(Sipp.rejectedCall(DEBUGGED, UNROUTED, 404).succeeded(), "the debugged number's call after the end");
        assertEquals(List.of(), traced(DEBUGGED, before), "nothing is captured after the entry's end");
        api().get("/api/debug").then().statusCode(200).body("id", not(hasItem((int) id)));
    }

    @Test
    void aCallsMessagesFromTheEntryOnAreCapturedByItsCallId() throws Exception {
        data.ensureRoute(ROUTED);
        var caller = Sipp.async(() -> Sipp.talkingCall(ROUTED, 5000));
        CallSession call = await().atMost(Duration.ofSeconds(10))
                .until(() -> calls.all().stream().filter(c -> c.to() != null && c.to().endsWith(ROUTED)).findFirst().orElse(null),
                        c -> c != null && c.channelId() != null);
        String sipCallId = api().body(Map.of("callSid", call.callSid(), "seconds", 60)).post("/api/debug").then()
                .statusCode(201).body("callSid", equalTo(call.callSid())).extract().jsonPath().getString("sipCallId");
        assertTrue(caller.get(30, java.util.concurrent.TimeUnit.SECONDS).succeeded(), "the caller");

        // The caller's BYE and its 200 OK, as received and as relayed; not the INVITE, which came before the entry.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<String> traced = tracedCall(sipCallId);
            assertTrue(traced.stream().filter(t -> t.equals("BYE")).count() >= 2, "traced: " + traced);
            assertTrue(traced.stream().filter(t -> t.equals("200")).count() >= 2, "traced: " + traced);
            assertTrue(!traced.contains("INVITE"), "traced: " + traced);
        });
    }

    @Test
    void anEntryCanBeEndedAtOnce() {
        long id = api().body(Map.of("number", "7982", "minutes", 5)).post("/api/debug").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        api().get("/api/debug/" + id).then().statusCode(200).body("number", equalTo("7982"));
        api().delete("/api/debug/" + id).then().statusCode(204);
        api().get("/api/debug/" + id).then().statusCode(404);
        api().delete("/api/debug/" + id).then().statusCode(404);
        assertThrows(KamailioRpc.RpcException.class, () -> kamailio.call("htable.get", "debug", "n:7982"));
    }

    @Test
    void badRequestsAreRefused() {
        Api.problem(api().body(Map.of("minutes", 5)).post("/api/debug"), 400);
        Api.problem(api().body(Map.of("number", "+49301", "callSid", "CA0123456789abcdef0123456789abcdef"))
                .post("/api/debug"), 400);
        Api.problem(api().body(Map.of("number", "not a number")).post("/api/debug"), 400);
        Api.problem(api().body(Map.of("number", "+49301", "minutes", 0)).post("/api/debug"), 400);
        Api.problem(api().body(Map.of("number", "+49301", "minutes", 100000)).post("/api/debug"), 400);
        Api.problem(api().body(Map.of("number", "+49301", "minutes", 1, "seconds", 5)).post("/api/debug"), 400);
        Api.problem(api().body(Map.of("callSid", "CA0123456789abcdef0123456789abcdef")).post("/api/debug"), 404);
    }

    /** The method (requests) or status (replies) of each traced message that names {@code number}, after row {@code after}. */
    private List<String> traced(String number, long after) throws SQLException {
        List<String> traced = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("select method, status "
                + "from kamailio.sip_trace_messages where id > ? and msg like ? order by id")) {
            s.setLong(1, after);
            s.setString(2, "%sip:" + number + "@%");
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) traced.add(r.getString(2).isEmpty() ? r.getString(1) : r.getString(2).split(" ")[0]);
            }
        }
        return traced;
    }

    /** The method or status of each traced message of SIP call {@code callId}. */
    private List<String> tracedCall(String callId) throws SQLException {
        List<String> traced = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("select method, status "
                + "from kamailio.sip_trace_messages where callid = ? order by id")) {
            s.setString(1, callId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) traced.add(r.getString(2).isEmpty() ? r.getString(1) : r.getString(2).split(" ")[0]);
            }
        }
        return traced;
    }

    /** What Kamailio holds (for a failure's message). */
    private String diagnostics() {
        try {
            return "htable debug: " + kamailio.call("htable.dump", "debug") + ", siptrace: "
                    + kamailio.call("siptrace.status", "check") + ", rows: " + lastTraceId();
        } catch (Exception e) {
            return "no diagnostics: " + e;
        }
    }

    private long lastTraceId() throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "select coalesce(max(id), 0) from kamailio.sip_trace"); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    private void sql(String statement, Object... params) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) s.setObject(i + 1, params[i]);
            s.executeUpdate();
        }
    }
}
