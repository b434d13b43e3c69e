package io.callbridge.call;

import static io.callbridge.testing.Api.api;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.Api;
import io.callbridge.testing.HookReceiver;
import io.callbridge.testing.HookReceiver.Hook;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How calls Callbridge places fail, on the real path (this app over ARI → Asterisk → its {@code outbound}
 * endpoint): a far end that is not there or never responds, and transfers whose target does not answer,
 * refuses, or is bridged until the caller hangs up. A far end that was never reached is {@code failed}, never
 * {@code no_answer}: that one means it rang and nobody picked up.
 *
 * <p>Unreachable far ends get ports of their own (5071, 5072, 5073): Asterisk goes on retransmitting an INVITE
 * nobody answers for 32 s (RFC 3261 timer B), which must not reach the sipp far ends of later tests on 5070.
 */
@QuarkusTest
@TestProfile(OutboundCallTest.Receiver.class)
class OutboundFailureTest {

    static final int PORT = OutboundCallTest.PORT;
    static final String ROUTE = OutboundCallTest.ROUTE;
    static final String FROM = OutboundCallTest.FROM;
    /** The inbound sipp caller's number (its scenarios' From), which a transfer passes on as caller id. */
    static final String SIPP_CALLER = "+15550001111";
    /** The webhook outbox's poll interval in this test profile ({@link OutboundCallTest.Receiver}). */
    static final Duration DELIVERY_POLL = Duration.ofMillis(200);
    /** Beyond the poll: the lease transaction, the request and the outcome of the event before it, on a busy machine. */
    static final Duration DELIVERY_SLACK = Duration.ofMillis(1500);
    /** Nothing listens here. */
    static final String NOBODY = "sip:nobody@127.0.0.1:5071";

    @Inject
    TestData data;

    @Inject
    Vertx vertx;

    HookReceiver receiver;

    @BeforeEach
    void ready() throws Exception {
        data.ensureRoute(ROUTE);
        receiver = new HookReceiver(vertx, PORT);
        TestData.awaitReady();
    }

    @AfterEach
    void stop() throws Exception {
        receiver.close();
    }

    @Test
    void aFarEndWithNothingListeningEndsAsFailedNotNoAnswer() {
        String callSid = initiate(Map.of("to", NOBODY, "from", FROM, "route", ROUTE, "timeoutSeconds", 2,
                "statusCallback", "http://127.0.0.1:" + PORT + "/status/nobody"));

        CallRecord cdr = data.awaitEndedCall(callSid, 15);
        assertEquals("failed", cdr.termination, cdr.terminationReason);
        assertEquals("no response from the far end in 2 s", cdr.terminationReason);
        assertEquals(408, cdr.sipCode);
        assertNull(cdr.answeredAt);
        Map<String, String> status = receiver.await(h -> h.path().equals("/status/nobody"), 1, Duration.ofSeconds(10))
                .getFirst().form();
        assertEquals("failed", status.get("CallStatus"), status.toString());
        assertEquals("408", status.get("SipResponseCode"));
        assertEquals(0, receiver.all(h -> callSid.equals(callSidOf(h)) && "call.ringing".equals(h.json().getString("type")))
                .size(), "nothing rang");
    }

    @Test
    void aFarEndThatTakesTheInviteButNeverRespondsEndsAsFailed() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(5072, InetAddress.getLoopbackAddress())) {
            silent.setSoTimeout(10_000);
            String callSid = initiate(Map.of("to", "sip:silent@127.0.0.1:5072", "from", FROM, "route", ROUTE,
                    "timeoutSeconds", 2));

            DatagramPacket invite = new DatagramPacket(new byte[4096], 4096);
            silent.receive(invite);
            assertTrue(new String(invite.getData(), 0, invite.getLength(), StandardCharsets.UTF_8).startsWith("INVITE "),
                    "the far end was sent the call");
            CallRecord cdr = data.awaitEndedCall(callSid, 15);
            assertEquals("failed", cdr.termination, cdr.terminationReason);
            assertEquals(408, cdr.sipCode);
        }
    }

    /**
     * With a ring timeout longer than the INVITE transaction's (RFC 3261 timer B: 32 s), Asterisk gives up
     * first and ends the channel with its own 408 (cause 18, "no user responding"): the far end was never
     * reached, so the call is {@code failed} with 408, as when the app's own timeout ends it.
     */
    @Test
    void aFarEndThatAsteriskGivesUpOnEndsAsFailedWith408() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(5073, InetAddress.getLoopbackAddress())) {
            String callSid = initiate(Map.of("to", "sip:silent@127.0.0.1:5073", "from", FROM, "route", ROUTE,
                    "timeoutSeconds", 60));

            CallRecord cdr = data.awaitEndedCall(callSid, 50);
            assertEquals("failed", cdr.termination, cdr.terminationReason);
            assertEquals(408, cdr.sipCode);
            assertNull(cdr.answeredAt);
        }
    }

    @Test
    void aTransferWhoseTargetRingsButDoesNotAnswerEndsAsTransferFailedNoAnswer() throws Exception {
        try (Sipp.Uas target = Sipp.farEnd("uas-ring.xml", Map.of(), 30)) {
            CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.answeredCall(ROUTE, 25));
            String callSid = answeredInboundCall();

            api().body(Map.of("to", "+15550003010")).post("/api/calls/" + callSid + "/transfer").then().statusCode(202);

            Sipp.Result cancelled = target.await();
            assertTrue(cancelled.succeeded(), "the target was not cancelled at the ring timeout:\n" + cancelled.output());
            assertTrue(caller.get(20, TimeUnit.SECONDS).succeeded(), "the caller was hung up");
            CallRecord cdr = data.awaitEndedCall(callSid, 10);
            assertEquals("transfer_failed", cdr.termination, cdr.terminationReason);
            assertEquals("transfer to +15550003010: no_answer (487)", cdr.terminationReason);
            JsonObject transferred = transferredEvent(callSid);
            assertEquals("no_answer", transferred.getString("outcome"));
            assertEquals(487, transferred.getInteger("sipCode"));
        }
    }

    @Test
    void aTransferWhoseTargetRefusesEndsAsTransferFailedWithItsCode() throws Exception {
        try (Sipp.Uas target = Sipp.farEnd("uas-reject.xml", Map.of("CODE", "503"), 30)) {
            CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.answeredCall(ROUTE, 20));
            String callSid = answeredInboundCall();

            api().body(Map.of("to", "+15550003011")).post("/api/calls/" + callSid + "/transfer").then().statusCode(202);

            assertTrue(target.await().succeeded());
            assertTrue(caller.get(20, TimeUnit.SECONDS).succeeded(), "the caller was hung up");
            CallRecord cdr = data.awaitEndedCall(callSid, 10);
            assertEquals("transfer_failed", cdr.termination, cdr.terminationReason);
            JsonObject transferred = transferredEvent(callSid);
            assertEquals("failed", transferred.getString("outcome"));
            assertEquals(503, transferred.getInteger("sipCode"));
        }
    }

    @Test
    void aTransferToATargetThatIsNotThereFailsAsFailedNotNoAnswer() throws Exception {
        CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.answeredCall(ROUTE, 25));
        String callSid = answeredInboundCall();

        api().body(Map.of("to", NOBODY)).post("/api/calls/" + callSid + "/transfer").then().statusCode(202);

        assertTrue(caller.get(25, TimeUnit.SECONDS).succeeded(), "the caller was hung up");
        CallRecord cdr = data.awaitEndedCall(callSid, 10);
        assertEquals("transfer_failed", cdr.termination, cdr.terminationReason);
        JsonObject transferred = transferredEvent(callSid);
        assertEquals("failed", transferred.getString("outcome"));
        assertEquals(408, transferred.getInteger("sipCode"));
    }

    @Test
    void aCallerWhoHangsUpAfterBeingBridgedEndsTheTransferredCallAndTheTarget() throws Exception {
        try (Sipp.Uas target = Sipp.farEnd("uas-answer.xml", Map.of("RING_MS", "200", "CALLER", SIPP_CALLER), 30)) {
            // the caller talks for 5 s, then hangs up: by then it has been bridged to the target
            CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.talkingCall(ROUTE, 5000));
            String callSid = answeredInboundCall();

            api().body(Map.of("to", "+15550003012")).post("/api/calls/" + callSid + "/transfer").then().statusCode(202);

            assertTrue(caller.get(20, TimeUnit.SECONDS).succeeded());
            Sipp.Result bye = target.await();
            assertTrue(bye.succeeded(), "the target did not get a BYE when the caller left:\n" + bye.output());
            CallRecord cdr = data.awaitEndedCall(callSid, 10);
            // this reason is given only to a caller who leaves once bridged (one who leaves while the target
            // still rings is a caller_hangup, and the transfer canceled)
            assertEquals("transferred", cdr.termination, cdr.terminationReason);
            assertEquals("transferred to +15550003012; the caller hung up", cdr.terminationReason);
            assertEquals(200, cdr.sipCode);
            assertEquals("answered", transferredEvent(callSid).getString("outcome"));
        }
    }

    /**
     * {@code call.transferred} with outcome answered goes out when the target answers, within one delivery
     * poll of being recorded, even while the JVM's shared pool is busy with blocking work (as a library's, or
     * this test's own callers', may keep it): webhook delivery must not wait on a pool it does not own.
     */
    @Test
    void anAnsweredTransferIsReportedWhenTheTargetAnswers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        int busy = ForkJoinPool.getCommonPoolParallelism();
        CountDownLatch occupied = new CountDownLatch(busy);
        for (int i = 0; i < busy; i++) {
            CompletableFuture.runAsync(() -> {
                occupied.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try (Sipp.Uas target = Sipp.farEnd("uas-answer.xml", Map.of("RING_MS", "200", "CALLER", SIPP_CALLER), 30)) {
            assertTrue(occupied.await(10, TimeUnit.SECONDS), "the common pool's workers are all blocked");
            CompletableFuture<Sipp.Result> caller = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> caller.complete(Sipp.talkingCall(ROUTE, 8000)));
            String callSid = answeredInboundCall();

            api().body(Map.of("to", "+15550003013")).post("/api/calls/" + callSid + "/transfer").then().statusCode(202);

            Hook hook = receiver.await(h -> callSid.equals(callSidOf(h)) && "call.transferred".equals(h.json().getString("type")),
                    1, Duration.ofSeconds(15)).getFirst();
            Instant received = Instant.now().minusNanos(System.nanoTime() - hook.receivedNanos());
            Instant recorded = Instant.parse(hook.json().getString("createdAt"));
            assertEquals("answered", hook.json().getJsonObject("data").getString("outcome"));
            assertTrue(caller.get(20, TimeUnit.SECONDS).succeeded());
            CallRecord cdr = data.awaitEndedCall(callSid, 10);
            assertTrue(recorded.isBefore(cdr.endedAt.toInstant()), "recorded at the answer, not at a later state");
            Duration late = Duration.between(recorded, received);
            assertTrue(late.compareTo(DELIVERY_POLL.plus(DELIVERY_SLACK)) < 0,
                    "delivered " + late.toMillis() + " ms after it was recorded; the outbox is polled every "
                            + DELIVERY_POLL.toMillis() + " ms");
            assertTrue(target.await().succeeded());
        } finally {
            release.countDown();
        }
    }

    /** The callSid of the inbound call to ROUTE in progress, once answered. */
    private static String answeredInboundCall() {
        return (String) await().atMost(Duration.ofSeconds(10))
                .until(() -> Api.answeredCallTo(ROUTE), c -> c != null).get("callSid");
    }

    /** The data of the call's {@code call.transferred} webhook. */
    private JsonObject transferredEvent(String callSid) {
        return receiver.await(h -> callSid.equals(callSidOf(h)) && "call.transferred".equals(h.json().getString("type")),
                1, Duration.ofSeconds(15)).getFirst().json().getJsonObject("data");
    }

    private static String initiate(Map<String, Object> body) {
        return api().body(new HashMap<>(body)).post("/api/calls/initiate")
                .then().statusCode(201).body("direction", equalTo("outbound")).extract().path("callSid");
    }

    private static String callSidOf(Hook h) {
        if (!h.path().equals("/hooks")) return null;
        JsonObject data = h.json().getJsonObject("data");
        return data == null ? null : data.getString("callSid");
    }
}
