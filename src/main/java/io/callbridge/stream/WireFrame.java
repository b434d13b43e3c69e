package io.callbridge.stream;

import java.nio.charset.StandardCharsets;

/**
 * One WebSocket frame to the agent: text (JSON) or binary. A text frame holds either a String or its UTF-8
 * bytes already encoded (the per-frame twilio {@code media} message is built as bytes: no String, no
 * re-encoding on the way out).
 */
public final class WireFrame {

    private final String text;
    private final byte[] utf8;
    private final byte[] binary;

    private WireFrame(String text, byte[] utf8, byte[] binary) {
        this.text = text;
        this.utf8 = utf8;
        this.binary = binary;
    }

    public static WireFrame text(String text) {
        return new WireFrame(text, null, null);
    }

    /** A text frame from its UTF-8 bytes; the array is handed over (the socket sends it as it is). */
    public static WireFrame utf8Text(byte[] utf8) {
        return new WireFrame(null, utf8, null);
    }

    public static WireFrame binary(byte[] data) {
        return new WireFrame(null, null, data);
    }

    public boolean isText() {
        return binary == null;
    }

    /** The text of a text frame (decoded from its bytes when it was built as bytes); null for binary. */
    public String text() {
        if (text != null || utf8 == null) return text;
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** The UTF-8 bytes a text frame was built from, or null when it was built from a String. */
    public byte[] utf8() {
        return utf8;
    }

    /** The payload of a binary frame; null for text. */
    public byte[] binary() {
        return binary;
    }
}
