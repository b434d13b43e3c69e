package io.callbridge.call;

import static io.callbridge.testing.Api.api;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Graceful shutdown with a real call in progress (the drain that SIGTERM triggers), with the drain timeout
 * set through /api/config while running.
 */
@QuarkusTest
@TestProfile(CallDrainTest.LongCalls.class)
class CallDrainTest {

    /** A default far beyond the test's patience: only the runtime setting can end the drain in time. */
    public static class LongCalls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("callbridge.calls.drain-timeout", "5m", "callbridge.calls.on-drain-timeout", "hangup");
        }
    }

    static final String NUMBER = "7201";

    @Inject
    TestData data;

    @Inject
    CallDrain drain;

    @Inject
    CallRegistry registry;

    @Test
    void drainRefusesNewCallsThenHangsUpTheRestWithShutdown() throws InterruptedException {
        data.ensureRoute(NUMBER);
        TestData.awaitReady();
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);

        // Calls may run two seconds past the start of a drain.
        api().body(Map.of("calls.drainTimeoutSeconds", 2)).put("/api/config").then().statusCode(200);
        CompletableFuture<Sipp.Result> running = CompletableFuture.supplyAsync(() -> Sipp.answeredCall(NUMBER, 20));
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.all().stream().anyMatch(CallSession::isAnswered));

        // A thread of the test's own (it has the app's class loader), as SIGTERM's shutdown thread would.
        Thread draining = Thread.ofPlatform().start(drain::drain);
        await().atMost(Duration.ofSeconds(1)).until(drain::isDraining);
        given().get("/q/health/ready").then().statusCode(503);
        // Asterisk refuses with 503 so the edge can try another media node; with none left, Kamailio
        // answers the caller 500, as RFC 3261 16.7 asks of a proxy that receives a 503.
        Sipp.Result refused = Sipp.rejectedCall(NUMBER, 500);
        assertTrue(refused.succeeded(), "a new call while draining must be refused:\n" + refused.output());

        draining.join(Duration.ofSeconds(20));
        Sipp.Result first = running.join();
        assertTrue(first.succeeded(), "the running call must be hung up by the drain:\n" + first.output());
        List<CallRecord> rows = data.callsTo(NUMBER, since);
        assertEquals(2, rows.size());
        assertTrue(rows.stream().allMatch(r -> "shutdown".equals(r.termination)), rows.toString());
        CallRecord hungUp = rows.stream().filter(r -> r.answeredAt != null).findFirst().orElseThrow();
        assertEquals("drain timeout", hungUp.terminationReason);
        CallRecord refusedRow = rows.stream().filter(r -> r.answeredAt == null).findFirst().orElseThrow();
        assertEquals(503, refusedRow.sipCode);
    }

    @AfterEach
    void defaults() {
        data.resetSettings();
    }
}
