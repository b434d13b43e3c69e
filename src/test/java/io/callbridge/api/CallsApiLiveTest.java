package io.callbridge.api;

import static io.callbridge.testing.Api.api;
import static io.callbridge.testing.Api.problem;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.Sipp;
import io.callbridge.testing.Api;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live side of the Calls API on a real call: sipp → Kamailio → Asterisk → this app → echo agent. The
 * call shows in the active list, and a hangup through the API ends it: sipp receives the BYE and the CDR
 * says completed. Number 7601 belongs to this test.
 */
@QuarkusTest
class CallsApiLiveTest {

    static final String KEY = "test-key"; // %test.callbridge.api.keys
    static final String NUMBER = "7601";

    @Inject
    TestData data;

    @Inject
    CdrRows rows;

    @BeforeEach
    void ready() {
        data.ensureRoute(NUMBER);
        TestData.awaitReady();
    }

    @AfterEach
    void clean() {
        data.removeRoute(NUMBER);
        rows.deleteTo(List.of(NUMBER));
    }

    @Test
    void aLiveCallIsListedAndHungUpThroughTheApi() throws Exception {
        Instant before = Instant.now();
        // sipp waits up to 30 s for Callbridge's BYE: only the API's hangup sends one sooner.
        CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.answeredCall(NUMBER, 30));

        Map<String, Object> live = await().atMost(Duration.ofSeconds(15)).until(() -> Api.answeredCallTo(NUMBER),
                call -> call != null);
        String callSid = (String) live.get("callSid");
        assertTrue(callSid.matches("CA[0-9a-f]{32}"), callSid);
        assertEquals("inbound", live.get("direction"));
        assertEquals("+15550001111", live.get("from"));
        assertEquals(NUMBER, live.get("route"));
        assertFalse(Instant.parse((String) live.get("startedAt")).isBefore(before.minusSeconds(1)));

        // While it runs, its CDR is on record as answered and open.
        api().get("/api/calls/" + callSid).then().statusCode(200)
                .body("state", equalTo("answered")).body("endedAt", nullValue()).body("answeredAt", notNullValue());

        api().post("/api/calls/" + callSid + "/hangup").then().statusCode(202);

        Sipp.Result call = caller.get(30, TimeUnit.SECONDS);
        assertTrue(call.succeeded(), "sipp should have received Callbridge's BYE:\n" + call.output());
        assertTrue(Duration.between(before, Instant.now()).toSeconds() < 25, "ended by the API, not the timeout");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> api().get("/api/calls/" + callSid).then()
                .statusCode(200)
                .body("state", equalTo("ended"))
                .body("termination", equalTo("completed"))
                .body("terminationReason", equalTo("hung up via API"))
                .body("sipCode", equalTo(200))
                .body("route", equalTo(NUMBER))
                .body("endedAt", notNullValue())
                .body("agentUrl", equalTo(TestData.ECHO_AGENT))
                .body("packetsOut", notNullValue()));

        await().atMost(Duration.ofSeconds(5)).until(() -> activeCallSids().stream().noneMatch(callSid::equals));
        problem(api().post("/api/calls/" + callSid + "/hangup"), 409);
        api().queryParam("to", NUMBER).queryParam("termination", "completed").get("/api/calls").then()
                .statusCode(200).body("items[0].callSid", equalTo(callSid));
    }

    private List<String> activeCallSids() {
        return api().get("/api/calls/active").then().statusCode(200).extract().jsonPath().getList("items.callSid");
    }

}
