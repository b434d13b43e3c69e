package io.callbridge.api.auth;

import static io.callbridge.testing.Api.api;
import static io.callbridge.testing.Api.problem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A key's requests spread over two instances are limited at the configured rate in total. Instance A is this app,
 * asked over HTTP; instance B is a second {@link SharedRateLimiter} with buckets of its own in memory, on the same
 * database, as a second app process has them. A fresh key, a burst of 4 and a refill too slow to matter in the
 * test: counted per instance the key would get 8 requests, counted together it gets 4.
 */
@QuarkusTest
class RateLimitsAcrossInstancesTest {

    static final int BURST = 4;

    @Inject
    RateLimits limits;
    @Inject
    DataSource db;

    SharedRateLimiter instanceB;
    double perSecond;
    int burst;
    String key;
    String keyId;

    @BeforeEach
    void aKeyAndASmallLimit() {
        Map<String, String> created = api().body(Map.of("name", "limited across instances")).post("/api/keys").then()
                .statusCode(201).extract().jsonPath().getMap("$");
        key = created.get("key");
        keyId = created.get("id");
        perSecond = limits.perSecond();
        burst = limits.burst();
        limits.apply(0.01, BURST);
        instanceB = new SharedRateLimiter(db, limits, new RateLimiter(limits));
    }

    @AfterEach
    void restore() {
        limits.apply(perSecond, burst);
        api().delete("/api/keys/" + keyId);
    }

    @Test
    void requestsSpreadOverTwoInstancesGetTheRateInTotal() {
        int allowed = 0;
        for (int i = 0; i < BURST; i++) {
            if (i % 2 == 0) {
                given().header("Authorization", "Bearer " + key).get("/api/keys").then().statusCode(200);
            } else {
                assertEquals(0, instanceB.acquire(keyId), "request " + (i + 1) + " on B");
            }
            allowed++;
        }
        assertEquals(BURST, allowed);

        // The bucket is empty for both: A answers 429 with the wait, and B has to wait as long.
        String retryAfter = problem(given().header("Authorization", "Bearer " + key).get("/api/keys"), 429)
                .extract().header("Retry-After");
        assertTrue(Long.parseLong(retryAfter) >= 90, "Retry-After " + retryAfter + " (one token every 100 s)");
        long waitOnB = instanceB.acquire(keyId);
        assertTrue(waitOnB > 90_000_000_000L, "B's wait " + waitOnB + " ns");
    }

    @Test
    void aRaisedLimitAppliesOnBothInstances() {
        for (int i = 0; i < BURST; i++) assertEquals(0, instanceB.acquire(keyId));
        problem(given().header("Authorization", "Bearer " + key).get("/api/keys"), 429);
        limits.apply(1_000_000, BURST);
        given().header("Authorization", "Bearer " + key).get("/api/keys").then().statusCode(200);
        assertEquals(0, instanceB.acquire(keyId));
    }
}
