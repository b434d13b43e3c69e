package io.callbridge.api;

import static io.callbridge.testing.Api.api;
import static io.callbridge.testing.Api.badParameter;
import static io.callbridge.testing.Api.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.callbridge.store.CallRecord;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Call analytics over HTTP against the real PostgreSQL, on CDRs this test writes in March 2031 (a time no
 * other test uses) and, for calls still running, around now on route 7702 only. Numbers 770x belong to this
 * test.
 */
@QuarkusTest
class AnalyticsApiTest {

    static final String ROUTE = "7701";
    static final String LIVE_ROUTE = "7702";
    static final OffsetDateTime H0 = OffsetDateTime.of(2031, 3, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    static final OffsetDateTime H1 = H0.plusHours(1);
    static final OffsetDateTime H3 = H0.plusHours(3);

    @Inject
    CdrRows rows;

    @BeforeEach
    @AfterEach
    void clean() {
        rows.deleteTo(List.of(ROUTE, LIVE_ROUTE));
    }

    /**
     * Four hours from H0 (2031-03-01T00:00Z), every bucket's figures known. All calls inbound unless said.
     * <pre>
     * c0 23:50-00:20      before the range, running at its start; completed
     * c1 00:05-00:15      answered 00:05:10.5 (589.5 s); completed
     * c2 00:10-00:10:30   not answered; no_answer
     * c3 00:50-01:30      answered 00:51 (2340 s), spans two buckets; caller_hangup
     * c4 01:30-01:30:00.2 not answered, starts the instant c3 ends; blocked
     * c5 01:40-01:45      answered at once (300 s); completed
     *    02:00-03:00      nothing
     * c6 03:00-03:10      answered 03:01 (540 s); completed
     * c7 03:02-03:05      answered 03:03 (120 s); agent_hangup
     * c8 03:04-03:04:30   not answered; busy
     * c9 03:20-03:21      outbound, answered at once (60 s); completed
     * </pre>
     */
    void insertDay() {
        call(H0.minusMinutes(10), H0.minusMinutes(9), H0.plusMinutes(20), "completed", "inbound");
        call(H0.plusMinutes(5), H0.plusMinutes(5).plusSeconds(10).plusNanos(500_000_000), H0.plusMinutes(15),
                "completed", "inbound");
        call(H0.plusMinutes(10), null, H0.plusMinutes(10).plusSeconds(30), "no_answer", "inbound");
        call(H0.plusMinutes(50), H0.plusMinutes(51), H1.plusMinutes(30), "caller_hangup", "inbound");
        call(H1.plusMinutes(30), null, H1.plusMinutes(30).plusNanos(200_000_000), "blocked", "inbound");
        call(H1.plusMinutes(40), H1.plusMinutes(40), H1.plusMinutes(45), "completed", "inbound");
        call(H3, H3.plusMinutes(1), H3.plusMinutes(10), "completed", "inbound");
        call(H3.plusMinutes(2), H3.plusMinutes(3), H3.plusMinutes(5), "agent_hangup", "inbound");
        call(H3.plusMinutes(4), null, H3.plusMinutes(4).plusSeconds(30), "busy", "inbound");
        call(H3.plusMinutes(20), H3.plusMinutes(20), H3.plusMinutes(21), "completed", "outbound");
    }

    private CallRecord call(OffsetDateTime started, OffsetDateTime answered, OffsetDateTime ended, String termination,
                            String direction) {
        return rows.insert(ROUTE, started, c -> {
            c.answeredAt = answered;
            c.endedAt = ended;
            c.termination = termination;
            c.direction = direction;
        });
    }

    @Test
    void everyHourlyFigureOfEveryBucket() {
        insertDay();
        JsonPath body = analytics(Map.of("from", "2031-03-01T00:00:00Z", "to", "2031-03-01T04:00:00Z",
                "interval", "hour", "route", ROUTE)).extract().jsonPath();

        assertEquals("2031-03-01T00:00:00Z", body.getString("from"));
        assertEquals("2031-03-01T04:00:00Z", body.getString("to"));
        assertEquals("hour", body.getString("interval"));
        assertEquals(List.of("2031-03-01T00:00:00Z", "2031-03-01T01:00:00Z", "2031-03-01T02:00:00Z",
                "2031-03-01T03:00:00Z"), body.getList("buckets.start"));
        // c0 started in the bucket before: not counted here, but running at 00:10 with c1 and c2.
        assertBucket(body, 0, 3, 2, 0.6667f, 1464.75f, Map.of("completed", 1, "no_answer", 1, "caller_hangup", 1), 3);
        // c3 carried over from 00:50; c4 starts as it ends, so never two at once.
        assertBucket(body, 1, 2, 1, 0.5f, 300.0f, Map.of("blocked", 1, "completed", 1), 1);
        assertBucket(body, 2, 0, 0, null, null, Map.of(), 0);
        assertBucket(body, 3, 4, 3, 0.75f, 240.0f, Map.of("completed", 2, "agent_hangup", 1, "busy", 1), 3);
    }

    @Test
    void dailyBucketsAndARangeRoundedToWholeDays() {
        insertDay();
        JsonPath body = analytics(Map.of("from", "2031-03-01T05:00:00Z", "to", "2031-03-02T01:00:00+02:00",
                "interval", "day", "route", ROUTE)).extract().jsonPath();

        // 05:00 goes down to midnight, 2031-03-01T23:00Z up to the next one.
        assertEquals("2031-03-01T00:00:00Z", body.getString("from"));
        assertEquals("2031-03-02T00:00:00Z", body.getString("to"));
        assertEquals(List.of("2031-03-01T00:00:00Z"), body.getList("buckets.start"));
        // c0 started on 28 February; the other nine on the day, six of them answered.
        assertBucket(body, 0, 9, 6, 0.6667f, 658.25f,
                Map.of("completed", 4, "no_answer", 1, "caller_hangup", 1, "blocked", 1, "agent_hangup", 1, "busy", 1),
                3);

        body = analytics(Map.of("from", "2031-02-28T00:00:00Z", "to", "2031-03-03T00:00:00Z", "interval", "day",
                "route", ROUTE)).extract().jsonPath();
        assertEquals(List.of(1, 9, 0), body.getList("buckets.calls"));
        assertEquals(List.of(1, 3, 0), body.getList("buckets.peakConcurrency"));
    }

    @Test
    void directionAndRouteFilterEveryFigure() {
        insertDay();
        JsonPath body = analytics(Map.of("from", "2031-03-01T00:00:00Z", "to", "2031-03-01T04:00:00Z",
                "interval", "hour", "route", ROUTE, "direction", "outbound")).extract().jsonPath();
        assertEquals(List.of(0, 0, 0, 1), body.getList("buckets.calls"));
        assertEquals(List.of(0, 0, 0, 1), body.getList("buckets.peakConcurrency"));
        assertBucket(body, 3, 1, 1, 1.0f, 60.0f, Map.of("completed", 1), 1);

        body = analytics(Map.of("from", "2031-03-01T00:00:00Z", "to", "2031-03-01T04:00:00Z",
                "interval", "hour", "route", LIVE_ROUTE)).extract().jsonPath();
        assertEquals(List.of(0, 0, 0, 0), body.getList("buckets.calls"));
        assertEquals(List.of(0, 0, 0, 0), body.getList("buckets.peakConcurrency"));
    }

    /**
     * The caller leg's quality per bucket, over the calls that have it: at 00:00 one clean call (MOS 4.41), one at
     * 10 % loss in (MOS 1.48) and one whose caller also reported 20 % loss out (the worse direction counts), and
     * one answered call never sampled; nothing at 01:00.
     */
    @Test
    void theCallerLegsQualityPerBucket() {
        withQuality(H0.plusMinutes(1), 4.41, 0.0, null);
        withQuality(H0.plusMinutes(3), 1.48, 10.0, null);
        withQuality(H0.plusMinutes(5), 1.2, 2.0, 20.0);
        rows.insert(ROUTE, H0.plusMinutes(7), c -> { });

        JsonPath body = analytics(Map.of("from", "2031-03-01T00:00:00Z", "to", "2031-03-01T02:00:00Z",
                "interval", "hour", "route", ROUTE)).extract().jsonPath();

        assertEquals(3, body.getInt("buckets[0].quality.calls"));
        assertEquals(2.36f, body.getFloat("buckets[0].quality.averageMos"), 0.001);
        assertEquals(10.0f, body.getFloat("buckets[0].quality.averageLossPercent"), 0.001);
        assertEquals(2, body.getInt("buckets[0].quality.poorCalls"));
        assertEquals(0, body.getInt("buckets[1].quality.calls"));
        assertNull(body.get("buckets[1].quality.averageMos"));
        assertNull(body.get("buckets[1].quality.averageLossPercent"));
        assertEquals(0, body.getInt("buckets[1].quality.poorCalls"));
    }

    private void withQuality(OffsetDateTime started, double mos, double lossIn, Double lossOut) {
        rows.insert(ROUTE, started, c -> {
            c.callerMos = mos;
            c.callerLossInPercent = lossIn;
            c.callerLossOutPercent = lossOut;
            c.callerQualityAt = c.endedAt;
        });
    }

    @Test
    void aCallStillRunningIsInProgressUntilNow() {
        OffsetDateTime hour = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
        // Started 2 h before the current hour, no end yet: running through every bucket up to now.
        rows.insert(LIVE_ROUTE, hour.minusHours(2).plusMinutes(1), c -> {
            c.state = "ANSWERED";
            c.answeredAt = c.startedAt.plusSeconds(1);
            c.endedAt = null;
            c.termination = null;
        });
        JsonPath body = analytics(Map.of("from", hour.minusHours(3).toInstant().toString(),
                "to", hour.plusHours(3).toInstant().toString(), "interval", "hour", "route", LIVE_ROUTE))
                .extract().jsonPath();

        assertEquals(List.of(0, 1, 0, 0, 0, 0), body.getList("buckets.calls"));
        assertEquals(List.of(0, 1, 0, 0, 0, 0), body.getList("buckets.answered"));
        // Not ended: no duration yet, and no termination to count it under.
        assertEquals(Map.of(), body.getMap("buckets[1].byTermination"));
        body.getList("buckets.averageDurationSeconds").forEach(d -> assertEquals(null, d));
        List<Integer> peaks = body.getList("buckets.peakConcurrency");
        assertEquals(List.of(0, 1, 1, 1), peaks.subList(0, 4), "running from its start through the current hour");
        // Two hours ahead nothing runs yet (checked far enough ahead that the clock crossing an hour cannot matter).
        assertEquals(0, peaks.get(5));
    }

    @Test
    void theLongestRangesAllowed() {
        analytics(Map.of("from", "2031-01-01T00:00:00Z", "to", "2031-02-01T00:00:00Z", "interval", "hour"))
                .body("buckets.size()", equalTo(744));
        analytics(Map.of("from", "2031-01-01T00:00:00Z", "to", "2032-01-02T00:00:00Z", "interval", "day"))
                .body("buckets.size()", equalTo(366));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "from      | ",
            "from      | yesterday",
            "from      | 2031-03-01",
            "from      | +300000-01-01T00:00:00Z",
            "to        | ",
            "to        | 2031-13-01T00:00:00Z",
            "to        | 2031-03-01T00:00:00Z",
            "to        | 2031-02-28T00:00:00Z",
            "to        | 2031-04-01T00:00:01Z",
            "interval  | ",
            "interval  | week",
            "interval  | HOUR",
            "direction | sideways",
            "route     | 77777777777777777777777777777777777777777777777777777777777777777",
            "form      | 2031-03-01T00:00:00Z",
    })
    void aBadParameterIs400NamingIt(String name, String value) {
        Map<String, String> params = new HashMap<>(
                Map.of("from", "2031-03-01T00:00:00Z", "to", "2031-03-01T04:00:00Z", "interval", "hour"));
        if (value == null) {
            params.remove(name);
        } else {
            params.put(name, value);
        }
        badParameter(api().queryParams(params).get("/api/analytics/calls"), name);
    }

    @Test
    void theRangeLimitDependsOnTheInterval() {
        problem(api().queryParams(Map.of("from", "2031-01-01T00:00:00Z", "to", "2031-02-01T00:00:01Z",
                "interval", "hour")).get("/api/analytics/calls"), 400)
                .body("errors[0].message",
                        equalTo("must be at most 31 days after from with interval=hour (744 buckets)"));
        problem(api().queryParams(Map.of("from", "2031-01-01T00:00:00Z", "to", "2032-01-02T00:00:01Z",
                "interval", "day")).get("/api/analytics/calls"), 400)
                .body("errors[0].message",
                        equalTo("must be at most 366 days after from with interval=day (366 buckets)"));
    }

    @Test
    void everyBadParameterIsReportedAtOnce() {
        problem(api().queryParam("interval", "week").queryParam("direction", "up").get("/api/analytics/calls"), 400)
                .body("errors.field", equalTo(List.of("from", "to", "interval", "direction")))
                .body("errors[0].message", equalTo("is required"));
        problem(api().queryParam("from", "2031-03-02T00:00:00Z").queryParam("to", "2031-03-01T00:00:00Z")
                .queryParam("interval", "day").queryParam("interval", "hour").get("/api/analytics/calls"), 400)
                .body("errors.field", equalTo(List.of("interval", "to")))
                .body("errors.find { it.field == 'to' }.message", equalTo("must be after from"));
    }

    @Test
    void withoutAKeyItIs401() {
        problem(given().queryParam("from", "2031-03-01T00:00:00Z").queryParam("to", "2031-03-01T04:00:00Z")
                .queryParam("interval", "hour").get("/api/analytics/calls"), 401);
    }

    private static io.restassured.response.ValidatableResponse analytics(Map<String, String> params) {
        RequestSpecification request = api().queryParams(params);
        return request.get("/api/analytics/calls").then().statusCode(200).contentType(ContentType.JSON);
    }

    private static void assertBucket(JsonPath body, int i, int calls, int answered, Float asr, Float averageDuration,
                                     Map<String, Integer> byTermination, int peak) {
        String b = "buckets[" + i + "].";
        assertEquals(calls, body.getInt(b + "calls"), b + "calls");
        assertEquals(answered, body.getInt(b + "answered"), b + "answered");
        assertEquals(asr, body.get(b + "answerSeizureRatio"), b + "answerSeizureRatio");
        assertEquals(averageDuration, body.get(b + "averageDurationSeconds"), b + "averageDurationSeconds");
        assertEquals(byTermination, body.getMap(b + "byTermination"), b + "byTermination");
        assertEquals(peak, body.getInt(b + "peakConcurrency"), b + "peakConcurrency");
    }
}
