package io.callbridge.stream.raw;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callbridge.stream.AgentProtocol;
import io.callbridge.stream.AgentSink;
import io.callbridge.stream.StreamStart;
import io.callbridge.stream.WireFrame;
import io.callbridge.stream.AgentJson;
import java.util.List;
import java.util.Map;

/**
 * Raw PCM for agents that want no base64 and wideband audio (docs/agents.md): one JSON metadata frame,
 * then 16-bit little-endian PCM in binary frames both ways, and small JSON text frames for events.
 * The call side speaks Asterisk's slin (big-endian), so every audio byte pair is swapped here.
 */
public final class RawProtocol implements AgentProtocol {

    private static final String STOP = "{\"event\":\"stop\"}";

    /** Agent audio is a byte stream that may be cut anywhere: keep half samples between frames. */
    private final PcmSwap fromAgent = new PcmSwap();
    private volatile String streamSid; // read by the agent → gateway side, on another thread

    @Override
    public List<WireFrame> open(StreamStart start) {
        if (streamSid != null) throw new IllegalStateException("stream already open");
        streamSid = start.streamSid();
        ObjectNode message = event("start");
        message.put("callSid", start.callSid());
        message.put("streamSid", start.streamSid());
        message.put("from", start.from());
        message.put("to", start.to());
        message.put("sampleRate", start.sampleRate());
        message.put("encoding", "pcm_s16le");
        message.put("channels", 1);
        ObjectNode parameters = message.putObject("parameters");
        Map<String, String> given = start.parameters() == null ? Map.of() : start.parameters();
        given.forEach(parameters::put);
        return List.of(WireFrame.text(AgentJson.write(message)));
    }

    /** Each RTP payload holds whole samples, so frames are swapped one by one with nothing carried. */
    @Override
    public WireFrame media(byte[] payload, int offset, int length) {
        return WireFrame.binary(PcmSwap.swapFrame(payload, offset, length));
    }

    @Override
    public WireFrame dtmf(char digit) {
        return WireFrame.text(AgentJson.write(event("dtmf").put("digit", String.valueOf(digit))));
    }

    /** {@code {"event":"hold","by":"api"}}; {@code resume} alike. */
    @Override
    public WireFrame hold(boolean held, String by) {
        return WireFrame.text(AgentJson.write(event(held ? "hold" : "resume").put("by", by)));
    }

    @Override
    public WireFrame markPlayed(String name) {
        return WireFrame.text(AgentJson.write(event("mark").put("name", name)));
    }

    @Override
    public WireFrame stop() {
        return WireFrame.text(STOP);
    }

    private static ObjectNode event(String event) {
        return AgentJson.object().put("event", event);
    }

    @Override
    public void onBinary(byte[] data, AgentSink sink) {
        if (data.length > AgentJson.MAX_FRAME) {
            sink.malformed("too_large", "binary frame of " + data.length + " bytes");
            return;
        }
        byte[] audio = fromAgent.swapStream(data);
        if (audio.length > 0) sink.audio(audio);
    }

    @Override
    public void onText(String text, AgentSink sink) {
        ObjectNode message = AgentJson.read(text, streamSid, sink);
        if (message == null) return;
        String event = AgentJson.text(message, "event");
        switch (event) {
            case "mark" -> {
                String name = AgentJson.text(message, "name");
                if (name == null || name.isEmpty()) sink.malformed("missing_field", "name");
                else sink.mark(name);
            }
            case "clear" -> {
                fromAgent.reset(); // audio after a barge-in starts on a sample boundary again
                sink.clear();
            }
            case "dtmf" -> {
                String digits = AgentJson.text(message, "digit");
                if (digits == null) sink.malformed("missing_field", "digit");
                else AgentJson.dtmf(digits, sink);
            }
            // The agent ends the stream by closing its socket; stop carries nothing more, so it is only noted.
            case "stop" -> sink.ignored("agent sent stop: ignored, the stream ends when the agent closes the socket");
            default -> sink.malformed("unknown_event", AgentJson.clip(event));
        }
    }
}
