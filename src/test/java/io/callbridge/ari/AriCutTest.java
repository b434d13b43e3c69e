package io.callbridge.ari;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.call.CallRegistry;
import io.callbridge.call.CallSession;
import io.callbridge.store.CallRecord;
import io.callbridge.testing.AriSockets;
import io.callbridge.testing.Metrics;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestAgent;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The app's ARI sockets cut under a live call (ss -K), for real: the call keeps its channel, bridge, media leg
 * and agent stream, and the caller's audio keeps reaching the agent, also for a caller on hold at the time
 * who resumes afterwards.
 */
@QuarkusTest
class AriCutTest {

    static final String TALKING = "7111";
    static final String HOLDING = "7112";

    @Inject
    TestData data;

    @Inject
    TestAgent agent;

    @Inject
    CallRegistry registry;

    @BeforeEach
    void ready() {
        agent.reset();
        data.route(TALKING, agent.url("/talking"), "twilio", 8000, Map.of(), null);
        data.route(HOLDING, agent.url("/holding"), "twilio", 8000, Map.of(), null);
        TestData.awaitReady();
    }

    @Test
    void aTalkingCallKeepsItsAgentStreamAndAudioThroughAnAriCut() throws Exception {
        CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.longTalkingCalls(TALKING, 1, 30_000));
        TestAgent.Session stream = agent.awaitSession(Duration.ofSeconds(10));
        stream.nextEvent("media", Duration.ofSeconds(5));
        CallSession call = registry.all().stream().filter(c -> TALKING.equals(c.to())).findFirst().orElseThrow();

        cutAndAwaitReconnect();
        int before = stream.events("media").size();

        await().atMost(Duration.ofSeconds(3)).until(() -> stream.events("media").size() >= before + 50);
        assertFalse(call.isClosed());
        assertFalse(stream.isClosed(), "the agent stream must not be restarted");
        assertTrue(caller.join().succeeded(), "the caller keeps the call to its end");
        CallRecord cdr = data.awaitEndedCall(call.callSid(), 10);
        assertEquals("caller_hangup", cdr.termination);
        assertEquals(0, cdr.agentReconnects);
        assertTrue(cdr.packetsIn > 500, "caller packets at the app: " + cdr.packetsIn);
    }

    @Test
    void aCallerOnHoldDuringAnAriCutIsHeardAgainAfterResuming() throws Exception {
        CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(
                () -> Sipp.call("uac-hold.xml", HOLDING, Map.of("HOLD_MS", "10000"), 45));
        TestAgent.Session stream = agent.awaitSession(Duration.ofSeconds(10));
        stream.nextEvent("media", Duration.ofSeconds(5));
        // on hold: the caller's audio stops
        await().atMost(Duration.ofSeconds(12)).until(() -> System.nanoTime() - lastMedia(stream) > 500_000_000L);

        int held = stream.events("media").size();
        cutAndAwaitReconnect();

        // resumed: the caller talks again and is heard
        await().atMost(Duration.ofSeconds(15)).until(() -> stream.events("media").size() >= held + 50);
        assertFalse(stream.isClosed());
        assertTrue(caller.join().succeeded(), "hold, resume and hangup must all succeed");
    }

    private static long lastMedia(TestAgent.Session stream) {
        return stream.frames.stream().filter(f -> f.text() != null && f.text().contains("\"media\""))
                .mapToLong(TestAgent.Session.Frame::nanos).max().orElse(System.nanoTime());
    }

    private static void cutAndAwaitReconnect() {
        double reconnects = Metrics.value("callbridge_ari_reconnects_total", null);
        AriSockets.cut(ProcessHandle.current().pid());
        await().atMost(Duration.ofSeconds(15)).until(() -> Metrics.value("callbridge_ari_reconnects_total", null) > reconnects);
    }
}
