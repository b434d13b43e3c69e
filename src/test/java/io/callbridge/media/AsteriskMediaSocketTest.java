package io.callbridge.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket leg against a loopback server that speaks as chan_websocket does: MEDIA_START once the socket
 * is open, little-endian PCM in binary messages, MEDIA_XOFF/MEDIA_XON for its queue.
 */
class AsteriskMediaSocketTest {

    private Vertx vertx;
    private HttpServer server;
    private final CompletableFuture<ServerWebSocket> asterisk = new CompletableFuture<>();
    private final List<byte[]> toAsterisk = new CopyOnWriteArrayList<>();
    private final List<byte[]> heard = new CopyOnWriteArrayList<>();
    private final List<String> marks = new CopyOnWriteArrayList<>();
    private volatile boolean sayMediaStart = true;
    private MediaLeg leg;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().webSocketHandler(ws -> {
            ws.binaryMessageHandler(b -> toAsterisk.add(b.getBytes()));
            if (sayMediaStart) ws.writeTextMessage("MEDIA_START connection_id:abc channel:WebSocket/INCOMING/0x1 format:slin16 optimal_frame_size:640 ptime:20");
            asterisk.complete(ws);
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        leg = MediaLeg.overWebSocket(MediaFormat.SLIN16, 5);
        leg.listen(new MediaLeg.Listener() {
            @Override
            public void callerAudio(byte[] buffer, int offset, int length) {
                byte[] copy = new byte[length];
                System.arraycopy(buffer, offset, copy, 0, length);
                heard.add(copy);
            }

            @Override
            public void marksPlayed(List<String> names) {
                marks.addAll(names);
            }
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private String url() {
        return "ws://127.0.0.1:" + server.actualPort() + "/media/abc";
    }

    @Test
    void callerAudioCutAnywhereReachesTheAgentSideAsBigEndian20msFrames() throws Exception {
        AsteriskMediaSocket socket = new AsteriskMediaSockets(vertx).open(url(), leg);
        assertEquals(socket, leg.socket());
        byte[] le = new byte[1280]; // 40 ms of little-endian samples 0x0100, 0x0302, …
        for (int i = 0; i < le.length; i++) le[i] = (byte) i;
        ServerWebSocket ws = asterisk.get(5, TimeUnit.SECONDS);
        ws.writeBinaryMessage(Buffer.buffer(java.util.Arrays.copyOfRange(le, 0, 333))); // odd: half a sample
        ws.writeBinaryMessage(Buffer.buffer(java.util.Arrays.copyOfRange(le, 333, 1280)));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 2);
        for (byte[] frame : heard) assertEquals(640, frame.length);
        assertEquals((byte) 1, heard.get(0)[0], "big-endian: the high byte first");
        assertEquals((byte) 0, heard.get(0)[1]);
        assertEquals((byte) 0x81, heard.get(1)[0]);
        assertEquals((byte) 0x80, heard.get(1)[1]);
        assertEquals(2, leg.quality().packetsIn());
        assertEquals(1280, leg.quality().bytesIn());
    }

    @Test
    void aMediaStartSentRightAfterTheUpgradeIsSeenOnEveryOpen() throws Exception {
        // Opened from this thread, as from a call's executor. With the connect started off an event loop, Vert.x
        // now and then lost MEDIA_START (WebSocketConnects) and the open failed after 5 s; likeliest with the
        // server in the same new Vert.x as the client, as here. Without the fix this test failed in 2 runs of 3
        // (about one open in a hundred here): a regression shows as a flaky failure, not a steady one.
        for (int i = 0; i < 100; i++) {
            Vertx fresh = Vertx.vertx();
            try {
                int port = fresh.createHttpServer()
                        .webSocketHandler(ws -> ws.writeTextMessage("MEDIA_START connection_id:abc format:slin16"))
                        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).actualPort();
                MediaLeg freshLeg = MediaLeg.overWebSocket(MediaFormat.SLIN16, 5);
                AsteriskMediaSocket socket = new AsteriskMediaSockets(fresh).open("ws://127.0.0.1:" + port + "/media/abc", freshLeg);
                assertEquals(socket, freshLeg.socket());
            } finally {
                fresh.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aSocketThatConnectsAfterTheOpenGaveUpIsClosed() throws Exception {
        CompletableFuture<ServerWebSocket> late = new CompletableFuture<>();
        int port = vertx.createHttpServer().requestHandler(req -> {
            req.pause(); // the upgrade is answered only after the open has given up
            vertx.setTimer(AsteriskMediaSockets.OPEN_TIMEOUT.toMillis() + 500, id -> {
                req.toWebSocket().onSuccess(ws -> {
                    ws.writeTextMessage("MEDIA_START connection_id:abc format:slin16");
                    late.complete(ws);
                });
                req.resume();
            });
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).actualPort();
        assertThrows(IOException.class, () -> new AsteriskMediaSockets(vertx).open("ws://127.0.0.1:" + port + "/media/abc", leg));
        ServerWebSocket ws = late.get(5, TimeUnit.SECONDS);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(ws::isClosed); // nobody would own it otherwise
        assertEquals(null, leg.socket(), "the leg never got it");
    }

    @Test
    void eachTickSendsOneLittleEndianFrameAndReportsItsMarks() throws Exception {
        new AsteriskMediaSockets(vertx).open(url(), leg);
        leg.play(new byte[] {0x12, 0x34, 0x56, 0x78}); // big-endian, as the agent protocols hand it over
        leg.mark("m");
        leg.tick(null);
        assertEquals(List.of("m"), marks, "the mark is reported with the frame that carried its audio");
        leg.tick(null);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> toAsterisk.size() == 2);
        byte[] first = toAsterisk.get(0);
        assertEquals(640, first.length);
        assertArrayEquals(new byte[] {0x34, 0x12, 0x78, 0x56, 0, 0}, java.util.Arrays.copyOf(first, 6));
        assertEquals(2, leg.quality().packetsOut());
        assertEquals(1280, leg.quality().bytesOut());
    }

    @Test
    void framesAreDroppedAndCountedWhileAsteriskSaysItsQueueIsFull() throws Exception {
        AsteriskMediaSocket socket = new AsteriskMediaSockets(vertx).open(url(), leg);
        ServerWebSocket ws = asterisk.get(5, TimeUnit.SECONDS);
        ws.writeTextMessage("MEDIA_XOFF");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            leg.tick(null);
            return socket.framesRefused() > 0;
        });
        ws.writeTextMessage("MEDIA_XON");
        int before = toAsterisk.size();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            leg.tick(null);
            return toAsterisk.size() > before;
        });
        assertTrue(socket.framesRefused() > 0);
        assertEquals(socket.framesRefused(), leg.quality().framesDropped(), "counted in the CDR's frames_dropped");
    }

    @Test
    void noMediaStartFailsTheOpenAndClosesTheSocket() throws Exception {
        sayMediaStart = false;
        IOException e = assertThrows(IOException.class, () -> new AsteriskMediaSockets(vertx).open(url(), leg));
        assertTrue(e.getMessage().contains("MEDIA_START"), e.getMessage());
        ServerWebSocket ws = asterisk.get(5, TimeUnit.SECONDS);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(ws::isClosed);
    }
}
