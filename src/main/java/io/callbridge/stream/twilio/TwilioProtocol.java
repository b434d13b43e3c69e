package io.callbridge.stream.twilio;

import io.callbridge.stream.AgentJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callbridge.stream.AgentProtocol;
import io.callbridge.stream.AgentSink;
import io.callbridge.stream.StreamStart;
import io.callbridge.stream.WireFrame;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Twilio Media Streams, as bots built for Twilio expect it (docs/agents.md and
 * shared/reference/twilio-media-streams.md): JSON text frames only, mu-law 8 kHz in base64.
 *
 * <p>{@link #media} runs 50 times a second per call, so it writes its JSON by hand into a reused buffer
 * and base64-encodes into a reused array: in steady state the only allocations are the message string
 * and its frame. Everything else goes through Jackson, which gets escaping right for free.
 */
public final class TwilioProtocol implements AgentProtocol {

    public static final int SAMPLE_RATE = 8000;

    /** mu-law is one byte per sample: media time in ms is bytes / 8 whatever the frame length. */
    private static final int BYTES_PER_MS = SAMPLE_RATE / 1000;

    private static final String CONNECTED = "{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}";
    private static final Base64.Encoder BASE64_OUT = Base64.getEncoder();
    private static final Base64.Decoder BASE64_IN = Base64.getDecoder();

    private volatile StreamStart start; // read by the agent → gateway side, on another thread
    /** The streamSid as a JSON literal, escaped once for the hand-built media messages. */
    private String quotedStreamSid;
    /** The last sequenceNumber sent; counts every message after {@code connected}. */
    private long sequence;
    private long chunk;
    private long mediaBytes;

    private final StringBuilder json = new StringBuilder(512);
    private byte[] slice = new byte[0];
    private byte[] base64 = new byte[0];
    /** base64 widened to chars: one bulk append is several times faster than appending char by char. */
    private char[] base64Chars = new char[0];

    @Override
    public List<WireFrame> open(StreamStart start) {
        if (this.start != null) throw new IllegalStateException("stream already open");
        if (start.sampleRate() != SAMPLE_RATE) {
            throw new IllegalArgumentException("twilio streams are 8000 Hz, not " + start.sampleRate());
        }
        this.start = start;
        this.quotedStreamSid = AgentJson.quote(Objects.requireNonNull(start.streamSid(), "streamSid"));

        ObjectNode message = header("start");
        ObjectNode body = message.putObject("start");
        body.put("accountSid", start.accountSid());
        body.put("streamSid", start.streamSid());
        body.put("callSid", start.callSid());
        body.putArray("tracks").add("inbound");
        ObjectNode parameters = body.putObject("customParameters");
        Map<String, String> given = start.parameters() == null ? Map.of() : start.parameters();
        given.forEach(parameters::put);
        ObjectNode format = body.putObject("mediaFormat");
        format.put("encoding", "audio/x-mulaw");
        format.put("sampleRate", SAMPLE_RATE);
        format.put("channels", 1);
        return List.of(WireFrame.text(CONNECTED), WireFrame.text(AgentJson.write(message)));
    }

    @Override
    public WireFrame media(byte[] payload, int offset, int length) {
        requireOpen();
        Objects.checkFromIndexSize(offset, length, payload.length);
        long timestamp = mediaBytes / BYTES_PER_MS;
        mediaBytes += length;
        int encoded = encode(payload, offset, length);

        StringBuilder out = json;
        out.setLength(0);
        out.append("{\"event\":\"media\",\"sequenceNumber\":\"").append(++sequence)
                .append("\",\"streamSid\":").append(quotedStreamSid)
                .append(",\"media\":{\"track\":\"inbound\",\"chunk\":\"").append(++chunk)
                .append("\",\"timestamp\":\"").append(timestamp)
                .append("\",\"payload\":\"");
        out.append(base64Chars, 0, encoded).append("\"}}");
        return WireFrame.text(out.toString());
    }

    /** Base64 of the slice into {@link #base64Chars}; returns its length. Scratch arrays grow only on new sizes. */
    private int encode(byte[] payload, int offset, int length) {
        byte[] source = payload;
        if (offset != 0 || length != payload.length) { // the encoder only takes whole arrays
            if (slice.length != length) slice = new byte[length];
            System.arraycopy(payload, offset, slice, 0, length);
            source = slice;
        }
        int size = 4 * ((length + 2) / 3);
        if (base64.length < size) {
            base64 = new byte[size];
            base64Chars = new char[size];
        }
        int encoded = BASE64_OUT.encode(source, base64);
        for (int i = 0; i < encoded; i++) base64Chars[i] = (char) base64[i];
        return encoded;
    }

    @Override
    public WireFrame dtmf(char digit) {
        requireOpen();
        ObjectNode message = header("dtmf");
        ObjectNode body = message.putObject("dtmf");
        body.put("track", "inbound_track");
        body.put("digit", String.valueOf(digit));
        return WireFrame.text(AgentJson.write(message));
    }

    @Override
    public WireFrame markPlayed(String name) {
        requireOpen();
        ObjectNode message = header("mark");
        message.putObject("mark").put("name", name);
        return WireFrame.text(AgentJson.write(message));
    }

    @Override
    public WireFrame stop() {
        requireOpen();
        ObjectNode message = header("stop");
        ObjectNode body = message.putObject("stop");
        body.put("accountSid", start.accountSid());
        body.put("callSid", start.callSid());
        return WireFrame.text(AgentJson.write(message));
    }

    /** event, the next sequenceNumber and streamSid, in the order Twilio writes them. */
    private ObjectNode header(String event) {
        ObjectNode message = AgentJson.object();
        message.put("event", event);
        message.put("sequenceNumber", String.valueOf(++sequence));
        message.put("streamSid", start.streamSid());
        return message;
    }

    private void requireOpen() {
        if (start == null) throw new IllegalStateException("open() first: the stream has no streamSid yet");
    }

    @Override
    public void onText(String text, AgentSink sink) {
        ObjectNode message = AgentJson.read(text, start == null ? null : start.streamSid(), sink);
        if (message == null) return;
        String event = AgentJson.text(message, "event");
        switch (event) {
            case "media" -> media(message, sink);
            case "mark" -> mark(message, sink);
            case "clear" -> sink.clear();
            case "dtmf" -> dtmf(message, sink);
            // Gateway → bot events: a bot sending them is confused; count it rather than hide it.
            case "connected", "start", "stop" ->
                    sink.malformed("unknown_event", event + " only flows from the gateway to the agent");
            default -> sink.malformed("unknown_event", AgentJson.clip(event));
        }
    }

    private static void media(ObjectNode message, AgentSink sink) {
        String payload = nested(message, "media", "payload");
        if (payload == null) {
            sink.malformed("missing_field", "media.payload");
            return;
        }
        byte[] audio;
        try {
            audio = BASE64_IN.decode(payload);
        } catch (IllegalArgumentException e) {
            sink.malformed("bad_base64", AgentJson.clip(e.getMessage()));
            return;
        }
        sink.audio(audio);
    }

    private static void mark(ObjectNode message, AgentSink sink) {
        String name = nested(message, "mark", "name");
        if (name == null || name.isEmpty()) sink.malformed("missing_field", "mark.name");
        else sink.mark(name);
    }

    /** Callbridge's extension, shaped like Twilio's own dtmf message: {"event":"dtmf","dtmf":{"digit":"5"}}. */
    private static void dtmf(ObjectNode message, AgentSink sink) {
        String digits = nested(message, "dtmf", "digit");
        if (digits == null) sink.malformed("missing_field", "dtmf.digit");
        else AgentJson.dtmf(digits, sink);
    }

    private static String nested(ObjectNode message, String object, String field) {
        JsonNode body = message.get(object);
        return body == null ? null : AgentJson.text(body, field);
    }

    /** Twilio never sends binary frames and rejects them from bots. */
    @Override
    public void onBinary(byte[] data, AgentSink sink) {
        sink.malformed("binary_frame", data.length + " bytes");
    }
}
