package io.callbridge.api;

import static io.callbridge.testing.Api.VALIDATION;
import static io.callbridge.testing.Api.api;
import static io.callbridge.testing.Api.badField;
import static io.callbridge.testing.Api.badParameter;
import static io.callbridge.testing.Api.problem;
import static io.callbridge.testing.TestData.FIXTURE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.call.Blocklist;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The numbers blocklist API over HTTP against the real PostgreSQL. Numbers +1 555 760-00xx belong to this test. */
@QuarkusTest
class NumbersApiTest {

    static final String KEY = "test-key"; // %test.callbridge.api.keys
    static final String PROBLEM = "application/problem+json";
    static final List<String> NUMBERS = List.of("+15557600001", "+15557600002", "+15557600003", "+15557600004");

    @Inject
    Blocklist blocklist;

    @BeforeEach
    @AfterEach
    void clean() {
        NUMBERS.forEach(n -> blocklist.unblock(FIXTURE, n));
    }

    @Test
    void blockInAnyFormListAndUnblock() {
        String createdAt = api().body(Map.of("number", "(555) 760-0001", "reason", "spam"))
                .post("/api/numbers/block")
                .then().statusCode(201)
                .contentType(ContentType.JSON)
                .body("number", equalTo("+15557600001"))
                .body("reason", equalTo("spam"))
                .body("createdAt", notNullValue())
                .extract().path("createdAt");
        assertTrue(blocklist.find("+15557600001").isPresent(), "stored, and in effect for the next call");

        // Blocking it again, in another form: 200 with the entry, reason replaced, created time kept.
        api().body(Map.of("number", "+1 555.760.0001", "reason", "robocalls")).post("/api/numbers/block")
                .then().statusCode(200)
                .body("number", equalTo("+15557600001"))
                .body("reason", equalTo("robocalls"))
                .body("createdAt", equalTo(createdAt));

        List<Map<String, Object>> all = allBlocked(500);
        assertTrue(all.contains(Map.of("number", "+15557600001", "reason", "robocalls", "createdAt", createdAt)),
                all.toString());

        given().header("Authorization", "Bearer " + KEY).urlEncodingEnabled(false)
                .delete("/api/numbers/block/%2B15557600001").then().statusCode(204);
        assertFalse(blocklist.find("+15557600001").isPresent());
        problem(given().header("Authorization", "Bearer " + KEY).urlEncodingEnabled(false)
                .delete("/api/numbers/block/%2B15557600001"), 404)
                .body("type", equalTo("about:blank"))
                .body("detail", equalTo("+15557600001 is not blocked"))
                .body("instance", equalTo("/api/numbers/block/%2B15557600001"));
    }

    /** A caller whose SIP user is a name, not a number: blocked by that name, given alone or as a SIP URI. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "alice-7600                              | alice-7600",
            "sip:alice-7600@pbx.example.com          | alice-7600",
            "sip:+15557600004@carrier.example.com    | +15557600004",
            "7600                                    | 7600",
    })
    void aSipUserOrExtensionCanBeBlocked(String given, String stored) {
        try {
            api().body(Map.of("number", given)).post("/api/numbers/block").then().statusCode(201)
                    .body("number", equalTo(stored));
            assertTrue(blocklist.isBlocked(stored), "a call from " + stored + " is refused");
            given().header("Authorization", "Bearer " + KEY).urlEncodingEnabled(false)
                    .delete("/api/numbers/block/" + stored.replace("+", "%2B")).then().statusCode(204);
            assertFalse(blocklist.isBlocked(stored));
        } finally {
            blocklist.unblock(FIXTURE, stored);
        }
    }

    @Test
    void theReasonIsOptional() {
        api().body(Map.of("number", "+15557600002")).post("/api/numbers/block")
                .then().statusCode(201).body("reason", nullValue()).body("$", hasKey("reason"));
    }

    @Test
    void unblockTakesTheNumberInAnyFormAndAnUnencodedPlus() {
        blocklist.block(FIXTURE, "+15557600002", null);
        blocklist.block(FIXTURE, "+15557600003", null);
        given().header("Authorization", "Bearer " + KEY).urlEncodingEnabled(false)
                .delete("/api/numbers/block/+15557600002").then().statusCode(204);
        given().header("Authorization", "Bearer " + KEY)
                .delete("/api/numbers/block/(555) 760-0003").then().statusCode(204);
        assertFalse(blocklist.find("+15557600002").isPresent());
        assertFalse(blocklist.find("+15557600003").isPresent());
    }

    @Test
    void unblockingANumberThatIsNotBlockedIs404() {
        problem(api().delete("/api/numbers/block/5557600004"), 404)
                .body("detail", equalTo("5557600004 is not blocked"));
        problem(api().delete("/api/numbers/block/sip:nobody-7600@example.com"), 404);
    }

    @Test
    void pagesWalkTheListInNumberOrderWithoutGapsOrRepeats() {
        NUMBERS.forEach(n -> blocklist.block(FIXTURE, n, "page test"));
        long total = api().get("/api/numbers/blocked").then().statusCode(200)
                .body("page", equalTo(0))
                .body("size", equalTo(50))
                .extract().jsonPath().getLong("total");
        assertTrue(total >= NUMBERS.size(), "total " + total);

        List<String> walked = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonPath body = api().queryParam("page", page).queryParam("size", 3).get("/api/numbers/blocked")
                    .then().statusCode(200)
                    .body("page", equalTo(page)).body("size", equalTo(3))
                    .extract().jsonPath();
            assertEquals(total, body.getLong("total"));
            List<String> items = body.getList("items.number");
            if (items.isEmpty()) break;
            assertTrue(items.size() <= 3);
            walked.addAll(items);
        }
        assertEquals(total, walked.size(), "every entry once: " + walked);
        assertEquals(walked.size(), new HashSet<>(walked).size(), "no repeats: " + walked);
        assertEquals(walked.stream().sorted().toList(), walked, "ordered by number");
        assertTrue(walked.containsAll(NUMBERS));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "number | {}",
            "number | {\"reason\":\"spam\"}",
            "number | {\"number\":\"\"}",
            "number | {\"number\":\"   \"}",
            "number | {\"number\":\"sip:@example.com\"}",
            "number | {\"number\":\"alice@example.com\"}",
            "number | {\"number\":\"ali ce\"}",
            "number | {\"number\":\"1234567\"}",
            "number | {\"number\":\"+123\"}",
            "number | {\"number\":\"+1234567890123456\"}",
            "number | {\"number\":\"123456789012345678901\"}",
            "number | {\"number\":\"+1555CALLNOW\"}",
            "number | {\"number\":\"15557600001+\"}",
            "number | {\"number\":[\"+15557600001\"]}",
            "reason | {\"number\":\"+15557600001\",\"reason\":{\"a\":1}}",
            "bogus  | {\"number\":\"+15557600001\",\"bogus\":1}",
    })
    void invalidInputIs400NamingTheField(String field, String body) {
        badField(api().body(body).post("/api/numbers/block"), field);
        assertFalse(blocklist.find("+15557600001").isPresent());
    }

    @Test
    void aReasonOver255CharactersIs400() {
        problem(api().body(Map.of("number", "+15557600001", "reason", "x".repeat(256))).post("/api/numbers/block"), 400)
                .body("errors.field", equalTo(List.of("reason")))
                .body("errors[0].message", equalTo("must be at most 255 characters"));
        api().body(Map.of("number", "+15557600001", "reason", "x".repeat(255))).post("/api/numbers/block")
                .then().statusCode(201);
    }

    @Test
    void everyInvalidFieldIsReportedAtOnce() {
        problem(api().body(Map.of("number", "sip:@b", "reason", "x".repeat(300))).post("/api/numbers/block"), 400)
                .body("errors.field", equalTo(List.of("number", "reason")))
                .body("errors[0].message", equalTo("must be a phone number (+14155550100, or national digits of "
                        + "region US), an extension of at most 6 digits, or a SIP user (alice, sip:alice@pbx.example)"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"number\":\"+15557600001\",",
            "{\"number\":\"+15557600001\"} trailing",
            "{\"number\":\"+15557600001\",\"number\":\"+15557600002\"}",
            "[1,2]",
            "not json",
    })
    void malformedJsonIs400(String body) {
        problem(api().body(body).post("/api/numbers/block"), 400)
                .body("type", equalTo("tag:callbridge.io,2026:problem:malformed-json"))
                .body("detail", not(containsString("io.callbridge")));
    }

    @Test
    void anEmptyBodyIs400() {
        problem(api().post("/api/numbers/block"), 400).body("type", equalTo(VALIDATION))
                .body("errors[0].field", equalTo("number"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "page | -1",
            "page | x",
            "page | 1.5",
            "page | 99999999999",
            "size | 0",
            "size | 501",
            "size | many",
            "sise | 10",
    })
    void badPagingIs400NamingTheParameter(String name, String value) {
        badParameter(api().queryParam(name, value).get("/api/numbers/blocked"), name);
    }

    @Test
    void aPageTooFarForItsSizeIs400() {
        problem(api().queryParam("page", Integer.MAX_VALUE).queryParam("size", 2).get("/api/numbers/blocked"), 400)
                .body("errors.field", equalTo(List.of("page")));
        api().queryParam("page", 1000).queryParam("size", 500).get("/api/numbers/blocked")
                .then().statusCode(200).body("items", equalTo(List.of()));
    }

    @Test
    void aRepeatedParameterIs400() {
        problem(api().queryParam("size", 10).queryParam("size", 20).get("/api/numbers/blocked"), 400)
                .body("errors[0].field", equalTo("size")).body("errors[0].message", equalTo("must be given once"));
    }

    @Test
    void withoutAKeyEveryNumbersRequestIs401() {
        for (var request : List.of(given().get("/api/numbers/blocked"),
                given().contentType(ContentType.JSON).body(Map.of("number", "+15557600001")).post("/api/numbers/block"),
                given().delete("/api/numbers/block/+15557600001"),
                given().header("Authorization", "Bearer wrong").get("/api/numbers/blocked"))) {
            problem(request, 401);
        }
        assertFalse(blocklist.find("+15557600001").isPresent(), "a refused request must not write");
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        problem(given().header("Authorization", "Bearer " + KEY).contentType(ContentType.TEXT).body("+15557600001")
                .post("/api/numbers/block"), 415);
    }

    private static List<Map<String, Object>> allBlocked(int size) {
        return api().queryParam("size", size).get("/api/numbers/blocked").then().statusCode(200)
                .extract().jsonPath().getList("items");
    }


}
