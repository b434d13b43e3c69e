package io.callbridge.api;

import static io.callbridge.testing.Api.VALIDATION;
import static io.callbridge.testing.Api.api;
import static io.callbridge.testing.Api.badField;
import static io.callbridge.testing.Api.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.call.AgentRoute;
import io.callbridge.call.CallRouting;
import io.callbridge.stream.Protocol;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Routes API over HTTP against the real PostgreSQL. Numbers 88xx belong to this test. */
@QuarkusTest
class RoutesApiTest {

    static final String KEY = "test-key"; // %test.callbridge.api.keys
    static final String AGENT = "ws://127.0.0.1:9001/stream";
    static final String PROBLEM = "application/problem+json";
    static final List<String> NUMBERS = List.of("8801", "8802", "8803", "8804", "88123*", "8812345");

    @Inject
    TestData data;

    @Inject
    CallRouting routing;

    @BeforeEach
    @AfterEach
    void clean() {
        NUMBERS.forEach(data::removeRoute);
    }

    @Test
    void createReadListReplaceDelete() {
        int id = api().body(Map.of("number", "8801", "url", AGENT, "protocol", "twilio",
                        "description", "support line", "parameters", Map.of("tenant", "acme")))
                .post("/api/routes")
                .then().statusCode(201)
                .contentType(ContentType.JSON)
                .body("number", equalTo("8801"))
                .body("description", equalTo("support line"))
                .body("url", equalTo(AGENT))
                .body("protocol", equalTo("twilio"))
                .body("sampleRate", equalTo(8000))
                .body("parameters.tenant", equalTo("acme"))
                .body("maxConcurrentCalls", nullValue())
                .body("onAgentFailure", equalTo("hangup"))
                .body("createdAt", notNullValue())
                .extract().path("id");

        api().get("/api/routes/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("number", equalTo("8801")).body("parameters.tenant", equalTo("acme"));
        api().get("/api/routes").then().statusCode(200).body("number", hasItem("8801"));

        // A full replace: description and parameters left out go back to their defaults.
        api().body(Map.of("number", "8802", "url", "wss://agent.example.com/v1", "protocol", "raw",
                        "sampleRate", 24000, "maxConcurrentCalls", 3, "onAgentFailure", "sip:desk@example.com"))
                .put("/api/routes/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("number", equalTo("8802"))
                .body("description", nullValue())
                .body("url", equalTo("wss://agent.example.com/v1"))
                .body("protocol", equalTo("raw"))
                .body("sampleRate", equalTo(24000))
                .body("parameters", equalTo(Map.of()))
                .body("maxConcurrentCalls", equalTo(3))
                .body("onAgentFailure", equalTo("sip:desk@example.com"));
        api().get("/api/routes/" + id).then().statusCode(200).body("number", equalTo("8802"));

        api().delete("/api/routes/" + id).then().statusCode(204);
        problem(api().get("/api/routes/" + id), 404).body("type", equalTo("about:blank"))
                .body("instance", equalTo("/api/routes/" + id));
    }

    @Test
    void createAnswersWithTheLocationOfTheNewRoute() {
        var created = api().body(Map.of("number", "8801", "url", AGENT)).post("/api/routes").then().statusCode(201)
                .extract();
        int id = created.path("id");
        assertTrue(created.header("Location").endsWith("/api/routes/" + id), created.header("Location"));
    }

    @Test
    void aGetResponseCanBePutBack() {
        var created = api().body(Map.of("number", "8801", "url", AGENT)).post("/api/routes").then().statusCode(201)
                .extract().body().asString();
        int id = JsonPath.from(created).getInt("id");
        api().body(created.replace("\"8801\"", "\"8803\"")).put("/api/routes/" + id)
                .then().statusCode(200).body("number", equalTo("8803"));
    }

    @Test
    void rawWithoutSampleRateDefaultsTo16000() {
        api().body(Map.of("number", "8801", "url", AGENT, "protocol", "raw")).post("/api/routes")
                .then().statusCode(201).body("protocol", equalTo("raw")).body("sampleRate", equalTo(16000));
    }

    @Test
    void aCreatedPrefixRouteRoutesMatchingNumbers() {
        int prefix = api().body(Map.of("number", "88123*", "url", AGENT, "protocol", "raw", "sampleRate", 8000,
                "parameters", Map.of("tenant", "acme"))).post("/api/routes").then().statusCode(201).extract().path("id");

        AgentRoute route = routing.routeFor("881239999").orElseThrow();
        assertEquals(prefix, route.id());
        assertEquals("88123*", route.number());
        assertEquals(Protocol.RAW, route.protocol());
        assertEquals(8000, route.sampleRate());
        assertEquals(Map.of("tenant", "acme"), route.parameters());
        assertEquals(AGENT, route.url().toString());

        // An exact route beats the prefix; without it, the prefix takes the number.
        int exact = api().body(Map.of("number", "8812345", "url", AGENT)).post("/api/routes").then().statusCode(201)
                .extract().path("id");
        assertEquals(exact, routing.routeFor("8812345").orElseThrow().id());
        api().delete("/api/routes/" + exact).then().statusCode(204);
        assertEquals(prefix, routing.routeFor("8812345").orElseThrow().id());
        assertNotEquals(prefix, routing.routeFor("8812").map(AgentRoute::id).orElse(-1L));
    }

    @Test
    void withoutAKeyEveryApiRequestIs401() {
        for (var request : List.of(given().get("/api/routes"), given().get("/api/routes/1"),
                given().get("/api/nothing-here"), given().get("/api"),
                given().contentType(ContentType.JSON).body("{").post("/api/routes"),
                given().header("Authorization", "Basic dGVzdC1rZXk6").get("/api/routes"),
                given().header("Authorization", "Bearer ").get("/api/routes"))) {
            problem(request, 401).header("WWW-Authenticate", startsWith("Bearer"));
        }
    }

    @Test
    void aWrongKeyIs401() {
        problem(given().header("Authorization", "Bearer wrong-key").get("/api/routes"), 401)
                .header("WWW-Authenticate", equalTo("Bearer realm=\"callbridge\", error=\"invalid_token\""))
                .body("detail", equalTo("the API key is not valid"));
        problem(given().header("Authorization", "Bearer " + KEY + "x").contentType(ContentType.JSON)
                .body(Map.of("number", "8801", "url", AGENT)).post("/api/routes"), 401);
        assertTrue(routing.routeFor("8801").isEmpty(), "a refused request must not write");
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() {
        given().header("Authorization", "bearer " + KEY).get("/api/routes").then().statusCode(200);
    }

    @Test
    void healthMetricsOpenApiAndNonApiPathsStayOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
        given().get("/apix").then().statusCode(not(equalTo(401)));
        given().get("/demo/nothing").then().statusCode(not(equalTo(401)));
    }

    @Test
    void unknownIdIs404() {
        problem(api().get("/api/routes/999999999"), 404).body("detail", equalTo("no route with id 999999999"));
        problem(api().body(Map.of("number", "8801", "url", AGENT)).put("/api/routes/999999999"), 404);
        problem(api().delete("/api/routes/999999999"), 404);
        problem(api().get("/api/routes/not-a-number"), 404);
        problem(api().get("/api/nothing-here"), 404).body("title", equalTo("Not Found"));
    }

    @Test
    void aWrongMethodIs405() {
        problem(api().patch("/api/routes"), 405);
        problem(api().post("/api/routes/1"), 405);
    }

    @Test
    void aDuplicateNumberIs409() {
        api().body(Map.of("number", "8801", "url", AGENT)).post("/api/routes").then().statusCode(201);
        problem(api().body(Map.of("number", "8801", "url", AGENT)).post("/api/routes"), 409)
                .body("type", equalTo("tag:callbridge.io,2026:problem:duplicate-number"))
                .body("errors[0].field", equalTo("number"));

        int other = api().body(Map.of("number", "8802", "url", AGENT)).post("/api/routes").then().statusCode(201)
                .extract().path("id");
        problem(api().body(Map.of("number", "8801", "url", AGENT)).put("/api/routes/" + other), 409);
        // Keeping its own number is not a conflict.
        api().body(Map.of("number", "8802", "url", "wss://agent.example.com/")).put("/api/routes/" + other)
                .then().statusCode(200);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "url            | {\"number\":\"8801\",\"url\":\"http://127.0.0.1:9001/stream\"}",
            "url            | {\"number\":\"8801\"}",
            "url            | {\"number\":\"8801\",\"url\":\"ws:///stream\"}",
            "protocol       | {\"number\":\"8801\",\"url\":\"ws://a/\",\"protocol\":\"sip\"}",
            "sampleRate     | {\"number\":\"8801\",\"url\":\"ws://a/\",\"protocol\":\"raw\",\"sampleRate\":44100}",
            "sampleRate     | {\"number\":\"8801\",\"url\":\"ws://a/\",\"protocol\":\"twilio\",\"sampleRate\":16000}",
            "sampleRate     | {\"number\":\"8801\",\"url\":\"ws://a/\",\"sampleRate\":\"fast\"}",
            "sampleRate     | {\"number\":\"8801\",\"url\":\"ws://a/\",\"protocol\":\"raw\",\"sampleRate\":16000.5}",
            "number         | {\"number\":\"88 01\",\"url\":\"ws://a/\"}",
            "maxConcurrentCalls | {\"number\":\"8801\",\"url\":\"ws://a/\",\"maxConcurrentCalls\":0}",
            "onAgentFailure | {\"number\":\"8801\",\"url\":\"ws://a/\",\"onAgentFailure\":\"voicemail\"}",
            "parameters     | {\"number\":\"8801\",\"url\":\"ws://a/\",\"parameters\":[\"a\"]}",
            "bogus          | {\"number\":\"8801\",\"url\":\"ws://a/\",\"bogus\":1}",
    })
    void invalidInputIs400NamingTheField(String field, String body) {
        badField(api().body(body).post("/api/routes"), field);
        assertTrue(routing.routeFor("8801").isEmpty());
    }

    @Test
    void anUnknownPropertyIsNamed() {
        problem(api().body("{\"number\":\"8801\",\"url\":\"ws://a/\",\"sampelRate\":16000}").post("/api/routes"), 400)
                .body("detail", equalTo("invalid field(s): sampelRate"))
                .body("errors[0].field", equalTo("sampelRate"))
                .body("errors[0].message", equalTo("unknown property"));
    }

    /** Unknown properties, values of the wrong type and invalid values: all in one answer, each once. */
    @Test
    void everyInvalidOrUnknownFieldIsReportedAtOnce() {
        String body = "{\"number\":8801,\"url\":\"http://a/\",\"sampelRate\":16000,\"protocol\":\"sip\","
                + "\"parameters\":{\"tenant\":1,\"from\":\"x\",\"ok\":\"y\"},\"maxConcurrentCalls\":\"2\",\"colour\":\"red\"}";
        problem(api().body(body).post("/api/routes"), 400)
                .body("type", equalTo(VALIDATION))
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("number", "url", "sampelRate", "protocol",
                        "parameters.tenant", "parameters.from", "maxConcurrentCalls", "colour"))
                .body("errors.find { it.field == 'number' }.message", equalTo("must be a string"))
                .body("errors.find { it.field == 'colour' }.message", equalTo("unknown property"))
                .body("errors.find { it.field == 'url' }.message", equalTo("must be a ws:// or wss:// URL"))
                .body("detail", startsWith("invalid field(s): "));
        assertTrue(routing.routeFor("8801").isEmpty());
    }

    /** Callbridge sets from, to, direction (and resumed) on streams; a route cannot, or the agent would get ours. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"from", "to", "direction", "resumed"})
    void aReservedStreamParameterIs400NamingIt(String name) {
        badField(api().body(Map.of("number", "8801", "url", AGENT, "parameters", Map.of(name, "x", "tenant", "acme")))
                .post("/api/routes"), "parameters." + name)
                .body("errors.find { it.field == 'parameters." + name + "' }.message",
                        equalTo("is reserved: Callbridge sets direction, from, resumed, to on the agent's stream"));
        int id = api().body(Map.of("number", "8801", "url", AGENT)).post("/api/routes").then().statusCode(201)
                .extract().path("id");
        badField(api().body(Map.of("number", "8801", "url", AGENT, "parameters", Map.of(name, "x")))
                .put("/api/routes/" + id), "parameters." + name);
        api().get("/api/routes/" + id).then().statusCode(200).body("parameters", equalTo(Map.of()));
        // The agent of an outbound call likewise (refused before any call is placed).
        badField(api().body(Map.of("to", "+14155550100", "from", "+14155550100",
                        "agent", Map.of("url", AGENT, "parameters", Map.of(name, "x"))))
                .post("/api/calls/initiate"), "agent.parameters." + name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"8803", "88123*"})
    void aRouteCanBeReadByItsNumber(String number) {
        int id = api().body(Map.of("number", number, "url", AGENT)).post("/api/routes").then().statusCode(201)
                .extract().path("id");
        api().get("/api/routes/by-number/{number}", number).then().statusCode(200)
                .body("id", equalTo(id)).body("number", equalTo(number)).body("url", equalTo(AGENT));
        // As stored, not the route a call would take: 8812345 matches 88123* but is no route's number.
        problem(api().get("/api/routes/by-number/{number}", "8812345"), 404)
                .body("detail", equalTo("no route with number 8812345"));
    }

    @Test
    void aRouteWithAPlusInItsNumberIsReadByNumberEncodedOrNot() {
        data.removeRoute("+15557608804");
        try {
            int id = api().body(Map.of("number", "+15557608804", "url", AGENT)).post("/api/routes").then().statusCode(201)
                    .extract().path("id");
            given().header("Authorization", "Bearer " + KEY).urlEncodingEnabled(false)
                    .get("/api/routes/by-number/%2B15557608804").then().statusCode(200).body("id", equalTo(id));
            given().header("Authorization", "Bearer " + KEY).urlEncodingEnabled(false)
                    .get("/api/routes/by-number/+15557608804").then().statusCode(200).body("id", equalTo(id));
        } finally {
            data.removeRoute("+15557608804");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"number\":\"8801\",",
            "{\"number\":\"8801\" \"url\":\"ws://a/\"}",
            "{\"number\":\"8801\",\"url\":\"ws://a/\"} trailing",
            "{\"number\":\"8801\",\"number\":\"8802\",\"url\":\"ws://a/\"}",
            "[1,2]",
            "not json",
    })
    void malformedJsonIs400(String body) {
        problem(api().body(body).post("/api/routes"), 400)
                .body("type", equalTo("tag:callbridge.io,2026:problem:malformed-json"))
                .body("detail", notNullValue())
                .body("detail", not(containsString("io.callbridge")))
                .body("detail", not(containsString("\tat ")));
    }

    @Test
    void anEmptyBodyIs400() {
        problem(api().post("/api/routes"), 400).body("type", equalTo(VALIDATION));
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        problem(given().header("Authorization", "Bearer " + KEY).contentType(ContentType.TEXT).body("number=8801")
                .post("/api/routes"), 415);
    }


}
