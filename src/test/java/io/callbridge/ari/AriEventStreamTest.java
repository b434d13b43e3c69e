package io.callbridge.ari;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The events socket's reader, fed frames directly: bad input never stops it. */
class AriEventStreamTest {

    private final List<AriEvent> delivered = new ArrayList<>();
    private final Socket socket = new Socket();

    @Test
    void unreadableEventsAreSkippedAndTheReaderGoesOn() throws Exception {
        AriEventStream stream = new AriEventStream(delivered::add);
        String real = AriEventReaderTest.event("stasis-end");

        stream.onText(socket, real.substring(0, real.length() / 2), true); // cut short
        stream.onText(socket, "not json", true);
        stream.onText(socket, "{\"type\":\"StasisEnd\"}", true); // no channel
        stream.onText(socket, AriEventReaderTest.event("channel-varset"), true); // not used: dropped quietly
        stream.onText(socket, real.substring(0, 40), false); // one event in two frames
        stream.onText(socket, real.substring(40), true);

        assertEquals(List.of(AriEventReader.read(real)), delivered);
        assertEquals(6, socket.requested, "every frame asks for the next one");
    }

    @Test
    void aFailingObserverDoesNotStopTheReader() throws Exception {
        AriEventStream stream = new AriEventStream(r -> {
            delivered.add(r);
            throw new IllegalStateException("observer failed");
        });
        stream.onText(socket, AriEventReaderTest.event("stasis-end"), true);
        stream.onText(socket, AriEventReaderTest.event("dtmf"), true);

        assertEquals(2, delivered.size());
        assertEquals(2, socket.requested);
    }

    /** Counts what the reader asks of its socket. */
    private static final class Socket implements WebSocket {
        int requested;

        @Override
        public void request(long n) {
            requested += (int) n;
        }

        @Override
        public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public String getSubprotocol() {
            return "";
        }

        @Override
        public boolean isOutputClosed() {
            return false;
        }

        @Override
        public boolean isInputClosed() {
            return false;
        }

        @Override
        public void abort() {
        }
    }
}
