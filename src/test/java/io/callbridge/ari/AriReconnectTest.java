package io.callbridge.ari;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.LocalStack;
import io.callbridge.testing.Metrics;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    @Inject
    AriConfig ari;

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

    /**
     * A hung Asterisk (SIGSTOP: its sockets stay open, nothing answers) is declared dead after 6 s with no
     * frame (docs/architecture.md, {@code callbridge.ari.dead-after}), checked every half ping interval (1 s).
     * An event sent just before the pause makes the last frame's time known, so the figure is measured
     * from both sides: not before 6 s, and not much after.
     */
    @Test
    void aHungAsteriskIsNoticedSixSecondsAfterItsLastFrame() throws Exception {
        long deadAfterMs = 6_000;
        long checkEveryMs = 1_000;
        long t0 = System.nanoTime();
        userEvent("liveness-probe"); // Asterisk sends it to the app's events socket: a frame after t0
        LocalStack.run("pause", "asterisk");
        try {
            awaitReadiness(503, Duration.ofSeconds(20));
            long noticedMs = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(noticedMs >= deadAfterMs, "declared dead after " + noticedMs + " ms, before 6 s of silence");
            // the check's period, the readiness poll (250 ms) and the pause command itself come on top
            assertTrue(noticedMs <= deadAfterMs + checkEveryMs + 1_000, "noticed after " + noticedMs + " ms");
        } finally {
            LocalStack.run("resume", "asterisk");
        }
        awaitReadiness(200, Duration.ofSeconds(30));
        assertCallWorks();
    }

    /** ARI's user event to our application: arrives on the app's events socket as a frame. */
    private void userEvent(String name) throws Exception {
        String base = ari.url().endsWith("/") ? ari.url() : ari.url() + "/";
        String auth = java.util.Base64.getEncoder().encodeToString(
                (ari.user() + ":" + ari.password()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "ari/events/user/" + name + "?application=" + ari.app()))
                .header("Authorization", "Basic " + auth).POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(5)).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            assertEquals(204, http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        }
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
