package io.callbridge.node;

import static io.callbridge.testing.Api.api;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.api.ActiveCallResponse;
import io.callbridge.ari.Ownership;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/calls/active} lists the calls of every live instance. Both directions, with the shared database
 * between them as in production: a real call on this app (sipp → Kamailio → Asterisk → this app) is in what a
 * second instance reads ({@link OtherInstancesCalls} as instance {@value #B} runs it); and a call that instance
 * {@value #B} holds (its heartbeat and its call's row, written as that instance writes them) is in this app's
 * answer, until its heartbeat is too old for it to be live. Numbers 7580 and 7581.
 */
@QuarkusTest
class ActiveCallsAcrossInstancesTest {

    static final String B = "test-instance-b";
    static final String LIVE_HERE = "7580";
    static final String LIVE_ON_B = "7581";
    static final String CALL_ON_B = "CA7581000000000000000000000000b001";

    @Inject
    TestData data;
    @Inject
    OtherInstancesCalls otherInstances;
    @Inject
    Ownership ownership;

    @AfterEach
    void clean() {
        data.removeRoute(LIVE_HERE);
        data.sql("delete from calls where to_number in ('" + LIVE_HERE + "', '" + LIVE_ON_B + "')");
        data.sql("delete from instances where instance_id = '" + B + "'");
    }

    @Test
    void aLiveCallHereIsSeenByAnotherInstance() throws Exception {
        data.ensureRoute(LIVE_HERE);
        TestData.awaitReady();
        CompletableFuture<Sipp.Result> caller = Sipp.async(() -> Sipp.answeredCall(LIVE_HERE, 30));

        // Listed from the moment its row is written (ringing), then answered and routed.
        ActiveCallResponse seen = await().atMost(Duration.ofSeconds(15)).until(() -> seenByB(LIVE_HERE),
                c -> c.filter(call -> "answered".equals(call.state())).isPresent()).orElseThrow();
        assertEquals(ownership.instanceId(), seen.instance());
        assertEquals("inbound", seen.direction());
        assertEquals(LIVE_HERE, seen.route());

        api().post("/api/calls/" + seen.callSid() + "/hangup").then().statusCode(202);
        assertTrue(caller.get(30, TimeUnit.SECONDS).succeeded(), "sipp should have received the BYE");
        await().atMost(Duration.ofSeconds(10)).until(() -> seenByB(LIVE_HERE).isEmpty());
    }

    @Test
    void aCallOfAnotherLiveInstanceIsListedHere() {
        data.sql("insert into instances (instance_id, seen_at, address) values ('" + B + "', now(), 'http://127.0.0.1:5599')");
        data.sql("insert into calls (call_sid, channel_id, direction, from_number, to_number, route, state, started_at, "
                + "answered_at, instance_id) values ('" + CALL_ON_B + "', 'b-channel', 'inbound', '+15550001111', '"
                + LIVE_ON_B + "', '" + LIVE_ON_B + "', 'ANSWERED', now(), now(), '" + B + "')");

        Map<String, Object> listed = listedHere(CALL_ON_B).orElseThrow(() -> new AssertionError(CALL_ON_B + " not listed"));
        assertEquals(B, listed.get("instance"));
        assertEquals("answered", listed.get("state"));
        assertEquals(LIVE_ON_B, listed.get("to"));
        assertEquals(false, api().get("/api/calls/active").then().statusCode(200).extract().path("partial"));

        // An instance without a heartbeat for longer than 10 s is down: nobody serves its calls, and none is listed.
        data.sql("update instances set seen_at = now() - interval '11 seconds' where instance_id = '" + B + "'");
        assertFalse(listedHere(CALL_ON_B).isPresent(), "a down instance's call is listed");
    }

    private Optional<ActiveCallResponse> seenByB(String to) throws Exception {
        return otherInstances.listExcept(B).stream().filter(c -> to.equals(c.to())).findFirst();
    }

    private static Optional<Map<String, Object>> listedHere(String callSid) {
        List<Map<String, Object>> items = api().get("/api/calls/active").then().statusCode(200).extract().jsonPath()
                .getList("items");
        return items.stream().filter(c -> callSid.equals(c.get("callSid"))).findFirst();
    }
}
