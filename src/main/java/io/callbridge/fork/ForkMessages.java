package io.callbridge.fork;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callbridge.stream.AgentJson;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;

/**
 * The messages of one stream fork, in Twilio's Media Streams format (shared/reference/twilio-media-streams.md,
 * https://www.twilio.com/docs/voice/media-streams/websocket-messages): {@code connected}, {@code start} with the
 * fork's {@code tracks} and {@code customParameters}, {@code media} with its {@code track} (mu-law 8 kHz, base64),
 * and {@code stop}. {@code sequenceNumber} counts every message after {@code connected}; {@code chunk} and
 * {@code timestamp} (ms of media) count per track, as Twilio does for {@code both_tracks}. Pure: no I/O; not
 * thread-safe (the fork calls it under its lock).
 */
final class ForkMessages {

    private static final int BYTES_PER_MS = 8; // mu-law 8 kHz: one byte per sample

    private final String accountSid;
    private final String callSid;
    private final String streamSid;
    private final StreamTrack track;
    private final Map<String, String> parameters;
    private long sequence;
    private final Map<StreamTrack.Side, long[]> perSide = new EnumMap<>(StreamTrack.Side.class); // {chunks, bytes}

    ForkMessages(String accountSid, String callSid, String streamSid, StreamTrack track, Map<String, String> parameters) {
        this.accountSid = accountSid;
        this.callSid = callSid;
        this.streamSid = streamSid;
        this.track = track;
        this.parameters = parameters; // ForkRequest's: unmodifiable, in order
        for (StreamTrack.Side side : StreamTrack.Side.values()) perSide.put(side, new long[2]);
    }

    String connected() {
        return "{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}";
    }

    String start() {
        ObjectNode message = header("start");
        ObjectNode body = message.putObject("start");
        body.put("accountSid", accountSid);
        body.put("streamSid", streamSid);
        body.put("callSid", callSid);
        ArrayNode tracks = body.putArray("tracks");
        track.sides.forEach(side -> tracks.add(side.wire));
        ObjectNode custom = body.putObject("customParameters");
        parameters.forEach(custom::put);
        ObjectNode format = body.putObject("mediaFormat");
        format.put("encoding", "audio/x-mulaw");
        format.put("sampleRate", 8000);
        format.put("channels", 1);
        return AgentJson.write(message);
    }

    /** One frame of {@code side}'s audio (mu-law bytes {@code [offset, offset+length)}). */
    String media(StreamTrack.Side side, byte[] audio, int offset, int length) {
        long[] counts = perSide.get(side);
        long timestamp = counts[1] / BYTES_PER_MS;
        counts[0]++;
        counts[1] += length;
        ObjectNode message = header("media");
        ObjectNode media = message.putObject("media");
        media.put("track", side.wire);
        media.put("chunk", String.valueOf(counts[0]));
        media.put("timestamp", String.valueOf(timestamp));
        byte[] payload = new byte[length];
        System.arraycopy(audio, offset, payload, 0, length);
        media.put("payload", Base64.getEncoder().encodeToString(payload));
        return AgentJson.write(message);
    }

    String stop() {
        ObjectNode message = header("stop");
        ObjectNode body = message.putObject("stop");
        body.put("accountSid", accountSid);
        body.put("callSid", callSid);
        return AgentJson.write(message);
    }

    private ObjectNode header(String event) {
        ObjectNode message = AgentJson.object();
        message.put("event", event);
        message.put("sequenceNumber", String.valueOf(++sequence));
        message.put("streamSid", streamSid);
        return message;
    }
}
