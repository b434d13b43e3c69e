package io.callbridge.call;

import static io.callbridge.testing.Api.api;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** calls.maxConcurrentCalls, set through /api/config while running, refuses real calls over it. */
@QuarkusTest
class CallCapacityTest {

    static final String NUMBER = "7611";

    @Inject
    TestData data;

    @Inject
    CallRegistry registry;

    @BeforeEach
    void ready() {
        data.ensureRoute(NUMBER);
        TestData.awaitReady();
    }

    @AfterEach
    void defaults() {
        data.resetSettings();
    }

    @Test
    void aCallOverTheInstanceLimitIsRefusedWith486UntilTheLimitIsLifted() {
        api().body(Map.of("calls.maxConcurrentCalls", 1)).put("/api/config").then().statusCode(200);
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);

        CompletableFuture<Sipp.Result> first = CompletableFuture.supplyAsync(() -> Sipp.talkingCall(NUMBER, 4000));
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.all().stream().anyMatch(CallSession::isAnswered));
        Sipp.Result refused = Sipp.rejectedCall(NUMBER, 486);
        assertTrue(refused.succeeded(), "a second call over the limit of 1 must be refused with 486:\n" + refused.output());
        Sipp.Result running = first.join();
        assertTrue(running.succeeded(), "the first call goes on:\n" + running.output());

        List<CallRecord> rows = data.callsTo(NUMBER, since);
        assertEquals(2, rows.size(), rows.toString());
        CallRecord over = rows.stream().filter(r -> r.answeredAt == null).findFirst().orElseThrow();
        assertEquals("over_capacity", over.termination);
        assertEquals("instance at 1 calls", over.terminationReason);
        assertEquals(486, over.sipCode);
        assertEquals(NUMBER, over.route);

        // Back to the default (no limit): two calls at once are both taken.
        Map<String, Object> reset = new HashMap<>();
        reset.put("calls.maxConcurrentCalls", null);
        api().body(reset).put("/api/config").then().statusCode(200);
        CompletableFuture<Sipp.Result> again = CompletableFuture.supplyAsync(() -> Sipp.talkingCall(NUMBER, 2000));
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.all().stream().anyMatch(CallSession::isAnswered));
        Sipp.Result second = Sipp.talkingCall(NUMBER, 500);
        assertTrue(second.succeeded(), second.output());
        assertTrue(again.join().succeeded());
    }

    @Test
    void aCallOverItsRoutesLimitIsRefusedWith486() {
        String limited = "7613";
        data.route(limited, TestData.ECHO_AGENT, "twilio", 8000, Map.of(), 1);
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);

        CompletableFuture<Sipp.Result> first = CompletableFuture.supplyAsync(() -> Sipp.talkingCall(limited, 4000));
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.all().stream().anyMatch(CallSession::isAnswered));
        Sipp.Result refused = Sipp.rejectedCall(limited, 486);
        assertTrue(refused.succeeded(), "a second call over the route's limit of 1 must be refused with 486:\n"
                + refused.output());
        assertTrue(first.join().succeeded());

        CallRecord over = data.callsTo(limited, since).stream().filter(r -> r.answeredAt == null).findFirst().orElseThrow();
        assertEquals("over_capacity", over.termination);
        assertEquals("route " + limited + " at 1 calls", over.terminationReason);
        assertEquals(486, over.sipCode);
    }
}
