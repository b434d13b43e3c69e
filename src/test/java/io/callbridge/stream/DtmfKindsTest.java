package io.callbridge.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.Dtmf;
import io.callbridge.testing.RtpPeer;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestAgent;
import io.callbridge.testing.TestAgent.Session;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DTMF of every kind, both ways, through Kamailio, Asterisk and the app: a sipp caller whose media is the
 * test's own RTP endpoint ({@link RtpPeer}) sends RFC 4733 events at any payload type, with or without the
 * marker bit, in-band tones when its offer has no telephone-event, and SIP INFO (sipp alone); each key
 * press reaches the agent as exactly one {@code dtmf} event, in order. Digits the agent sends reach the caller as RFC 4733 events
 * when telephone-event was negotiated, as tones otherwise.
 */
@QuarkusTest
class DtmfKindsTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    /** The presses: repeated keys, every key kind, a long press; 100 ms gaps between presses. */
    static final String KEYS = "1559#*0D";
    static final int LONG_PRESS = 3; // index of the 9, held for 2 s

    @Inject
    TestAgent agent;

    @Inject
    TestData data;

    @ParameterizedTest(name = "payload type {0}, marker bit {1}")
    @CsvSource({"96, true", "126, false"})
    void callerEventsAreOneDigitPerPress(int payloadType, boolean marker) throws Exception {
        RtpPeer.Script caller = new RtpPeer.Script().silence(500);
        for (int i = 0; i < KEYS.length(); i++) {
            // the three end packets take the first 60 ms of the 100 ms gap
            caller.event(payloadType, KEYS.charAt(i), i == LONG_PRESS ? 2000 : 100, marker).silence(40);
        }
        caller.silence(500);
        assertEquals(KEYS, callerPresses("4733" + payloadType, payloadType, caller));
    }

    @Test
    void callerTonesWithoutTelephoneEventAreOneDigitPerPress() throws Exception {
        RtpPeer.Script caller = new RtpPeer.Script().silence(500);
        for (int i = 0; i < KEYS.length(); i++) {
            caller.audio(i == LONG_PRESS ? 2000 : 100, Dtmf.tone(KEYS.charAt(i), 6000)).silence(100);
        }
        caller.silence(500);
        assertEquals(KEYS, callerPresses("47330", null, caller));
    }

    @Test
    void callerSipInfoIsOneDigitPerRequest() throws Exception {
        String number = "47339";
        agent.reset();
        data.route(number, agent.url("/dtmf-info"), "twilio", 8000, Map.of(), null);
        CompletableFuture<Sipp.Result> call = CompletableFuture.supplyAsync(() -> Sipp.dtmfInfoCall(number));
        Session bot = agent.awaitSession(WAIT);
        bot.nextEvent("stop", Duration.ofSeconds(20));
        Sipp.Result result = call.join();
        assertTrue(result.succeeded(), result.output());
        assertEquals("155#", bot.events("dtmf").stream().map(d -> d.getJsonObject("dtmf").getString("digit"))
                .collect(Collectors.joining()));
    }

    /** The digits the agent got in its {@code dtmf} events while {@code caller} played. */
    private String callerPresses(String number, Integer eventPayloadType, RtpPeer.Script caller) throws Exception {
        agent.reset();
        data.route(number, agent.url("/dtmf-kinds"), "twilio", 8000, Map.of(), null);
        try (RtpPeer peer = new RtpPeer()) {
            Path portFile = Files.createTempDirectory("dtmf").resolve("asterisk-rtp-port");
            int seconds = caller.durationMillis() / 1000 + 3;
            CompletableFuture<Sipp.Result> call = CompletableFuture.supplyAsync(
                    () -> Sipp.rtpPeerCall(number, peer, eventPayloadType, portFile, seconds * 1000));
            Session bot = agent.awaitSession(WAIT);
            int asterisk = await().atMost(WAIT).until(() -> Files.exists(portFile) ? readPort(portFile) : null, p -> p != null);
            bot.nextEvent("start", WAIT);
            peer.play(caller, asterisk).join();
            bot.nextEvent("stop", Duration.ofSeconds(seconds + 10));
            Sipp.Result result = call.join();
            assertTrue(result.succeeded(), result.output());
            return bot.events("dtmf").stream().map(d -> d.getJsonObject("dtmf").getString("digit"))
                    .collect(Collectors.joining());
        }
    }

    @ParameterizedTest(name = "telephone-event at payload type {0}")
    @CsvSource({"96", "126"})
    void agentDigitsReachTheCallerAsEvents(int payloadType) throws Exception {
        List<RtpPeer.Packet> heard = agentDigitsHeard("4734" + payloadType, payloadType);
        assertEquals(KEYS, Dtmf.events(heard, payloadType), "one RFC 4733 event per digit");
        assertEquals("", Dtmf.tones(heard), "and no tones in the audio");
    }

    @Test
    void agentDigitsReachACallerWithoutTelephoneEventAsTones() throws Exception {
        List<RtpPeer.Packet> heard = agentDigitsHeard("47340", null);
        assertEquals(KEYS, Dtmf.tones(heard), "one tone per digit");
    }

    /** What the caller's side received while the agent sent {@link #KEYS} in one {@code dtmf} message. */
    private List<RtpPeer.Packet> agentDigitsHeard(String number, Integer eventPayloadType) throws Exception {
        agent.reset();
        data.route(number, agent.url("/dtmf-to-caller"), "twilio", 8000, Map.of(), null);
        try (RtpPeer peer = new RtpPeer()) {
            Path portFile = Files.createTempDirectory("dtmf").resolve("asterisk-rtp-port");
            RtpPeer.Script caller = new RtpPeer.Script().silence(6000);
            CompletableFuture<Sipp.Result> call = CompletableFuture.supplyAsync(
                    () -> Sipp.rtpPeerCall(number, peer, eventPayloadType, portFile, 6000));
            Session bot = agent.awaitSession(WAIT);
            int asterisk = await().atMost(WAIT).until(() -> Files.exists(portFile) ? readPort(portFile) : null, p -> p != null);
            String streamSid = bot.nextEvent("start", WAIT).json().getString("streamSid");
            CompletableFuture<Void> talking = peer.play(caller, asterisk);
            bot.send("{\"event\":\"dtmf\",\"streamSid\":\"" + streamSid + "\",\"dtmf\":{\"digit\":\"" + KEYS + "\"}}");
            Sipp.Result result = call.join();
            assertTrue(result.succeeded(), result.output());
            talking.join();
            return peer.received();
        }
    }

    private static Integer readPort(Path file) {
        try {
            return Integer.valueOf(Files.readString(file).trim());
        } catch (Exception e) {
            return null;
        }
    }
}
