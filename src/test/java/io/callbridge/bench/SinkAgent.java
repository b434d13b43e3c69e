package io.callbridge.bench;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Base64;

/**
 * The AI agent of the relay bench, on a Vert.x WebSocket server: one socket per stream at
 * {@code /agent/<i>}, Twilio Media Streams both ways. For every caller {@code media} message it records
 * RTP send → here (the frame's first 8 bytes), then answers with one 20 ms frame of its own whose first 8
 * bytes are its send time, so the playout path carries one frame per stream per 20 ms too. Every tenth
 * answer is followed by a {@code dtmf} probe whose digits are its send time (see {@link RelayApp}).
 *
 * <p>All handlers run on the server's one event loop, so the state needs no locks.
 */
final class SinkAgent {

    private static final String MEDIA = "{\"event\":\"media\"";
    private static final String START = "{\"event\":\"start\"";
    private static final String PAYLOAD = "\"payload\":\"";
    private static final int PROBE_EVERY = 10;

    private final RelayBench.Window window;
    private final String[] prefix; // the answer up to the payload, per stream
    private final String[] probePrefix;
    private final long[] mediaIn;
    private final long[] mediaOut;
    private final Histogram uplink = new Histogram();
    private final String tail; // base64 of the 148 bytes after the 12-byte head: 12 is a multiple of 3
    private final byte[] head = new byte[12];
    private final byte[] head64 = new byte[16];
    private final byte[] in64 = new byte[16];
    private final byte[] inHead = new byte[12];
    private final StringBuilder out = new StringBuilder(512);
    private volatile int started; // written by the event loop only
    private long probesSent;
    private long answersInWindow;
    private long undecodable;
    private volatile boolean answering = true;

    SinkAgent(int n, RelayBench.Window window) {
        this.window = window;
        this.prefix = new String[n];
        this.probePrefix = new String[n];
        this.mediaIn = new long[n];
        this.mediaOut = new long[n];
        byte[] rest = new byte[NativeAsterisk.FRAME - 12];
        Arrays.fill(rest, (byte) 0xFF);
        this.tail = Base64.getEncoder().encodeToString(rest);
    }

    void accept(ServerWebSocket ws) {
        String path = ws.path();
        int i = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
        ws.textMessageHandler(text -> onText(i, ws, text));
        ws.exceptionHandler(e -> { });
    }

    private void onText(int i, ServerWebSocket ws, String text) {
        if (text.startsWith(MEDIA)) {
            media(i, ws, text);
        } else if (text.startsWith(START)) {
            String sid = new JsonObject(text).getString("streamSid");
            prefix[i] = "{\"event\":\"media\",\"streamSid\":\"" + sid + "\",\"media\":{\"payload\":\"";
            probePrefix[i] = "{\"event\":\"dtmf\",\"streamSid\":\"" + sid + "\",\"dtmf\":{\"digit\":\"";
            started++;
        } // connected, stop, mark: nothing to do
    }

    private void media(int i, ServerWebSocket ws, String text) {
        long now = System.nanoTime();
        mediaIn[i]++;
        int p = text.indexOf(PAYLOAD);
        if (p < 0 || p + PAYLOAD.length() + 16 > text.length()) {
            undecodable++;
            return;
        }
        p += PAYLOAD.length();
        for (int k = 0; k < 16; k++) in64[k] = (byte) text.charAt(p + k);
        Base64.getDecoder().decode(in64, inHead);
        long rtpSent = getLong(inHead, 0);
        if (getInt(inHead, 8) != NativeAsterisk.MAGIC) {
            undecodable++;
        } else if (rtpSent >= window.from && rtpSent < window.to) {
            uplink.record(now - rtpSent);
        }
        if (answering && prefix[i] != null) answer(i, ws);
    }

    private void answer(int i, ServerWebSocket ws) {
        long sent = System.nanoTime();
        if (sent >= window.from && sent < window.to) answersInWindow++;
        putLong(head, 0, sent);
        putInt(head, 8, NativeAsterisk.MAGIC);
        Base64.getEncoder().encode(head, head64);
        out.setLength(0);
        out.append(prefix[i]);
        for (byte b : head64) out.append((char) b);
        out.append(tail).append("\"}}");
        ws.writeTextMessage(out.toString());
        if (++mediaOut[i] % PROBE_EVERY == 0) {
            ws.writeTextMessage(probePrefix[i] + System.nanoTime() + "\"}}");
            probesSent++;
        }
    }

    void stopAnswering() {
        answering = false;
    }

    int started() {
        return started;
    }

    Histogram uplink() {
        return uplink;
    }

    /** Racy sums of the event loop's counters: exact once it has stopped receiving. */
    long mediaInTotal() {
        return Arrays.stream(mediaIn).sum();
    }

    long mediaOutTotal() {
        return Arrays.stream(mediaOut).sum();
    }

    /** Frames sent to the app with a send time inside the window. */
    long answersInWindow() {
        return answersInWindow;
    }

    long probesSent() {
        return probesSent;
    }

    long undecodable() {
        return undecodable;
    }

    private static long getLong(byte[] b, int o) {
        return ((long) getInt(b, o) << 32) | (getInt(b, o + 4) & 0xFFFFFFFFL);
    }

    private static int getInt(byte[] b, int o) {
        return ((b[o] & 0xFF) << 24) | ((b[o + 1] & 0xFF) << 16) | ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF);
    }

    private static void putLong(byte[] b, int o, long v) {
        putInt(b, o, (int) (v >>> 32));
        putInt(b, o + 4, (int) v);
    }

    private static void putInt(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
    }
}
