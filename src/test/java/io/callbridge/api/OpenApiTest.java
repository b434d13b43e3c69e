package io.callbridge.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAPI document and Swagger UI: served without a key, listing the API and its bearer scheme. */
@QuarkusTest
class OpenApiTest {

    @Test
    void theDocumentListsTheApiAndItsBearerScheme() {
        given().accept(ContentType.JSON).get("/q/openapi").then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("info.title", equalTo("Callbridge API"))
                .body("info.version", not(emptyOrNullString()))
                .body("info.description", containsString("bearer token"))
                .body("paths", hasKey("/api/routes"))
                .body("paths", hasKey("/api/routes/{id}"))
                .body("paths", hasKey("/api/calls"))
                .body("paths", hasKey("/api/numbers/block"))
                .body("paths", hasKey("/api/analytics/calls"))
                .body("paths", hasKey("/api/calls/initiate"))
                .body("paths", hasKey("/api/calls/{callSid}/transfer"))
                .body("paths", hasKey("/api/calls/{callSid}/transfer/complete"))
                .body("paths", hasKey("/api/calls/{callSid}/transfer/cancel"))
                .body("paths", hasKey("/api/queues"))
                .body("paths", hasKey("/api/queues/{name}"))
                .body("paths", hasKey("/api/queues/{name}/dequeue"))
                .body("paths.'/api/calls/{callSid}'", hasKey("post"))
                .body("paths", hasKey("/api/keys"))
                .body("paths", hasKey("/api/config"))
                .body("paths", hasKey("/api/audit"))
                .body("paths", hasKey("/api/calls/{callSid}/recordings"))
                .body("paths", hasKey("/api/recordings/{recordingSid}/audio"))
                .body("paths", hasKey("/api/calls/{callSid}/hold"))
                .body("paths", hasKey("/api/calls/{callSid}/resume"))
                .body("paths", hasKey("/api/moh/classes"))
                .body("paths", hasKey("/api/sip/users"))
                .body("paths", hasKey("/api/sip/users/{id}/aliases"))
                .body("paths", hasKey("/api/sip/domains"))
                .body("paths", hasKey("/api/sip/registrations"))
                .body("paths", hasKey("/api/moh/classes/{name}/files/{file}"))
                .body("paths", hasKey("/api/security/bans"))
                .body("paths", hasKey("/api/security/bans/{target}"))
                .body("paths", hasKey("/api/security/ip-rules"))
                .body("paths", hasKey("/api/debug"))
                .body("paths", hasKey("/api/debug/{id}"))
                .body("paths", hasKey("/api/security/ip-rules/{id}"))
                .body("paths", hasKey("/api/sms/send"))
                .body("paths", hasKey("/api/sms/history"))
                .body("paths", hasKey("/api/sms/{messageSid}"))
                .body("paths", hasKey("/api/sms/numbers/{number}"))
                .body("paths.'/api/calls/initiate'.post.requestBody.content.'application/json'.schema", notNullValue())
                .body("paths.'/api/analytics/calls'.get.parameters.name",
                        equalTo(List.of("direction", "from", "interval", "route", "to")))
                .body("paths.'/api/analytics/calls'.get.parameters.findAll { it.required }.name",
                        equalTo(List.of("from", "interval", "to")))
                .body("components.schemas.Problem.required", equalTo(List.of("type", "title", "status")))
                .body("paths.'/api/routes'.post.responses.default.content.'application/problem+json'.schema.'$ref'",
                        equalTo("#/components/schemas/Problem"))
                .body("paths.'/api/calls/{callSid}/transfer'.post.responses.default.content", hasKey("application/problem+json"))
                .body("components.securitySchemes.apiKey.type", equalTo("http"))
                .body("components.securitySchemes.apiKey.scheme", equalTo("bearer"))
                // Required by every operation, so Swagger UI sends the key it is given under "Authorize".
                .body("security", equalTo(List.of(Map.of("apiKey", List.of()))));
    }

    /** Real status codes and response schemas, required fields, enums, bounds and descriptions; no internals. */
    @Test
    void theDocumentSaysWhatTheApiDoes() {
        var doc = given().accept(ContentType.JSON).get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, String> created = Map.of(
                "/api/routes", "post", "/api/calls/initiate", "post", "/api/keys", "post", "/api/numbers/block", "post");
        created.forEach((path, method) -> assertTrue(
                doc.getMap("paths.'" + path + "'." + method + ".responses").containsKey("201"), path + " answers 201"));
        for (String path : List.of("/api/calls/{callSid}/hangup", "/api/calls/{callSid}/transfer")) {
            Map<String, Object> responses = doc.getMap("paths.'" + path + "'.post.responses");
            assertTrue(responses.containsKey("202") && !responses.containsKey("200"), path + ": " + responses.keySet());
        }
        assertEquals("#/components/schemas/RouteResponse",
                doc.getString("paths.'/api/routes'.post.responses.'201'.content.'application/json'.schema.'$ref'"));
        // url is one of three handlers (url, twiml, voiceUrl): the validator requires exactly one
        assertEquals(List.of("number"), doc.getList("components.schemas.RouteRequest.required"));
        assertEquals(List.of("twilio", "raw"), doc.getList("components.schemas.RouteRequest.properties.protocol.enum"));
        assertEquals(List.of(8000, 16000, 24000), doc.getList("components.schemas.RouteRequest.properties.sampleRate.enum"));
        assertEquals(1, doc.getInt("components.schemas.RouteRequest.properties.maxConcurrentCalls.minimum"));
        assertEquals(List.of("to", "from"), doc.getList("components.schemas.InitiateRequest.required"));
        assertEquals(600, doc.getInt("components.schemas.InitiateRequest.properties.timeoutSeconds.maximum"));
        assertEquals(4.5, doc.getDouble("components.schemas.CallerQualityResponse.properties.mos.maximum"));
        assertTrue(doc.getList("components.schemas.CallerQualityResponse.required").contains("rttMs"),
                "rttMs is always present, null without RTCP");
        assertEquals("#/components/schemas/SettingsChange",
                doc.getString("paths.'/api/config'.put.requestBody.content.'application/json'.schema.'$ref'"));
        // query parameters say their values and bounds too
        assertEquals(java.util.Arrays.stream(io.callbridge.call.Termination.Result.values())
                        .map(io.callbridge.call.Termination.Result::code).sorted().toList(),
                doc.getList("paths.'/api/calls'.get.parameters.find { it.name == 'termination' }.schema.enum", String.class)
                        .stream().sorted().toList());
        assertEquals(List.of("pending", "delivered", "failed"),
                doc.getList("paths.'/api/webhooks/deliveries'.get.parameters.find { it.name == 'status' }.schema.enum"));
        assertEquals(500, doc.getInt("paths.'/api/webhooks/deliveries'.get.parameters.find { it.name == 'limit' }.schema.maximum"));
        Map<String, Object> schemas = doc.getMap("components.schemas");
        assertFalse(schemas.containsKey("JsonNode") || schemas.containsKey("JsonNodeType"), schemas.keySet().toString());
        Map<String, Map<String, Map<String, Object>>> paths = doc.getMap("paths");
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            assertNotNull(operation.get("summary"), method + " " + path + " has a summary");
            assertNotNull(operation.get("description"), method + " " + path + " has a description");
        }));
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui").then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("swagger-ui"))
                .body(containsString("/q/openapi"));
    }
}
