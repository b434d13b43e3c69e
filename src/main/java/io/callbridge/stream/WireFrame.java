package io.callbridge.stream;

/** One WebSocket frame to the agent: text (JSON) or binary. */
public record WireFrame(String text, byte[] binary) {

    public static WireFrame text(String text) {
        return new WireFrame(text, null);
    }

    public static WireFrame binary(byte[] data) {
        return new WireFrame(null, data);
    }

    public boolean isText() {
        return text != null;
    }
}
