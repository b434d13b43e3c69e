package io.callbridge.ari;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.LocalStack;
import io.callbridge.testing.Metrics;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Asterisk going away under the running app, for real: readiness follows it, and calls work afterwards. */
@QuarkusTest
class AriReconnectTest {

    static final String NUMBER = "7101";

    @Inject
    TestData data;

    @BeforeEach
    void ready() {
        data.ensureRoute(NUMBER);
        awaitReadiness(200, Duration.ofSeconds(30));
    }

    @Test
    void asteriskRestartTakesReadinessDownThenBackUpAndCallsWorkAfter() {
        double reconnects = Metrics.value("callbridge_ari_reconnects_total", null);
        CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> LocalStack.run("restart", "asterisk"));

        awaitReadiness(503, Duration.ofSeconds(10));
        restart.join();
        awaitReadiness(200, Duration.ofSeconds(30));

        assertTrue(Metrics.value("callbridge_ari_reconnects_total", null) >= reconnects + 1);
        assertCallWorks();
    }

    @Test
    void aHungAsteriskIsNoticedWithinTenSeconds() {
        LocalStack.run("pause", "asterisk");
        try {
            long t0 = System.nanoTime();
            awaitReadiness(503, Duration.ofSeconds(10));
            long noticedMs = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(noticedMs < 10_000, "noticed after " + noticedMs + " ms");
        } finally {
            LocalStack.run("resume", "asterisk");
        }
        awaitReadiness(200, Duration.ofSeconds(30));
        assertCallWorks();
    }

    /** Kamailio's dispatcher may still be re-probing Asterisk for a few seconds: allow it that long. */
    private static void assertCallWorks() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2)).until(() ->
                Sipp.talkingCall(NUMBER, 1000).succeeded());
    }

    private static void awaitReadiness(int status, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(status));
    }
}
