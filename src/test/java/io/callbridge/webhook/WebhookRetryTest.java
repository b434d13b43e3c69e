package io.callbridge.webhook;

import static io.callbridge.testing.Api.api;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.HookReceiver;
import io.callbridge.testing.HookReceiver.Hook;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A receiver that answers with an error status, on the real path: a real call's events, the outbox, the
 * delivery loop and an HTTP receiver that answers 500 or 503. The backoff is shortened (300 ms doubling,
 * capped at 1.2 s) and events are given up after 5 s, so the whole schedule fits in a test.
 */
@QuarkusTest
@TestProfile(WebhookRetryTest.ShortSchedule.class)
class WebhookRetryTest {

    static final int PORT = 18096;
    static final long MIN_BACKOFF_MS = 300;
    static final long MAX_BACKOFF_MS = 1200;
    static final long GIVE_UP_AFTER_MS = 5000;
    static final long POLL_MS = 100;

    public static class ShortSchedule implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("callbridge.webhooks.poll-interval", POLL_MS + "ms",
                    "callbridge.webhooks.min-backoff", MIN_BACKOFF_MS + "ms",
                    "callbridge.webhooks.max-backoff", MAX_BACKOFF_MS + "ms",
                    "callbridge.webhooks.give-up-after", GIVE_UP_AFTER_MS + "ms");
        }
    }

    @Inject
    TestData data;

    @Inject
    Vertx vertx;

    HookReceiver receiver;

    @BeforeEach
    void receiver() throws Exception {
        receiver = new HookReceiver(vertx, PORT);
    }

    @AfterEach
    void defaults() throws Exception {
        receiver.close();
        data.resetSettings();
    }

    @Test
    void anEventAnsweredWithAnErrorStatusIsSentAgainUntilTheReceiverTakesIt() {
        receiver.answer("/flaky", 500, 503, 204);
        String callSid = callWithEventsTo("/flaky", "7403");

        List<Map<String, Object>> delivered = await().atMost(Duration.ofSeconds(15)).until(() -> deliveries(callSid),
                d -> d.size() == 3 && d.stream().allMatch(e -> "delivered".equals(e.get("status"))));

        List<Hook> got = receiver.all(h -> h.body().contains(callSid));
        assertEquals(List.of("call.initiated", "call.initiated", "call.initiated", "call.answered", "call.completed"),
                got.stream().map(h -> h.json().getString("type")).toList(),
                "the first event again after each error, the next ones only once it was taken");
        assertEquals(1, got.subList(0, 3).stream().map(WebhookRetryTest::eventId).distinct().count(),
                "a retry is the same event, with the same id");
        assertTrue(gapMillis(got, 0) >= MIN_BACKOFF_MS - 30, "retried after " + gapMillis(got, 0) + " ms");
        assertTrue(gapMillis(got, 1) >= 2 * MIN_BACKOFF_MS - 30, "retried after " + gapMillis(got, 1) + " ms");
        Map<String, Object> initiated = delivered.getLast(); // newest first
        assertEquals("call.initiated", initiated.get("type"));
        assertEquals(3, initiated.get("attempts"));
        assertEquals(204, initiated.get("lastStatus"));
        assertNull(initiated.get("lastError"));
    }

    @Test
    void aReceiverThatKeepsFailingIsRetriedWithDoublingCappedBackoffThenGivenUp() {
        receiver.answer("/down", 503);
        String callSid = callWithEventsTo("/down", "7404");

        List<Map<String, Object>> failed = await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(callSid),
                d -> d.size() == 3 && d.stream().allMatch(e -> "failed".equals(e.get("status"))));

        for (Map<String, Object> e : failed) {
            assertEquals(503, e.get("lastStatus"), e.toString());
            assertEquals("HTTP 503", e.get("lastError"), e.toString());
        }
        String first = (String) failed.getLast().get("eventId");
        List<Hook> attempts = receiver.all(h -> first.equals(eventId(h)));
        assertEquals(failed.getLast().get("attempts"), attempts.size(), "every attempt was recorded, none sent after");
        // 300 ms, 600 ms, then the cap of 1.2 s: each wait at least its backoff, at most a poll and a little more
        List<Long> gaps = new ArrayList<>();
        for (int i = 0; i + 1 < attempts.size(); i++) gaps.add(gapMillis(attempts, i));
        assertTrue(gaps.size() >= 4, "retried until given up: " + gaps);
        for (int i = 0; i < gaps.size(); i++) {
            long backoff = Math.min(MIN_BACKOFF_MS << i, MAX_BACKOFF_MS);
            long gap = gaps.get(i);
            assertTrue(gap >= backoff - 30 && gap <= backoff + POLL_MS + 400,
                    "wait " + (i + 1) + " was " + gap + " ms, its backoff " + backoff + " ms; all: " + gaps);
        }
        // given up on the first failure past 5 s from the event, not before, not long after
        long retriedFor = (attempts.getLast().receivedNanos() - attempts.getFirst().receivedNanos()) / 1_000_000;
        assertTrue(retriedFor >= GIVE_UP_AFTER_MS - 500 && retriedFor <= GIVE_UP_AFTER_MS + MAX_BACKOFF_MS + 500,
                "retried for " + retriedFor + " ms: " + gaps);
        // a given-up event no longer holds up the call's next one
        List<Hook> later = receiver.all(h -> h.body().contains(callSid) && !first.equals(eventId(h)));
        assertTrue(!later.isEmpty() && later.getFirst().receivedNanos() > attempts.getLast().receivedNanos());
    }

    /** Points webhooks at {@code path} of the receiver, places a call and returns its callSid once it ended. */
    private String callWithEventsTo(String path, String number) {
        api().body(Map.of("webhooks.url", "http://127.0.0.1:" + PORT + path)).put("/api/config").then().statusCode(200);
        data.ensureRoute(number);
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        Sipp.Result call = Sipp.talkingCall(number, 500);
        assertTrue(call.succeeded(), call.output());
        CallRecord cdr = data.awaitEnded(number, since);
        return cdr.callSid;
    }

    /** Milliseconds between the {@code i}th request and the next one, as the receiver saw them. */
    private static long gapMillis(List<Hook> hooks, int i) {
        return (hooks.get(i + 1).receivedNanos() - hooks.get(i).receivedNanos()) / 1_000_000;
    }

    private static List<Map<String, Object>> deliveries(String callSid) {
        return given().header("Authorization", "Bearer test-key").queryParam("callSid", callSid)
                .get("/api/webhooks/deliveries").then().statusCode(200).extract().jsonPath().getList("$");
    }

    private static String eventId(Hook h) {
        return h.headers().get("callbridge-event-id");
    }
}
