package io.callbridge.stream;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One call's conversation with its agent in one wire protocol (twilio/, raw/). Pure translation, no I/O:
 * the gateway → agent methods return the frames to send, and agent → gateway frames are decoded into an
 * {@link AgentSink}. The two directions keep apart state: the gateway → agent methods are called from one
 * thread at a time, and so are {@link #onText} and {@link #onBinary}, but the two sides may run at once
 * (caller audio goes out while an agent frame is decoded). {@link #open} comes before both.
 */
public interface AgentProtocol {

    /** Frames to send when the socket opens (twilio: connected + start; raw: the metadata frame). */
    List<WireFrame> open(StreamStart start);

    /** One 20 ms frame of the caller's audio, in the RTP payload format of the call. */
    WireFrame media(byte[] payload, int offset, int length);

    WireFrame dtmf(char digit);

    /**
     * Callbridge's extension, sent only to agents whose route opted in (docs/agents.md): the call went on
     * hold ({@code held}) or came off it; {@code by} is {@code api} or {@code caller}.
     */
    WireFrame hold(boolean held, String by);

    /** A mark whose audio has been played to the caller (or dropped by {@code clear}). */
    WireFrame markPlayed(String name);

    /** The last frame before the gateway closes the socket. */
    WireFrame stop();

    void onText(String text, AgentSink sink);

    /**
     * A text frame as UTF-8 bytes straight off the socket ({@code utf8[offset, offset+length)}, valid only
     * during the call). The same as {@link #onText(String, AgentSink)} on the decoded text; a protocol may
     * read its frequent messages without building the String.
     */
    default void onText(byte[] utf8, int offset, int length, AgentSink sink) {
        onText(new String(utf8, offset, length, StandardCharsets.UTF_8), sink);
    }

    void onBinary(byte[] data, AgentSink sink);
}
