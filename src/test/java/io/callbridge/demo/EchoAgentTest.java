package io.callbridge.demo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A gateway's side of a Twilio stream, played against the demo echo agent over a real WebSocket. */
@QuarkusTest
class EchoAgentTest {

    static final String MZ = "MZ0123456789abcdef0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/demo/echo")
    URI endpoint;

    @Test
    void echoesEachSecondOfCallerAudioFollowedByAMark() throws Exception {
        Messages received = new Messages();
        HttpClient http = HttpClient.newHttpClient();
        WebSocket ws = http.newWebSocketBuilder()
                .buildAsync(URI.create(endpoint.toString().replaceFirst("^http", "ws")), received)
                .get(10, TimeUnit.SECONDS);

        send(ws, "{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
        send(ws, "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"streamSid\":\"" + MZ + "\",\"start\":{"
                + "\"accountSid\":\"AC0123456789abcdef0123456789abcdef\",\"streamSid\":\"" + MZ + "\","
                + "\"callSid\":\"CA0123456789abcdef0123456789abcdef\",\"tracks\":[\"inbound\"],"
                + "\"customParameters\":{},\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}}}");
        ByteArrayOutputStream firstSecond = new ByteArrayOutputStream();
        for (int chunk = 1; chunk <= 60; chunk++) {
            byte[] frame = new byte[160];
            for (int i = 0; i < frame.length; i++) frame[i] = (byte) (chunk * 3 + i);
            if (chunk <= 50) firstSecond.writeBytes(frame);
            send(ws, "{\"event\":\"media\",\"sequenceNumber\":\"" + (chunk + 1) + "\",\"streamSid\":\"" + MZ + "\","
                    + "\"media\":{\"track\":\"inbound\",\"chunk\":\"" + chunk + "\",\"timestamp\":\"" + (chunk - 1) * 20
                    + "\",\"payload\":\"" + Base64.getEncoder().encodeToString(frame) + "\"}}");
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> received.texts.size() >= 2);
        JsonNode media = JSON.readTree(received.texts.get(0));
        JsonNode mark = JSON.readTree(received.texts.get(1));
        assertEquals("media", media.get("event").textValue());
        assertEquals(MZ, media.get("streamSid").textValue());
        assertArrayEquals(firstSecond.toByteArray(), Base64.getDecoder().decode(media.at("/media/payload").textValue()),
                "the first 50 frames come back as they were sent");
        assertEquals("mark", mark.get("event").textValue());
        assertEquals(MZ, mark.get("streamSid").textValue());
        assertEquals("echo-1", mark.at("/mark/name").textValue());

        // The gateway echoes the mark once played; 10 frames are not a second yet, so nothing else comes.
        send(ws, "{\"event\":\"mark\",\"sequenceNumber\":\"62\",\"streamSid\":\"" + MZ + "\",\"mark\":{\"name\":\"echo-1\"}}");
        send(ws, "{\"event\":\"stop\",\"sequenceNumber\":\"63\",\"streamSid\":\"" + MZ + "\","
                + "\"stop\":{\"accountSid\":\"AC0123456789abcdef0123456789abcdef\",\"callSid\":\"CA0123456789abcdef0123456789abcdef\"}}");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "call ended").get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> received.closed);
        assertEquals(2, received.texts.size(), () -> "unexpected messages: " + received.texts);
    }

    private static void send(WebSocket ws, String text) throws Exception {
        ws.sendText(text, true).get(5, TimeUnit.SECONDS);
    }

    /** Collects whole text messages (the client may deliver one in parts). */
    static final class Messages implements WebSocket.Listener {
        final List<String> texts = new CopyOnWriteArrayList<>();
        volatile boolean closed;
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed = true;
            return null;
        }
    }
}
