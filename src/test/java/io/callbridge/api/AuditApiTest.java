package io.callbridge.api;

import static io.callbridge.testing.Api.api;
import static io.callbridge.testing.Api.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.audit.AuditLog;
import io.callbridge.call.Blocklist;
import io.callbridge.testing.TestData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GET /api/audit, and that every change through the API is on it with who made it, in the transaction of
 * the change. Route numbers 86xx and numbers +1 555 760-10xx belong to this test.
 */
@QuarkusTest
class AuditApiTest {

    static final String AGENT = "ws://127.0.0.1:9001/stream";
    /** The principal of the test profile's key (callbridge.api.keys=test-key). */
    static final Map<String, String> ACTOR = Map.of("keyId", "env-1", "name", "environment key 1");
    static final List<String> ROUTES = List.of("8601", "8602", "8603");
    static final String NUMBER = "+15557601001";
    static final String PAGED = "+15557601002";

    @Inject
    TestData data;

    @Inject
    AuditLog audit;

    @Inject
    Blocklist blocklist;

    @BeforeEach
    @AfterEach
    void clean() {
        ROUTES.forEach(data::removeRoute);
        blocklist.unblock(TestData.FIXTURE, NUMBER);
        blocklist.unblock(TestData.FIXTURE, PAGED);
        data.resetSettings();
    }

    @Test
    void routeCreateReplaceAndDeleteAreAuditedWithActorBeforeAndAfter() {
        int id = api().body(Map.of("number", "8601", "url", AGENT, "parameters", Map.of("tenant", "acme")))
                .post("/api/routes").then().statusCode(201).extract().path("id");
        Map<String, Object> created = newest("route.create", String.valueOf(id));
        assertEquals(ACTOR, created.get("actor"));
        assertNull(created.get("before"));
        Map<String, Object> after = route("8601", AGENT, "twilio", 8000, Map.of("tenant", "acme"), null);
        assertEquals(after, created.get("after"));
        assertTrue(OffsetDateTime.parse((String) created.get("at")).isAfter(OffsetDateTime.now().minusMinutes(1)));

        api().body(Map.of("number", "8602", "url", "wss://agent.example.com/v2", "protocol", "raw", "maxConcurrentCalls", 2))
                .put("/api/routes/" + id).then().statusCode(200);
        Map<String, Object> replaced = newest("route.replace", String.valueOf(id));
        assertEquals(ACTOR, replaced.get("actor"));
        assertEquals(after, replaced.get("before"));
        Map<String, Object> replacedBy = route("8602", "wss://agent.example.com/v2", "raw", 16000, Map.of(), 2);
        assertEquals(replacedBy, replaced.get("after"));

        api().delete("/api/routes/" + id).then().statusCode(204);
        Map<String, Object> deleted = newest("route.delete", String.valueOf(id));
        assertEquals(replacedBy, deleted.get("before"));
        assertNull(deleted.get("after"));

        // Newest first, and filtered by target: exactly this route's story.
        assertEquals(List.of("route.delete", "route.replace", "route.create"),
                api().queryParam("target", id).get("/api/audit").then().statusCode(200)
                        .extract().jsonPath().getList("items.action"));
    }

    @Test
    void blockReblockAndUnblockAreAudited() {
        api().body(Map.of("number", "(555) 760-1001", "reason", "spam")).post("/api/numbers/block").then().statusCode(201);
        Map<String, Object> blocked = newest("number.block", NUMBER);
        assertEquals(ACTOR, blocked.get("actor"));
        assertNull(blocked.get("before"));
        assertEquals(Map.of("number", NUMBER, "reason", "spam"), blocked.get("after"));

        api().body(Map.of("number", NUMBER, "reason", "robocalls")).post("/api/numbers/block").then().statusCode(200);
        Map<String, Object> reblocked = newest("number.block", NUMBER);
        assertEquals(Map.of("number", NUMBER, "reason", "spam"), reblocked.get("before"));
        assertEquals(Map.of("number", NUMBER, "reason", "robocalls"), reblocked.get("after"));

        api().delete("/api/numbers/block/" + NUMBER).then().statusCode(204);
        Map<String, Object> unblocked = newest("number.unblock", NUMBER);
        assertEquals(Map.of("number", NUMBER, "reason", "robocalls"), unblocked.get("before"));
        assertNull(unblocked.get("after"));

        long last = newestAuditId();
        api().delete("/api/numbers/block/" + NUMBER).then().statusCode(404);
        assertEquals(last, newestAuditId(), "unblocking a number that is not blocked changes nothing");
    }

    @Test
    void aConfigChangeIsAuditedPerKey() {
        api().body(Map.of("calls.maxConcurrentCalls", 12, "webhooks.dtmfEvents", true)).put("/api/config")
                .then().statusCode(200);
        Map<String, Object> limit = newest("config.update", "calls.maxConcurrentCalls");
        assertEquals(ACTOR, limit.get("actor"));
        Map<String, Object> none = new LinkedHashMap<>();
        none.put("calls.maxConcurrentCalls", null);
        assertEquals(none, limit.get("before"));
        assertEquals(Map.of("calls.maxConcurrentCalls", 12), limit.get("after"));
        Map<String, Object> dtmf = newest("config.update", "webhooks.dtmfEvents");
        assertEquals(Map.of("webhooks.dtmfEvents", false), dtmf.get("before"));
        assertEquals(Map.of("webhooks.dtmfEvents", true), dtmf.get("after"));

        // A reset shows the default it returns to.
        api().body(none).put("/api/config").then().statusCode(200);
        Map<String, Object> reset = newest("config.update", "calls.maxConcurrentCalls");
        assertEquals(Map.of("calls.maxConcurrentCalls", 12), reset.get("before"));
        assertEquals(none, reset.get("after"));
    }

    @Test
    void refusedChangesLeaveNoEntry() {
        int id = api().body(Map.of("number", "8601", "url", AGENT)).post("/api/routes").then().statusCode(201)
                .extract().path("id");
        int other = api().body(Map.of("number", "8602", "url", AGENT)).post("/api/routes").then().statusCode(201)
                .extract().path("id");
        long last = newestAuditId();

        api().body(Map.of("number", "8603", "url", "http://not-a-websocket")).post("/api/routes").then().statusCode(400);
        api().body(Map.of("number", "8601", "url", AGENT)).post("/api/routes").then().statusCode(409);
        api().body(Map.of("number", "8601", "url", AGENT)).put("/api/routes/" + other).then().statusCode(409);
        api().body(Map.of("number", "8601", "url", "ftp://x")).put("/api/routes/" + id).then().statusCode(400);
        api().body(Map.of("number", "8601", "url", AGENT)).put("/api/routes/999999999").then().statusCode(404);
        api().delete("/api/routes/999999999").then().statusCode(404);
        api().body(Map.of("number", "sip:@example.com")).post("/api/numbers/block").then().statusCode(400);
        api().body(Map.of("calls.maxConcurrentCalls", 0)).put("/api/config").then().statusCode(400);
        given().contentType("application/json").body(Map.of("number", "8603", "url", AGENT)).post("/api/routes")
                .then().statusCode(401);

        assertEquals(last, newestAuditId());
    }

    @Test
    void recordJoinsTheCallersTransactionAndNeedsOne() {
        assertThrows(TransactionalException.class,
                () -> audit.record(TestData.FIXTURE, "test.outside", "t", null, null));
        long last = newestAuditId();
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            audit.record(TestData.FIXTURE, "test.rolled-back", "t", null, Map.of("a", 1));
            throw new IllegalStateException("the change fails after its entry was written");
        }));
        assertEquals(last, newestAuditId(), "the entry rolled back with the change");
    }

    @Test
    void pagesWalkTheLogNewestFirstWithoutGapsOrRepeats() {
        for (int i = 0; i < 4; i++) {
            api().body(Map.of("number", PAGED, "reason", "round " + i)).post("/api/numbers/block")
                    .then().statusCode(i == 0 ? 201 : 200);
        }
        api().delete("/api/numbers/block/" + PAGED).then().statusCode(204);

        List<Map<String, Object>> walked = new ArrayList<>();
        String cursor = null;
        do {
            var request = api().queryParam("target", PAGED).queryParam("limit", 2);
            if (cursor != null) request.queryParam("cursor", cursor);
            JsonPath page = request.get("/api/audit").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = page.getList("items");
            assertTrue(items.size() <= 2);
            walked.addAll(items);
            cursor = page.getString("nextCursor");
        } while (cursor != null);

        assertEquals(5, walked.size(), walked.toString());
        assertEquals(5, new HashSet<>(walked.stream().map(e -> e.get("id")).toList()).size());
        assertEquals(List.of("number.unblock", "number.block", "number.block", "number.block", "number.block"),
                walked.stream().map(e -> e.get("action")).toList());
        assertEquals("round 0", ((Map<?, ?>) walked.getLast().get("after")).get("reason"));
        // The unencoded + of a number arrives as a space; the filter still matches.
        assertEquals(5, given().header("Authorization", "Bearer test-key").urlEncodingEnabled(false)
                .get("/api/audit?target=" + PAGED).then().statusCode(200).extract().jsonPath().getList("items").size());
        assertEquals(List.of("number.unblock"), api().queryParam("target", PAGED).queryParam("action", "number.unblock")
                .get("/api/audit").then().statusCode(200).extract().jsonPath().getList("items.action"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "limit  | 0",
            "limit  | 201",
            "limit  | ten",
            "cursor | not-a-cursor",
            "actor  | env-1",
    })
    void badParametersAre400NamingThem(String name, String value) {
        problem(api().queryParam(name, value).get("/api/audit"), 400)
                .body("errors.field", equalTo(List.of(name)));
    }

    @Test
    void withoutAKeyTheAuditLogIs401() {
        problem(given().get("/api/audit"), 401);
    }

    /** The id of the newest audit entry, 0 when there is none. */
    static long newestAuditId() {
        List<Integer> ids = api().queryParam("limit", 1).get("/api/audit").then().statusCode(200)
                .extract().jsonPath().getList("items.id");
        return ids.isEmpty() ? 0 : ids.getFirst();
    }

    private static Map<String, Object> newest(String action, String target) {
        List<Map<String, Object>> items = api().queryParam("action", action).queryParam("target", target)
                .queryParam("limit", 1).get("/api/audit").then().statusCode(200).extract().jsonPath().getList("items");
        assertEquals(1, items.size(), "no " + action + " entry for " + target);
        return items.getFirst();
    }

    private static Map<String, Object> route(String number, String url, String protocol, int sampleRate,
                                             Map<String, String> parameters, Integer maxConcurrentCalls) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", number);
        m.put("description", null);
        m.put("url", url);
        m.put("protocol", protocol);
        m.put("sampleRate", sampleRate);
        m.put("parameters", parameters);
        m.put("maxConcurrentCalls", maxConcurrentCalls);
        m.put("onAgentFailure", "hangup");
        m.put("record", false);
        m.put("recordAnnouncement", null);
        m.put("mohClass", null);
        m.put("holdEvents", false);
        return m;
    }
}
