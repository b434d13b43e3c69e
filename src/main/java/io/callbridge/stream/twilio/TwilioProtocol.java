package io.callbridge.stream.twilio;

import io.callbridge.stream.AgentJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callbridge.stream.AgentProtocol;
import io.callbridge.stream.AgentSink;
import io.callbridge.stream.StreamStart;
import io.callbridge.stream.WireFrame;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Twilio Media Streams, as bots built for Twilio expect it (docs/agents.md and
 * shared/reference/twilio-media-streams.md): JSON text frames only, mu-law 8 kHz in base64.
 *
 * <p>The two per-frame messages skip the general JSON machinery, 50 times a second per call each way:
 * {@link #media} writes its message as UTF-8 bytes from a template, base64 straight from the RTP payload,
 * into one array of the exact size that the socket sends as it is (no String, no re-encoding); an agent's
 * {@code media} is read from the frame's bytes by {@link MediaReader}, without a tree or a String.
 * Everything else goes through Jackson, which gets escaping and malformed input right for free.
 */
public final class TwilioProtocol implements AgentProtocol {

    public static final int SAMPLE_RATE = 8000;

    /** mu-law is one byte per sample: media time in ms is bytes / 8 whatever the frame length. */
    private static final int BYTES_PER_MS = SAMPLE_RATE / 1000;

    private static final String CONNECTED = "{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}";
    private static final Base64.Decoder BASE64_IN = Base64.getDecoder();
    // The media message in Twilio's field order, around its four variable parts.
    private static final byte[] MEDIA_HEAD = ascii("{\"event\":\"media\",\"sequenceNumber\":\"");
    private static final byte[] MEDIA_SID = ascii("\",\"streamSid\":");
    private static final byte[] MEDIA_CHUNK = ascii(",\"media\":{\"track\":\"inbound\",\"chunk\":\"");
    private static final byte[] MEDIA_TIMESTAMP = ascii("\",\"timestamp\":\"");
    private static final byte[] MEDIA_PAYLOAD = ascii("\",\"payload\":\"");
    private static final byte[] MEDIA_TAIL = ascii("\"}}");

    private volatile StreamStart start; // read by the agent → gateway side, on another thread
    /** The streamSid as a JSON literal in UTF-8, escaped once for the hand-built media messages. */
    private byte[] streamSidJson;
    /** The last sequenceNumber sent; counts every message after {@code connected}. */
    private long sequence;
    private long chunk;
    private long mediaBytes;

    @Override
    public List<WireFrame> open(StreamStart start) {
        if (this.start != null) throw new IllegalStateException("stream already open");
        if (start.sampleRate() != SAMPLE_RATE) {
            throw new IllegalArgumentException("twilio streams are 8000 Hz, not " + start.sampleRate());
        }
        this.start = start;
        this.streamSidJson = AgentJson.quote(Objects.requireNonNull(start.streamSid(), "streamSid")).getBytes(StandardCharsets.UTF_8);

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
        long seq = ++sequence;
        long chk = ++chunk;
        // Sized exactly, written once: the array is the frame the socket sends (it keeps it until written).
        byte[] out = new byte[MEDIA_HEAD.length + digits(seq) + MEDIA_SID.length + streamSidJson.length
                + MEDIA_CHUNK.length + digits(chk) + MEDIA_TIMESTAMP.length + digits(timestamp)
                + MEDIA_PAYLOAD.length + Base64Codec.encodedLength(length) + MEDIA_TAIL.length];
        int at = put(MEDIA_HEAD, out, 0);
        at = putDigits(seq, out, at);
        at = put(MEDIA_SID, out, at);
        at = put(streamSidJson, out, at);
        at = put(MEDIA_CHUNK, out, at);
        at = putDigits(chk, out, at);
        at = put(MEDIA_TIMESTAMP, out, at);
        at = putDigits(timestamp, out, at);
        at = put(MEDIA_PAYLOAD, out, at);
        at = Base64Codec.encode(payload, offset, length, out, at);
        put(MEDIA_TAIL, out, at);
        return WireFrame.utf8Text(out);
    }

    private static int put(byte[] part, byte[] out, int at) {
        System.arraycopy(part, 0, out, at, part.length);
        return at + part.length;
    }

    /** Decimal digits of a non-negative number. */
    private static int digits(long value) {
        int n = 1;
        while (value >= 10) {
            value /= 10;
            n++;
        }
        return n;
    }

    private static int putDigits(long value, byte[] out, int at) {
        int end = at + digits(value);
        for (int i = end - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return end;
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

    /** {@code {"event":"hold","sequenceNumber":"9","streamSid":"MZ…","hold":{"by":"api"}}}; {@code resume} alike. */
    @Override
    public WireFrame hold(boolean held, String by) {
        requireOpen();
        String event = held ? "hold" : "resume";
        ObjectNode message = header(event);
        message.putObject(event).put("by", by);
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

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private void requireOpen() {
        if (start == null) throw new IllegalStateException("open() first: the stream has no streamSid yet");
    }

    /** A text frame as it came off the socket: media the fast way ({@link MediaReader}), the rest as a String. */
    @Override
    public void onText(byte[] utf8, int offset, int length, AgentSink sink) {
        byte[] audio = length <= AgentJson.MAX_FRAME
                ? MediaReader.audio(utf8, offset, length, start == null ? null : start.streamSid()) : null;
        if (audio != null) sink.audio(audio);
        else onText(new String(utf8, offset, length, StandardCharsets.UTF_8), sink);
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
