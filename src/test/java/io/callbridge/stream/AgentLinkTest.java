package io.callbridge.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.Metrics;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestAgent;
import io.callbridge.testing.TestAgent.Session;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent link itself, on real calls: handshakes signed as Twilio signs them (checked by a Node.js bot
 * with Twilio's own npm helper, src/test/node-agent), a refused handshake, a dead socket, frames of every
 * size, and the bounds on what an agent can queue.
 */
@QuarkusTest
@TestProfile(AgentLinkTest.Link.class)
class AgentLinkTest {

    static final String TOKEN = "test-auth-token-0123456789";

    /** Short windows, a fast liveness check, a signing secret and small queue bounds. */
    public static class Link implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("callbridge.agent.connect-timeout", "1s", "callbridge.agent.reconnect-window", "2s",
                    "callbridge.agent.ping-interval", "300ms", "callbridge.agent.dead-after", "1s",
                    "callbridge.agent.auth-token", TOKEN, "callbridge.agent.pending-agent-dtmf", "2");
        }
    }

    static final Duration WAIT = Duration.ofSeconds(10);
    private static final java.util.List<Process> BOTS = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Inject
    TestAgent agent;

    @Inject
    TestData data;

    @BeforeEach
    void reset() {
        agent.reset();
    }

    @AfterAll
    static void stopBots() {
        BOTS.forEach(Process::destroy);
    }

    /** Starts the Node.js bot that validates with {@code token}; returns its port. */
    private static int signedBot(String token) throws Exception {
        Path dir = Path.of("src/test/node-agent");
        Process p = new ProcessBuilder("node", "signed-agent.js", token).directory(dir.toFile())
                .redirectErrorStream(true).start();
        BOTS.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("listening ")) throw new AssertionError("the node bot did not start: " + line);
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> System.out.println("signed-agent: " + l)));
        return Integer.parseInt(line.substring("listening ".length()).trim());
    }

    @Test
    void aBotThatValidatesWithTwiliosHelperAcceptsTheSignedHandshake() throws Exception {
        String number = "7351";
        int port = signedBot(TOKEN);
        data.route(number, "ws://127.0.0.1:" + port + "/media?tenant=acme&lang=en", "twilio", 8000, Map.of(), null);
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        Sipp.Result result = Sipp.answeredCall(number, 15); // the bot ends the stream once it has checked it
        assertTrue(result.succeeded(), result.output());
        CallRecord cdr = data.awaitEnded(number, since);
        assertEquals("agent_hangup", cdr.termination, cdr.terminationReason);
        assertTrue(cdr.terminationReason.contains("signature valid"), cdr.terminationReason);
    }

    @Test
    void aRefusedHandshakeIsNotRetriedAndTheRoutePolicyAppliesAtOnce() throws Exception {
        String number = "7352";
        int port = signedBot("another-accounts-token");
        data.route(number, "ws://127.0.0.1:" + port + "/media", "twilio", 8000, Map.of(), null);
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        Sipp.Result result = Sipp.answeredCall(number, 15);
        assertTrue(result.succeeded(), result.output());
        CallRecord cdr = data.awaitEnded(number, since);
        assertEquals("agent_failed", cdr.termination);
        assertTrue(cdr.terminationReason.contains("HTTP 403"), cdr.terminationReason);
        assertEquals(0, cdr.agentReconnects, "a 4xx is an answer: not retried");
        long heldMs = Duration.between(cdr.answeredAt, cdr.endedAt).toMillis();
        assertTrue(heldMs < 1500, "failed at once, not after the 2 s window: " + heldMs + " ms");
    }

    @Test
    void anAgentThatStopsReadingIsDeclaredDeadWithinSeconds() throws Exception {
        String number = "7353";
        data.route(number, agent.url("/frozen"), "twilio", 8000, Map.of(), null);
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.answeredCall(number, 15));
        Session first = agent.awaitSession(WAIT);
        first.nextEvent("start", WAIT);
        long frozeAt = System.nanoTime();
        first.freeze(); // TCP stays up; no pong, no frame
        Session second = agent.awaitSession(Duration.ofSeconds(5));
        long noticedMs = (System.nanoTime() - frozeAt) / 1_000_000;
        assertTrue(noticedMs < 3000, "dead after 1 s, reopened after " + noticedMs + " ms");
        second.nextEvent("start", WAIT);
        agent.refuse(true);
        second.freeze();
        Sipp.Result result = caller.join();
        assertTrue(result.succeeded(), "the route's policy ended the call:\n" + result.output());
        CallRecord cdr = data.awaitEnded(number, since);
        assertEquals("agent_failed", cdr.termination, cdr.terminationReason);
        assertTrue(cdr.agentReconnects >= 2, "reconnects: " + cdr.agentReconnects);
    }

    @Test
    void anOversizedMessageIsDroppedAndAnUnreadableFrameClosesWith1009() throws Exception {
        String number = "7354";
        data.route(number, agent.url("/big"), "twilio", 8000, Map.of(), null);
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        double tooLargeBefore = Metrics.value("callbridge_agent_malformed_total", "kind=\"too_large\"");
        CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.answeredCall(number, 15));
        Session bot = agent.awaitSession(WAIT);
        String streamSid = bot.nextEvent("start", WAIT).json().getString("streamSid");
        for (int size : new int[] {1_100_000, 1_600_000}) { // over 1 MiB, within the 2 MiB frame limit: dropped
            bot.send(media(streamSid, size));
            bot.send("{\"event\":\"mark\",\"streamSid\":\"" + streamSid + "\",\"mark\":{\"name\":\"after-" + size + "\"}}");
            assertEquals("after-" + size, bot.nextEvent("mark", WAIT).json().getJsonObject("mark").getString("name"));
        }
        bot.send(media(streamSid, 2_300_000)); // over the frame limit: unreadable
        await().atMost(WAIT).until(bot::isClosed);
        Sipp.Result result = caller.join();
        assertTrue(result.succeeded(), result.output());
        CallRecord cdr = data.awaitEnded(number, since);
        assertEquals("agent_failed", cdr.termination);
        assertTrue(cdr.terminationReason.contains("1009"), cdr.terminationReason);
        assertEquals(0, cdr.agentReconnects, "never a silent reconnect");
        assertTrue(bot.frames.stream().filter(f -> f.text() != null && f.text().contains("\"connected\"")).count() == 1);
        assertEquals(3L, cdr.agentMalformed);
        assertEquals(tooLargeBefore + 3, Metrics.value("callbridge_agent_malformed_total", "kind=\"too_large\""), 0.0);
    }

    @Test
    void agentDtmfAndMarksBeyondTheirBoundsAreDroppedAndCounted() throws Exception {
        String number = "7355";
        data.route(number, agent.url("/flood"), "twilio", 8000, Map.of(), null);
        double dtmfBefore = Metrics.value("callbridge_agent_dropped_total", "what=\"agent_dtmf\"");
        double marksBefore = Metrics.value("callbridge_agent_dropped_total", "what=\"mark\"");
        CompletableFuture<Sipp.Result> caller = CompletableFuture.supplyAsync(() -> Sipp.talkingCall(number, 5000));
        Session bot = agent.awaitSession(WAIT);
        String streamSid = bot.nextEvent("start", WAIT).json().getString("streamSid");
        // Each digit is an ARI request on the call's thread; only pendingAgentDtmf may wait. The 60 reach the gateway in one
        // read, so some are dropped however fast the call plays the others: 24 to 48 of 60 on the machines seen
        // (without the burst, a slow machine spread them out and only 5 were). Without the bound none would be.
        java.util.List<String> digits = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            digits.add("{\"event\":\"dtmf\",\"streamSid\":\"" + streamSid + "\",\"dtmf\":{\"digit\":\"1\"}}");
        }
        bot.burst(digits);
        byte[] tenSeconds = new byte[80_000]; // marks behind it wait for it to play
        java.util.Arrays.fill(tenSeconds, (byte) 0x7F);
        bot.send("{\"event\":\"media\",\"streamSid\":\"" + streamSid + "\",\"media\":{\"payload\":\""
                + Base64.getEncoder().encodeToString(tenSeconds) + "\"}}");
        for (int i = 0; i < 1010; i++) {
            bot.send("{\"event\":\"mark\",\"streamSid\":\"" + streamSid + "\",\"mark\":{\"name\":\"m" + i + "\"}}");
        }
        await().atMost(WAIT).untilAsserted(() -> assertEquals(marksBefore + 10,
                Metrics.value("callbridge_agent_dropped_total", "what=\"mark\""), 0.0, "1000 marks may wait"));
        double dtmfDropped = Metrics.value("callbridge_agent_dropped_total", "what=\"agent_dtmf\"") - dtmfBefore;
        assertTrue(dtmfDropped >= 1, "agent DTMF past the bound is dropped: " + dtmfDropped);
        assertTrue(caller.join().succeeded());
    }

    /** A twilio media message of {@code size} characters (the payload pads it). */
    private static String media(String streamSid, int size) {
        String head = "{\"event\":\"media\",\"streamSid\":\"" + streamSid + "\",\"media\":{\"payload\":\"";
        String tail = "\"}}";
        int payload = (size - head.length() - tail.length()) / 4 * 4;
        return head + "A".repeat(payload) + tail;
    }
}
