package io.callbridge.api;

import static io.callbridge.testing.Api.api;
import static io.callbridge.testing.Api.badParameter;
import static io.callbridge.testing.Api.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Calls API's CDR side over HTTP against the real PostgreSQL, on rows this test writes: one CDR, the
 * history with its filters and cursor, and hanging up calls that are not live. Numbers 769x belong to this
 * test; {@link CallsApiLiveTest} hangs up a real call.
 */
@QuarkusTest
class CallsApiTest {

    static final String KEY = "test-key"; // %test.callbridge.api.keys
    static final String PROBLEM = "application/problem+json";
    static final String PAGED = "7691";
    static final String FILTERED = "7692";
    static final String SINGLE = "7693";
    static final List<String> NUMBERS = List.of(PAGED, FILTERED, SINGLE);
    /** A fixed past minute, microsecond precision as PostgreSQL keeps it. */
    static final OffsetDateTime T0 = OffsetDateTime.of(2026, 1, 15, 10, 0, 0, 123_456_000, ZoneOffset.UTC);

    @Inject
    CdrRows rows;

    @BeforeEach
    @AfterEach
    void clean() {
        rows.deleteTo(NUMBERS);
    }

    @Test
    void oneCallsCdrWithEveryColumn() {
        CallRecord r = rows.insert(SINGLE, T0, c -> {
            c.fromNumber = "+15557693000";
            c.termination = "agent_hangup";
            c.terminationReason = "agent closed the stream";
            c.agentUrl = "ws://127.0.0.1:9001/stream";
            c.protocol = "twilio";
            c.packetsIn = 150L;
            c.packetsOut = 151L;
            c.bytesIn = 24_000L;
            c.bytesOut = 24_160L;
            c.packetsLost = 2L;
            c.packetsOutOfOrder = 1L;
            c.jitterMs = 3.25;
            c.framesDropped = 4L;
            c.agentReconnects = 1;
            c.firstAudioMs = 180;
            c.agentMalformed = 5L;
            c.callerPacketsIn = 1480L;
            c.callerPacketsLostIn = 20L;
            c.callerLossInPercent = 1.33;
            c.callerJitterInMs = 4.5;
            c.callerPacketsOut = 1500L;
            c.callerPacketsLostOut = null;
            c.callerLossOutPercent = null;
            c.callerJitterOutMs = null;
            c.callerRttMs = null;
            c.callerMos = 3.6;
            c.callerQualityAt = c.endedAt.minusSeconds(4);
        });

        api().get("/api/calls/" + r.callSid).then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("callSid", equalTo(r.callSid))
                .body("channelId", equalTo(r.channelId))
                .body("direction", equalTo("inbound"))
                .body("from", equalTo("+15557693000"))
                .body("to", equalTo(SINGLE))
                .body("route", equalTo(SINGLE))
                .body("state", equalTo("ended"))
                .body("startedAt", equalTo("2026-01-15T10:00:00.123456Z"))
                .body("answeredAt", equalTo("2026-01-15T10:00:01.123456Z"))
                .body("endedAt", equalTo("2026-01-15T10:00:30.123456Z"))
                .body("termination", equalTo("agent_hangup"))
                .body("terminationReason", equalTo("agent closed the stream"))
                .body("sipCode", equalTo(200))
                .body("agentUrl", equalTo("ws://127.0.0.1:9001/stream"))
                .body("protocol", equalTo("twilio"))
                .body("packetsIn", equalTo(150))
                .body("packetsOut", equalTo(151))
                .body("bytesIn", equalTo(24_000))
                .body("bytesOut", equalTo(24_160))
                .body("packetsLost", equalTo(2))
                .body("packetsOutOfOrder", equalTo(1))
                .body("jitterMs", equalTo(3.25f))
                .body("framesDropped", equalTo(4))
                .body("agentReconnects", equalTo(1))
                .body("firstAudioMs", equalTo(180))
                .body("agentMalformed", equalTo(5))
                .body("callerQuality.packetsIn", equalTo(1480))
                .body("callerQuality.packetsLostIn", equalTo(20))
                .body("callerQuality.lossInPercent", equalTo(1.33f))
                .body("callerQuality.jitterInMs", equalTo(4.5f))
                .body("callerQuality.packetsOut", equalTo(1500))
                .body("callerQuality.packetsLostOut", nullValue())
                .body("callerQuality", hasKey("packetsLostOut"))
                .body("callerQuality.lossOutPercent", nullValue())
                .body("callerQuality.jitterOutMs", nullValue())
                .body("callerQuality.rttMs", nullValue())
                .body("callerQuality.mos", equalTo(3.6f))
                .body("callerQuality.sampledAt", equalTo("2026-01-15T10:00:26.123456Z"))
                .body("$", not(hasKey("id")));
    }

    @Test
    void figuresACallNeverHadAreNull() {
        CallRecord r = rows.insert(SINGLE, T0, c -> {
            c.termination = "no_route";
            c.sipCode = 404;
            c.answeredAt = null;
            c.route = null;
        });
        api().get("/api/calls/" + r.callSid).then().statusCode(200)
                .body("termination", equalTo("no_route"))
                .body("answeredAt", nullValue())
                .body("route", nullValue())
                .body("packetsIn", nullValue())
                .body("$", hasKey("packetsIn"))
                .body("firstAudioMs", nullValue())
                .body("callerQuality", nullValue())
                .body("$", hasKey("callerQuality"));
    }

    @Test
    void anUnknownOrMalformedCallSidIs404() {
        String unknown = CdrRows.newCallSid();
        problem(api().get("/api/calls/" + unknown), 404)
                .body("type", equalTo("about:blank"))
                .body("detail", equalTo("no call " + unknown))
                .body("instance", equalTo("/api/calls/" + unknown));
        problem(api().get("/api/calls/not-a-call-sid"), 404);
        problem(api().post("/api/calls/" + unknown + "/hangup"), 404).body("detail", equalTo("no call " + unknown));
        problem(api().post("/api/calls/not-a-call-sid/hangup"), 404);
    }

    @Test
    void hangingUpACallThatEndedIs409() {
        CallRecord r = rows.insert(SINGLE, T0, c -> { });
        problem(api().post("/api/calls/" + r.callSid + "/hangup"), 409)
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Conflict"))
                .body("detail", equalTo("call " + r.callSid + " is not in progress"));
        api().get("/api/calls/" + r.callSid).then().statusCode(200).body("termination", equalTo("completed"));
    }

    @Test
    void aCallOnRecordButNotLiveHereIs409() {
        // A row left open (say by another instance, or a run cut off before recovery): nothing here to hang up.
        CallRecord r = rows.insert(SINGLE, T0, c -> {
            c.state = "ANSWERED";
            c.endedAt = null;
            c.termination = null;
        });
        problem(api().post("/api/calls/" + r.callSid + "/hangup"), 409);
    }

    @Test
    void theCursorWalksTheHistoryNewestFirstWithoutGapsOrRepeats() {
        // Seven calls; three started in the same microsecond, so the id decides their order.
        List<CallRecord> inserted = new ArrayList<>();
        for (int i = 0; i < 4; i++) inserted.add(rows.insert(PAGED, T0.plusSeconds(i), c -> { }));
        for (int i = 0; i < 3; i++) inserted.add(rows.insert(PAGED, T0.plusSeconds(2), c -> { }));
        List<String> expected = inserted.stream()
                .sorted(Comparator.comparing((CallRecord c) -> c.startedAt).thenComparing(c -> c.id).reversed())
                .map(c -> c.callSid).toList();

        List<String> walked = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            RequestSpecification request = api().queryParam("to", PAGED).queryParam("limit", 3);
            if (cursor != null) request.queryParam("cursor", cursor);
            JsonPath page = request.get("/api/calls").then().statusCode(200).body("$", hasKey("nextCursor"))
                    .extract().jsonPath();
            List<String> sids = page.getList("items.callSid");
            walked.addAll(sids);
            pageSizes.add(sids.size());
            cursor = page.getString("nextCursor");
        } while (cursor != null);

        assertEquals(expected, walked);
        assertEquals(List.of(3, 3, 1), pageSizes);
        assertEquals(walked.size(), new HashSet<>(walked).size());
    }

    @Test
    void aPageThatEndsTheHistoryHasNoNextCursor() {
        for (int i = 0; i < 3; i++) rows.insert(PAGED, T0.plusSeconds(i), c -> { });
        api().queryParam("to", PAGED).queryParam("limit", 3).get("/api/calls").then().statusCode(200)
                .body("items.size()", equalTo(3)).body("nextCursor", nullValue());
        String cursor = api().queryParam("to", PAGED).queryParam("limit", 2).get("/api/calls").then().statusCode(200)
                .body("items.size()", equalTo(2)).body("nextCursor", notNullValue()).extract().path("nextCursor");
        api().queryParam("to", PAGED).queryParam("limit", 2).queryParam("cursor", cursor).get("/api/calls")
                .then().statusCode(200).body("items.size()", equalTo(1)).body("nextCursor", nullValue());
        // The default limit is 50.
        api().queryParam("to", PAGED).get("/api/calls").then().statusCode(200)
                .body("items.size()", equalTo(3)).body("nextCursor", nullValue())
                .body("items[0].startedAt", equalTo("2026-01-15T10:00:02.123456Z"));
    }

    @Test
    void theHistoryWithoutFiltersListsTheNewestCalls() {
        // two calls newer than anything else, so that a page of one has a next page whatever else is stored
        rows.insert(SINGLE, OffsetDateTime.now(ZoneOffset.UTC).plusDays(1).minusMinutes(1), c -> { });
        CallRecord future = rows.insert(SINGLE, OffsetDateTime.now(ZoneOffset.UTC).plusDays(1), c -> { });
        api().queryParam("limit", 1).get("/api/calls").then().statusCode(200)
                .body("items[0].callSid", equalTo(future.callSid))
                .body("nextCursor", notNullValue());
    }

    @Test
    void filtersNarrowTheHistory() {
        CallRecord a = rows.insert(FILTERED, T0, c -> c.fromNumber = "+15557692001");
        CallRecord b = rows.insert(FILTERED, T0.plusMinutes(1), c -> {
            c.fromNumber = "+15557692002";
            c.termination = "caller_hangup";
        });
        CallRecord c3 = rows.insert(FILTERED, T0.plusMinutes(2), c -> {
            c.fromNumber = "+15557692002";
            c.direction = "outbound";
            c.termination = "no_answer";
        });

        assertEquals(List.of(c3.callSid, b.callSid, a.callSid), sids(Map.of("to", FILTERED)));
        assertEquals(List.of(a.callSid), sids(Map.of("to", FILTERED, "from", "+15557692001")));
        // from in another form: national, with punctuation
        assertEquals(List.of(c3.callSid, b.callSid), sids(Map.of("to", FILTERED, "from", "(555) 769-2002")));
        assertEquals(List.of(c3.callSid), sids(Map.of("to", FILTERED, "direction", "outbound")));
        assertEquals(List.of(b.callSid, a.callSid), sids(Map.of("to", FILTERED, "direction", "inbound")));
        assertEquals(List.of(b.callSid), sids(Map.of("to", FILTERED, "termination", "caller_hangup")));
        assertEquals(List.of(), sids(Map.of("to", FILTERED, "termination", "blocked")));
        // since is inclusive, until exclusive
        assertEquals(List.of(c3.callSid, b.callSid),
                sids(Map.of("to", FILTERED, "since", "2026-01-15T10:01:00.123456Z")));
        assertEquals(List.of(a.callSid),
                sids(Map.of("to", FILTERED, "until", "2026-01-15T10:01:00.123456Z")));
        assertEquals(List.of(b.callSid),
                sids(Map.of("to", FILTERED, "since", "2026-01-15T11:00:30+01:00", "until", "2026-01-15T10:01:30Z")));
        assertEquals(List.of(b.callSid), sids(Map.of("to", FILTERED, "from", "+15557692002", "direction", "inbound",
                "termination", "caller_hangup", "since", "2026-01-15T10:00:00Z", "until", "2026-01-16T00:00:00Z")));
        // An empty value is no filter.
        assertEquals(List.of(c3.callSid, b.callSid, a.callSid), sids(Map.of("to", FILTERED, "direction", "")));
    }

    @Test
    void anUnencodedPlusInTheQueryStillMeansPlus() {
        CallRecord a = rows.insert(FILTERED, T0, c -> c.fromNumber = "+15557692001");
        rows.insert(FILTERED, T0.plusMinutes(1), c -> c.fromNumber = "+15557692002");
        JsonPath page = given().header("Authorization", "Bearer " + KEY).urlEncodingEnabled(false)
                .get("/api/calls?to=" + FILTERED + "&from=+15557692001&until=2026-01-15T11:00:30+01:00")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(a.callSid), page.getList("items.callSid"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "limit       | 0",
            "limit       | 201",
            "limit       | ten",
            "direction   | sideways",
            "direction   | INBOUND",
            "termination | hung_up",
            "since       | yesterday",
            "since       | 2026-01-15",
            "until       | 2026-13-01T00:00:00Z",
            "cursor      | not-a-cursor",
            "cursor      | MTphOmI6Yw",
            "form        | +15557692001",
    })
    void aBadParameterIs400NamingIt(String name, String value) {
        badParameter(api().queryParam(name, value).get("/api/calls"), name);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {"limit | 0", "limit | 501", "limit | ten", "callsid | CA1"})
    void aBadDeliveriesParameterIs400NamingIt(String name, String value) {
        badParameter(api().queryParam(name, value).get("/api/webhooks/deliveries"), name);
    }

    @Test
    void everyBadParameterIsReportedAtOnce() {
        problem(api().queryParam("limit", 0).queryParam("direction", "up").queryParam("since", "2026-02-01T00:00:00Z")
                .queryParam("until", "2026-01-01T00:00:00Z").get("/api/calls"), 400)
                .body("errors.field", equalTo(List.of("direction", "until", "limit")))
                .body("errors.find { it.field == 'until' }.message", equalTo("must be after since"));
        problem(api().queryParam("to", "7692").queryParam("to", "7693").get("/api/calls"), 400)
                .body("errors[0].field", equalTo("to")).body("errors[0].message", equalTo("must be given once"));
        problem(api().queryParam("from", "x".repeat(129)).get("/api/calls"), 400).body("errors.field", hasItem("from"));
    }

    @Test
    void theActiveListIsAnObjectWithItems() {
        api().get("/api/calls/active").then().statusCode(200).contentType(ContentType.JSON).body("$", hasKey("items"));
    }

    @Test
    void withoutAKeyEveryCallsRequestIs401() {
        CallRecord r = rows.insert(SINGLE, T0, c -> { });
        for (var request : List.of(given().get("/api/calls"), given().get("/api/calls/active"),
                given().get("/api/calls/" + r.callSid), given().post("/api/calls/" + r.callSid + "/hangup"),
                given().header("Authorization", "Bearer wrong").get("/api/calls"))) {
            problem(request, 401);
        }
    }

    @Test
    void aWrongMethodIs405() {
        problem(api().delete("/api/calls/active"), 405);
        problem(api().get("/api/calls/" + CdrRows.newCallSid() + "/hangup"), 405);
    }

    @Test
    void theCursorIsOpaqueButStable() {
        CallRecord r = rows.insert(PAGED, T0, c -> { });
        rows.insert(PAGED, T0.minus(1, ChronoUnit.MICROS), c -> { });
        String cursor = api().queryParam("to", PAGED).queryParam("limit", 1).get("/api/calls").then()
                .extract().path("nextCursor");
        assertNotNull(cursor);
        assertTrue(cursor.matches("[A-Za-z0-9_-]+"), "URL-safe: " + cursor);
        assertEquals(new CallCursor.Position(r.startedAt, r.id), CallCursor.decode(cursor).orElseThrow());
        assertNull(CallCursor.decode("!!").orElse(null));
    }

    private static List<String> sids(Map<String, String> query) {
        return api().queryParams(query).get("/api/calls").then().statusCode(200)
                .extract().jsonPath().getList("items.callSid");
    }


}
