package io.callbridge.api.auth;

import static io.callbridge.testing.Api.api;
import static io.callbridge.testing.Api.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-key limit over HTTP. Two fresh keys, limited to 3 requests at once and one every 2 s (the test
 * profile's limit is too high to ever reach); the limit is put back for the other tests.
 */
@QuarkusTest
class RateLimitApiTest {

    static final int BURST = 3;

    @Inject
    RateLimits limits;

    double perSecond;
    int burst;
    String keyA;
    String keyB;
    String idA;
    String idB;

    @BeforeEach
    void twoKeysAndASmallLimit() {
        // Created with the environment key before the limit shrinks, so its own bucket is never short.
        Map<String, String> a = api().body(Map.of("name", "limited a")).post("/api/keys").then().statusCode(201)
                .extract().jsonPath().getMap("$");
        Map<String, String> b = api().body(Map.of("name", "limited b")).post("/api/keys").then().statusCode(201)
                .extract().jsonPath().getMap("$");
        keyA = a.get("key");
        idA = a.get("id");
        keyB = b.get("key");
        idB = b.get("id");
        perSecond = limits.perSecond();
        burst = limits.burst();
        limits.apply(0.5, BURST);
    }

    @AfterEach
    void restore() {
        limits.apply(perSecond, burst);
        api().delete("/api/keys/" + idA);
        api().delete("/api/keys/" + idB);
    }

    @Test
    void overTheBurstIs429UntilRetryAfterHasPassed() throws InterruptedException {
        for (int i = 0; i < BURST; i++) with(keyA).get("/api/keys").then().statusCode(200);
        String retryAfter = problem(with(keyA).get("/api/keys"), 429)
                .body("detail", containsString("rate limit exceeded (0.5 requests per second, burst 3)"))
                .extract().header("Retry-After");
        long seconds = Long.parseLong(retryAfter);
        assertTrue(seconds >= 1 && seconds <= 2, "Retry-After " + retryAfter);

        // Another key has its own bucket; a wrong key is refused as such, not counted.
        for (int i = 0; i < BURST; i++) with(keyB).get("/api/keys").then().statusCode(200);
        problem(with("cbk_wrong").get("/api/keys"), 401);

        Thread.sleep(seconds * 1000);
        with(keyA).get("/api/keys").then().statusCode(200);
    }

    @Test
    void aRaisedLimitAppliesToTheNextRequest() {
        for (int i = 0; i < BURST; i++) with(keyA).get("/api/keys").then().statusCode(200);
        problem(with(keyA).get("/api/keys"), 429);
        limits.apply(1_000_000, BURST);
        with(keyA).get("/api/keys").then().statusCode(200);
    }

    @Test
    void theLimitFollowsTheRuntimeSettings() {
        limits.apply(1_000_000, 1_000_000);
        try {
            api().body(Map.of("api.rateLimit.perSecond", 0.5, "api.rateLimit.burst", 2)).put("/api/config")
                    .then().statusCode(200);
            assertEquals(2, limits.burst());
            for (int i = 0; i < 2; i++) with(keyA).get("/api/keys").then().statusCode(200);
            problem(with(keyA).get("/api/keys"), 429);
        } finally {
            java.util.Map<String, Object> reset = new java.util.HashMap<>();
            reset.put("api.rateLimit.perSecond", null);
            reset.put("api.rateLimit.burst", null);
            api().body(reset).put("/api/config").then().statusCode(200);
        }
        with(keyA).get("/api/keys").then().statusCode(200); // the defaults again: the test profile's high limit
    }

    @Test
    void aRevokedKeyIs401EvenWhenOverItsLimit() {
        for (int i = 0; i < BURST; i++) with(keyA).get("/api/keys").then().statusCode(200);
        problem(with(keyA).get("/api/keys"), 429);
        api().delete("/api/keys/" + idA).then().statusCode(204);
        problem(with(keyA).get("/api/keys"), 401);
    }

    private static RequestSpecification with(String key) {
        return given().header("Authorization", "Bearer " + key);
    }
}
