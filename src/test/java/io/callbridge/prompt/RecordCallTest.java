package io.callbridge.prompt;

import static io.callbridge.testing.Api.api;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.callbridge.call.AgentRoute;
import io.callbridge.call.RouteFlow;
import io.callbridge.testing.Audio;
import io.callbridge.testing.RtpPeer;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code <Record>} on the real path: a sipp caller says nothing for a second, then a 440 Hz tone for 3 s, then
 * stays silent; the flow records with a 2 s silence timeout and trimming. The action gets Twilio's parameters, the
 * recordings API serves a file of the tone's length at its frequency, and the recordingStatusCallback reports it.
 */
@QuarkusTest
class RecordCallTest {

    static final String NUMBER = "7781";
    static final int SIP_PORT = 5781;
    static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    TestData data;

    @Test
    void aMessageIsRecordedTrimmedAndReported() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        CompletableFuture<Map<String, String>> action = new CompletableFuture<>();
        CompletableFuture<Map<String, String>> status = new CompletableFuture<>();
        server.createContext("/after", exchange -> {
            action.complete(form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] twiml = "<Response><Pause length=\"30\"/></Response>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, twiml.length);
            exchange.getResponseBody().write(twiml);
            exchange.close();
        });
        server.createContext("/status", exchange -> {
            status.complete(form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try (RtpPeer peer = new RtpPeer()) {
            data.flowRoute(NUMBER, new RouteFlow("<Response><Record maxLength=\"20\" timeout=\"2\" action=\"" + base
                    + "/after\" recordingStatusCallback=\"" + base + "/status\"/></Response>", null, "POST", null,
                    "POST", null), AgentRoute.HANGUP);
            Path portFile = Files.createTempDirectory("record").resolve("asterisk-rtp-port");
            int holdMillis = 12000;
            CompletableFuture<Sipp.Result> call = Sipp.async(() -> Sipp.from("127.0.0.1", SIP_PORT,
                    "uac-rtp-peer.xml", NUMBER, Map.of(
                            "RTP_PORT", String.valueOf(peer.port()),
                            "EVENT_FORMATS", "",
                            "EVENT_RTPMAP", "a=sendrecv",
                            "PORT_FILE", portFile.toAbsolutePath().toString(),
                            "HOLD_MS", String.valueOf(holdMillis)), List.of("-m", "1"), holdMillis / 1000 + 15));
            int asterisk = await().atMost(WAIT).until(() -> Files.exists(portFile) ? readPort(portFile) : null, p -> p != null);
            RtpPeer.Script caller = new RtpPeer.Script().silence(1000)
                    .audio(3000, i -> (int) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0))).silence(holdMillis - 5000);
            CompletableFuture<Void> talking = peer.play(caller, asterisk);

            Map<String, String> f = action.get(WAIT.toSeconds() + 10, TimeUnit.SECONDS);
            String sid = f.get("RecordingSid");
            assertTrue(sid != null && sid.matches("RE[0-9a-f]{32}"), f.toString());
            assertEquals("/api/recordings/" + sid + "/audio", f.get("RecordingUrl"));
            assertEquals("3", f.get("RecordingDuration"), f.toString());
            assertTrue(f.get("CallSid").startsWith("CA"), f.toString());

            byte[] wav = api().get("/api/recordings/" + sid + "/audio").then().statusCode(200).extract().asByteArray();
            File file = Files.createTempFile("message", ".wav").toFile();
            Files.write(file.toPath(), wav);
            Audio.Wav heard = Audio.readWav(file);
            double seconds = heard.samples().length / (double) heard.rate();
            assertTrue(seconds > 2.8 && seconds < 3.5, "trimmed to the tone: " + seconds + " s");
            double share = Audio.energyShare(heard.samples(), heard.rate(), 420, 460, 100);
            assertTrue(share > 0.8, "the caller's 440 Hz: share " + share);

            Map<String, String> s = status.get(30, TimeUnit.SECONDS);
            assertEquals(sid, s.get("RecordingSid"));
            assertEquals("completed", s.get("RecordingStatus"));
            assertEquals("1", s.get("RecordingChannels"));
            assertEquals("RecordVerb", s.get("RecordingSource"));

            Sipp.Result result = call.join();
            assertTrue(result.succeeded(), result.output());
            talking.join();
        } finally {
            server.stop(0);
            data.removeRoute(NUMBER);
        }
    }

    static Map<String, String> form(String body) {
        Map<String, String> f = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                f.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return f;
    }

    private static Integer readPort(Path file) {
        try {
            return Integer.valueOf(Files.readString(file).trim());
        } catch (Exception e) {
            return null;
        }
    }
}
