package io.callbridge.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Calls to the app's REST API in the tests, with the test profile's key. */
public final class Api {

    /** The key of the test profile ({@code %test.callbridge.api.keys}). */
    public static final String KEY = "test-key";
    public static final String PROBLEM = "application/problem+json";
    public static final String VALIDATION = "tag:callbridge.io,2026:problem:validation";

    private Api() {
    }

    /** A request with the key and a JSON body type; its answer (and the request, if accepted) is held to the OpenAPI document. */
    public static RequestSpecification api() {
        return given().filter(OpenApiContract.FILTER).header("Authorization", "Bearer " + KEY).contentType(ContentType.JSON);
    }

    /** Asserts an RFC 9457 problem with {@code status} and no stack trace; returns it for more checks. */
    public static ValidatableResponse problem(Response response, int status) {
        return response.then()
                .statusCode(status)
                .contentType(PROBLEM)
                .body("status", equalTo(status))
                .body("type", notNullValue())
                .body("title", notNullValue())
                .body("$", not(hasKey("stackTrace")))
                .body(not(containsString("Exception")));
    }

    /** Asserts a validation 400 that names {@code field} among its invalid fields, and in its detail. */
    public static ValidatableResponse badField(Response response, String field) {
        return problem(response, 400)
                .body("type", equalTo(VALIDATION))
                .body("errors.field", org.hamcrest.Matchers.hasItem(field))
                .body("detail", containsString(field));
    }

    /** Asserts the 400 of a query whose only bad parameter is {@code name}. */
    public static ValidatableResponse badParameter(Response response, String name) {
        return problem(response, 400)
                .body("type", equalTo(VALIDATION))
                .body("errors.field", equalTo(java.util.List.of(name)))
                .body("detail", equalTo("invalid parameter(s): " + name));
    }

    /** The call to {@code to} in the active list once it is answered and routed, else null. */
    public static java.util.Map<String, Object> answeredCallTo(String to) {
        java.util.List<java.util.Map<String, Object>> items = api().get("/api/calls/active").then().statusCode(200)
                .extract().jsonPath().getList("items");
        return items.stream()
                .filter(c -> to.equals(c.get("to")) && "answered".equals(c.get("state")) && c.get("route") != null)
                .findFirst().orElse(null);
    }
}
