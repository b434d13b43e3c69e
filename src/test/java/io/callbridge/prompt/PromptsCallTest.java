package io.callbridge.prompt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.callbridge.call.AgentRoute;
import io.callbridge.call.RouteFlow;
import io.callbridge.testing.Audio;
import io.callbridge.testing.Dtmf;
import io.callbridge.testing.RtpPeer;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * {@code <Say>} and {@code <Play>} on the real path: sipp calls through Kamailio and Asterisk into a route whose
 * TwiML says a sentence (flite), plays a 1 kHz WAV served over HTTP and sends digits; the caller's RTP peer records
 * what Asterisk sent it. Heard in order: speech (loud, syllabic, voiced, not a tone), then the tone at 1 kHz for its
 * length, then the digits as RFC 4733 events.
 */
@QuarkusTest
class PromptsCallTest {

    static final String NUMBER = "7780";
    static final int SIP_PORT = 5780;
    static final int EVENTS = 101;
    static final Duration WAIT = Duration.ofSeconds(15);
    private static final Logger LOG = Logger.getLogger(PromptsCallTest.class);

    @Inject
    TestData data;

    @Test
    void callerHearsSpeechThenTheToneThenTheDigits() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        File wav = Files.createTempFile("tone", ".wav").toFile();
        Audio.writeWav(wav, Audio.tone(1000, 2000, 8000, 8000), 8000);
        byte[] tone = Files.readAllBytes(wav.toPath());
        server.createContext("/tone.wav", exchange -> {
            exchange.sendResponseHeaders(200, tone.length);
            exchange.getResponseBody().write(tone);
            exchange.close();
        });
        server.start();
        try (RtpPeer peer = new RtpPeer()) {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/tone.wav";
            data.flowRoute(NUMBER, new RouteFlow("<Response><Say voice=\"alice\">Thank you for calling. "
                    + "Please listen carefully, as our menu options have changed.</Say><Play>" + url + "</Play>"
                    + "<Play digits=\"1234\"/><Pause length=\"30\"/></Response>", null, "POST", null, "POST", null),
                    AgentRoute.HANGUP);
            Path portFile = Files.createTempDirectory("prompts").resolve("asterisk-rtp-port");
            int holdMillis = 14000;
            CompletableFuture<Sipp.Result> call = Sipp.async(() -> Sipp.from("127.0.0.1", SIP_PORT,
                    "uac-rtp-peer.xml", NUMBER, Map.of(
                            "RTP_PORT", String.valueOf(peer.port()),
                            "EVENT_FORMATS", " " + EVENTS,
                            "EVENT_RTPMAP", "a=rtpmap:" + EVENTS + " telephone-event/8000",
                            "PORT_FILE", portFile.toAbsolutePath().toString(),
                            "HOLD_MS", String.valueOf(holdMillis)), List.of("-m", "1"), holdMillis / 1000 + 15));
            int asterisk = await().atMost(WAIT).until(() -> Files.exists(portFile) ? readPort(portFile) : null, p -> p != null);
            CompletableFuture<Void> talking = peer.play(new RtpPeer.Script().silence(holdMillis - 1000), asterisk);
            Sipp.Result result = call.join();
            assertTrue(result.succeeded(), result.output());
            talking.join();

            List<RtpPeer.Packet> received = peer.received();
            assertEquals("1234", Dtmf.events(received, EVENTS), "the digits, as RFC 4733 events");
            short[] heard = pcmu(received);
            // 100 ms windows holding the 1 kHz tone; the tone is their longest run (speech may touch 1 kHz briefly)
            boolean[] toneAt = Audio.presence(heard, 8000, 1000, 100, 4000);
            int first = -1;
            int windows = 0;
            for (int w = 0; w < toneAt.length; ) {
                if (!toneAt[w]) {
                    w++;
                    continue;
                }
                int end = w;
                while (end < toneAt.length && toneAt[end]) end++;
                if (end - w > windows) {
                    first = w;
                    windows = end - w;
                }
                w = end;
            }
            assertTrue(first > 0, "the tone was heard");
            assertEquals(20, windows, 2, "the tone lasts its 2 s");
            short[] tonePart = java.util.Arrays.copyOfRange(heard, first * 800, (first + windows) * 800);
            double share = Audio.energyShare(tonePart, 8000, 950, 1050, 100);
            assertTrue(share > 0.8, "the tone is at 1 kHz: share " + share);
            short[] speech = java.util.Arrays.copyOfRange(heard, 0, first * 800);
            SpeechChecks.Figures figures = SpeechChecks.measure(speech, 8000);
            LOG.infof("<Say> heard: %.1f s, %s; <Play>: %.0f %% of the tone's energy at 1 kHz",
                    speech.length / 8000.0, figures, 100 * share);
            assertTrue(speech.length > 8000 * 2, "the sentence takes more than 2 s: " + speech.length / 8000.0);
            assertTrue(figures.speechLike(), figures.toString());
        } finally {
            server.stop(0);
            data.removeRoute(NUMBER);
        }
    }

    /** The PCMU audio Asterisk sent, in order of arrival. */
    static short[] pcmu(List<RtpPeer.Packet> packets) {
        ByteArrayOutputStream ulaw = new ByteArrayOutputStream();
        for (RtpPeer.Packet p : packets) {
            if (p.payloadType() == RtpPeer.PCMU) ulaw.writeBytes(p.payload());
        }
        return Audio.fromUlaw(ulaw.toByteArray());
    }

    private static Integer readPort(Path file) {
        try {
            return Integer.valueOf(Files.readString(file).trim());
        } catch (Exception e) {
            return null;
        }
    }
}
