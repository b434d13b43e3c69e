package io.callbridge.call;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.loway.oss.ari4java.generated.models.Bridge;
import ch.loway.oss.ari4java.generated.models.Channel;
import io.callbridge.ari.AriBridges;
import io.callbridge.ari.AriChannels;
import io.callbridge.media.PlayoutClock;
import io.callbridge.media.RtpEndpoint;
import io.callbridge.store.CallRecord;
import io.callbridge.stream.AgentConnector;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.OpenConnections;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** 200 real calls through the whole path leave nothing behind: in Asterisk, in the app, or in the JVM. */
@QuarkusTest
class CallLeakTest {

    static final String NUMBER = "7341";

    @Inject
    TestData data;

    @Inject
    CallRegistry registry;

    @Inject
    RtpEndpoint rtp;

    @Inject
    PlayoutClock clock;

    @Inject
    AgentConnector agents;

    @Inject
    AriChannels channels;

    @Inject
    AriBridges bridges;

    @Inject
    OpenConnections echoConnections;

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).collect(Collectors.toSet());
    }

    @Test
    void twoHundredCallsInARowLeaveNoChannelBridgeSocketOrThread() throws Exception {
        data.ensureRoute(NUMBER);
        TestData.awaitReady();
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        // Warm up with the same load: thread pools (Vert.x, HTTP clients, workers) reach their working
        // size before the baseline, so what grows afterwards is a leak, not a pool.
        assertTrue(Sipp.load(NUMBER, 50, 10, 20, 1000, 60).succeeded());
        await().atMost(Duration.ofSeconds(20)).until(() -> registry.size() == 0);
        Set<String> threadsBefore = threadNames();

        Sipp.Result load = Sipp.load(NUMBER, 200, 10, 20, 1000, 120);
        assertTrue(load.succeeded(), "every call must succeed:\n" + load.output());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertEquals(0, registry.size(), "calls in the registry");
            assertEquals(0, rtp.legCount(), "RTP legs");
            assertEquals(0, clock.legCount(), "legs on the playout clock");
            assertEquals(0, agents.openStreams(), "agent streams");
            assertEquals(0, echoConnections.listAll().size(), "agent-side WebSocket connections");
            List<Channel> live = channels.list();
            assertEquals(List.of(), live.stream().map(Channel::getName).collect(Collectors.toList()), "Asterisk channels");
            assertEquals(List.of(), bridges.list().stream().map(Bridge::getId).collect(Collectors.toList()), "Asterisk bridges");
        });
        Set<String> added = new TreeSet<>(threadNames());
        added.removeAll(threadsBefore);
        // A thread per call would add 200; pools (HTTP client workers, awaitility's own) may add a few.
        assertTrue(added.size() <= 5, "threads added by 200 calls: " + added);

        List<CallRecord> cdrs = data.callsTo(NUMBER, since);
        assertEquals(250, cdrs.size());
        assertTrue(cdrs.stream().allMatch(r -> "caller_hangup".equals(r.termination)),
                cdrs.stream().map(r -> r.termination).distinct().toList().toString());
        assertTrue(cdrs.stream().allMatch(r -> r.packetsOut != null && r.packetsOut > 0));
    }
}
