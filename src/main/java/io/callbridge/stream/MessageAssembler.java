package io.callbridge.stream;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.netty.buffer.ByteBuf;

/**
 * Joins one socket's data frames into messages (RFC 6455 section 5.4: a text or binary frame, then
 * continuation frames up to the one marked final), keeping at most {@code limit} bytes of a message. A
 * longer message is not kept at all: its bytes are discarded as they arrive and it is reported once,
 * whatever its length. Control frames (ping, pong, close) are not messages and are ignored here. One
 * socket's frames arrive on one thread: not thread-safe.
 */
final class MessageAssembler {

    /** Where complete messages go. */
    interface Messages {
        /** A text message's UTF-8 bytes, {@code utf8[offset, offset+length)}; valid only during the call. */
        void text(byte[] utf8, int offset, int length);

        void binary(byte[] data);

        /** A message over the limit, dropped; {@code bytes} is its full length. */
        void tooLarge(boolean text, long bytes);
    }

    private final int limit;
    private boolean inMessage;
    private boolean text;
    private long size;
    private Buffer parts; // null once the message is over the limit

    MessageAssembler(int limit) {
        this.limit = limit;
    }

    void frame(WebSocketFrame frame, Messages out) {
        switch (frame.type()) {
            case TEXT, BINARY -> {
                text = frame.type() == io.vertx.core.http.WebSocketFrameType.TEXT;
                Buffer data = frame.binaryData();
                if (frame.isFinal()) { // the common case: a whole message in one frame, no copy
                    inMessage = false;
                    parts = null;
                    if (data.length() > limit) out.tooLarge(text, data.length());
                    else if (text) text(data, out);
                    else out.binary(data.getBytes());
                    return;
                }
                inMessage = true;
                size = 0;
                parts = Buffer.buffer();
                append(data);
            }
            case CONTINUATION -> {
                if (!inMessage) return; // nothing to continue; the WebSocket layer refuses this anyway
                append(frame.binaryData());
                if (!frame.isFinal()) return;
                inMessage = false;
                Buffer whole = parts;
                parts = null;
                if (whole == null) out.tooLarge(text, size);
                else if (text) text(whole, out);
                else out.binary(whole.getBytes());
            }
            default -> { // ping, pong, close: handled by the socket
            }
        }
    }

    /** The bytes in place when the buffer is on the heap (Vert.x copies frames there), else one copy. */
    private static void text(Buffer data, Messages out) {
        ByteBuf bytes = data.getByteBuf();
        if (bytes.hasArray()) {
            out.text(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
        } else {
            byte[] copy = data.getBytes();
            out.text(copy, 0, copy.length);
        }
    }

    private void append(Buffer data) {
        size += data.length();
        if (parts == null) return;
        if (size > limit) parts = null;
        else parts.appendBuffer(data);
    }
}
