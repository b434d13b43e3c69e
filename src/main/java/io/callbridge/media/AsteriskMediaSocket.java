package io.callbridge.media;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketFrame;
import org.jboss.logging.Logger;

/**
 * The app's end of one chan_websocket externalMedia channel: 16-bit little-endian PCM in binary messages both
 * ways, and chan_websocket's plain-text control messages. Carries wideband audio (slin16, slin24) back into
 * Asterisk, which RTP externalMedia cannot (see {@link Resampler}).
 *
 * <p>Timing stays the app's: the playout clock sends one 20 ms frame per tick, so marks and {@code clear}
 * keep the exactness of the RTP leg. chan_websocket queues what it receives and plays one frame per tick of
 * its own timer (silence when its queue is empty), so its queue holds at most a frame or two. Should its
 * queue ever fill (an Asterisk that stalls), it says {@code MEDIA_XOFF}; frames are then dropped and counted
 * here until {@code MEDIA_XON}, as they are while Vert.x's write queue for the socket is full.
 *
 * <p>Threads: caller audio arrives on the socket's event loop; {@link #send} runs on the playout clock.
 */
public final class AsteriskMediaSocket {

    private static final Logger LOG = Logger.getLogger(AsteriskMediaSocket.class);

    private final WebSocket ws;
    private final MediaLeg leg;
    private final String url;
    private final byte[] in = new byte[4096]; // event loop only
    private final byte[] out; // clock thread only
    private final Promise<AsteriskMediaSocket> started;
    private volatile boolean paused;
    private volatile boolean closing;
    private volatile long framesRefused;

    AsteriskMediaSocket(WebSocket ws, MediaLeg leg, String url, Promise<AsteriskMediaSocket> started) {
        this.ws = ws;
        this.leg = leg;
        this.url = url;
        this.out = new byte[leg.format().frameBytes()];
        this.started = started;
        ws.frameHandler(this::frame);
        ws.closeHandler(v -> closed());
        ws.exceptionHandler(e -> LOG.debugf("media socket %s: %s", url, e.toString()));
    }

    private void frame(WebSocketFrame frame) {
        if (frame.isText()) {
            control(frame.textData());
        } else if (frame.isBinary() || frame.isContinuation()) {
            Buffer data = frame.binaryData();
            long now = System.nanoTime();
            int length = data.length();
            for (int at = 0; at < length; at += in.length) {
                int n = Math.min(in.length, length - at);
                data.getBytes(at, at + n, in, 0);
                leg.receivedPcm(in, 0, n, now);
            }
        }
    }

    /**
     * chan_websocket's events: {@code MEDIA_START …}, {@code MEDIA_XOFF}, {@code MEDIA_XON}, … Plain text by
     * default; matched anywhere in the message so that its JSON form ({@code control_message_format = json}
     * in chan_websocket.conf, {@code {"event":"MEDIA_XOFF",…}}) works as well.
     */
    private void control(String text) {
        if (text.contains("MEDIA_START")) {
            started.tryComplete(this);
        } else if (text.contains("MEDIA_XOFF")) {
            paused = true;
            LOG.warnf("Asterisk's media queue is full (%s): frames are dropped until it drains", url);
        } else if (text.contains("MEDIA_XON")) {
            paused = false;
        } else if (text.contains("ERROR")) {
            LOG.warnf("media socket %s: %s", url, text);
        } // DTMF_END: digits reach the call over ARI (ChannelDtmfReceived) already
    }

    private void closed() {
        started.tryFail("the media socket closed before MEDIA_START");
        if (!closing) LOG.warnf("Asterisk closed the media socket %s while the call's media was up", url);
    }

    /** One 20 ms frame of big-endian PCM to the caller, written little-endian. Playout clock thread. */
    void send(byte[] frame) {
        if (paused || ws.writeQueueFull() || ws.isClosed()) {
            framesRefused++;
            return;
        }
        for (int i = 0; i + 1 < frame.length; i += 2) {
            out[i] = frame[i + 1];
            out[i + 1] = frame[i];
        }
        ws.writeFinalBinaryFrame(Buffer.buffer(out.length).appendBytes(out));
    }

    /** Frames not sent because Asterisk's queue was full or the socket could take no more. */
    public long framesRefused() {
        return framesRefused;
    }

    /** Closes the socket; Asterisk then hangs its channel up. Idempotent. */
    public void close() {
        closing = true;
        try {
            if (!ws.isClosed()) ws.close((short) 1000, "call ended");
        } catch (IllegalStateException e) {
            // not connected yet: AsteriskMediaSockets closes it if it connects after its open gave up
        }
    }
}
