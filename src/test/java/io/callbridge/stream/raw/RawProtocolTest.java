package io.callbridge.stream.raw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callbridge.stream.RecordingSink;
import io.callbridge.stream.StreamStart;
import io.callbridge.stream.WireFrame;
import io.callbridge.stream.AgentJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The raw adapter driven without sockets: the metadata frame, byte order both ways, events, refusals. */
class RawProtocolTest {

    static final String CA = "CA0123456789abcdef0123456789abcdef";
    static final String MZ = "MZ0123456789abcdef0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();

    final RawProtocol protocol = new RawProtocol();
    final RecordingSink sink = new RecordingSink();

    List<WireFrame> open(Map<String, String> parameters) {
        return protocol.open(new StreamStart("AC0123456789abcdef0123456789abcdef", CA, MZ,
                "+15550001111", "+15550002222", parameters, 16000));
    }

    List<WireFrame> open() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("from", "+15550001111");
        parameters.put("to", "+15550002222");
        parameters.put("voice", "alto");
        return open(parameters);
    }

    static byte[] b(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) out[i] = (byte) values[i];
        return out;
    }

    // ---- gateway → agent

    @Test
    void openSendsOneMetadataFrame() throws Exception {
        List<WireFrame> frames = open();

        assertEquals(1, frames.size());
        assertEquals("{\"event\":\"start\",\"callSid\":\"" + CA + "\",\"streamSid\":\"" + MZ + "\","
                + "\"from\":\"+15550001111\",\"to\":\"+15550002222\",\"sampleRate\":16000,"
                + "\"encoding\":\"pcm_s16le\",\"channels\":1,"
                + "\"parameters\":{\"from\":\"+15550001111\",\"to\":\"+15550002222\",\"voice\":\"alto\"}}",
                frames.get(0).text());
        JsonNode start = JSON.readTree(frames.get(0).text());
        assertTrue(start.get("sampleRate").isInt(), "sampleRate is a number");
        assertTrue(start.get("channels").isInt(), "channels is a number");
    }

    @Test
    void parametersAndMarkNamesAreEscaped() throws Exception {
        String tricky = "say \"hi\" \\ back\nslash \u0001 Zoë 😀";
        JsonNode start = JSON.readTree(open(Map.of("k\"ey", tricky)).get(0).text());
        JsonNode mark = JSON.readTree(protocol.markPlayed(tricky).text());

        assertEquals(tricky, start.get("parameters").get("k\"ey").textValue());
        assertEquals(tricky, mark.get("name").textValue());
    }

    @Test
    void callerAudioGoesOutAsLittleEndianBinary() {
        open();
        byte[] packet = b(0x80, 0x0b, 0x12, 0x34, 0xab, 0xcd, 0x00, 0xff); // two header bytes, then slin
        byte[] before = packet.clone();

        WireFrame frame = protocol.media(packet, 2, 6);

        assertFalse(frame.isText());
        assertArrayEquals(b(0x34, 0x12, 0xcd, 0xab, 0xff, 0x00), frame.binary());
        assertArrayEquals(before, packet, "the caller's buffer is left alone");
    }

    @Test
    void anOddTrailingByteOfACallerFrameIsLeftOutAndDoesNotShiftTheNext() {
        open();
        assertArrayEquals(b(0x02, 0x01), protocol.media(b(0x01, 0x02, 0x03), 0, 3).binary());
        assertArrayEquals(b(0x05, 0x04), protocol.media(b(0x04, 0x05), 0, 2).binary());
    }

    @Test
    void dtmfMarkAndStopAreSmallTextEvents() {
        open();
        assertEquals("{\"event\":\"dtmf\",\"digit\":\"5\"}", protocol.dtmf('5').text());
        assertEquals("{\"event\":\"mark\",\"name\":\"utt-1\"}", protocol.markPlayed("utt-1").text());
        assertEquals("{\"event\":\"stop\"}", protocol.stop().text());
    }

    // ---- agent → gateway

    @Test
    void agentAudioIsSwappedBackToBigEndian() {
        open();
        protocol.onBinary(b(0x34, 0x12, 0xcd, 0xab), sink);
        assertEquals(List.of("audio 1234abcd"), sink.events);
    }

    @Test
    void audioSurvivesARoundTrip() {
        open();
        byte[] slin = new byte[640];
        for (int i = 0; i < slin.length; i++) slin[i] = (byte) (i * 31);

        protocol.onBinary(protocol.media(slin, 0, slin.length).binary(), sink);

        assertArrayEquals(slin, sink.audio.get(0));
    }

    @Test
    void aHalfSampleWaitsForTheNextFrame() {
        open();
        protocol.onBinary(b(0x02, 0x01, 0x04), sink); // sample 0x0102, then the low byte of 0x0304
        protocol.onBinary(b(0x03), sink);               // its high byte
        protocol.onBinary(b(0x06), sink);               // only half a sample: nothing yet
        protocol.onBinary(b(0x05, 0x08, 0x07, 0x0a), sink);

        assertEquals(List.of("audio 0102", "audio 0304", "audio 05060708"), sink.events);
    }

    @Test
    void clearDropsAHalfSample() {
        open();
        protocol.onBinary(b(0x02, 0x01, 0x99), sink);
        protocol.onText("{\"event\":\"clear\"}", sink);
        protocol.onBinary(b(0x04, 0x03), sink);

        assertEquals(List.of("audio 0102", "clear", "audio 0304"), sink.events);
    }

    @Test
    void textEventsReachTheSinkInOrder() {
        open();
        protocol.onText("{\"event\":\"mark\",\"name\":\"utt-42\"}", sink);
        protocol.onText("{\"event\":\"clear\"}", sink);
        protocol.onText("{\"event\":\"dtmf\",\"digit\":\"5\"}", sink);
        protocol.onText("{\"event\":\"dtmf\",\"digit\":\"*0#\",\"streamSid\":\"" + MZ + "\"}", sink);

        assertEquals(List.of("mark utt-42", "clear", "dtmf 5", "dtmf *0#"), sink.events);
    }

    @Test
    void stopFromTheAgentIsIgnored() {
        open();
        protocol.onText("{\"event\":\"stop\"}", sink);
        assertEquals(List.of(), sink.events);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("not json", "not_json"),
                Arguments.of("[]", "not_json"),
                Arguments.of("{\"digit\":\"5\"}", "missing_field"),
                Arguments.of("{\"event\":\"start\",\"sampleRate\":16000}", "unknown_event"),
                Arguments.of("{\"event\":\"media\"}", "unknown_event"),
                Arguments.of("{\"event\":\"clear\",\"streamSid\":\"MZother\"}", "wrong_stream_sid"),
                Arguments.of("{\"event\":\"mark\"}", "missing_field"),
                Arguments.of("{\"event\":\"mark\",\"name\":\"\"}", "missing_field"),
                Arguments.of("{\"event\":\"mark\",\"mark\":{\"name\":\"twilio-shaped\"}}", "missing_field"),
                Arguments.of("{\"event\":\"dtmf\"}", "missing_field"),
                Arguments.of("{\"event\":\"dtmf\",\"digit\":\"E\"}", "bad_dtmf"),
                Arguments.of("{\"event\":\"dtmf\",\"digit\":\"\"}", "bad_dtmf"));
    }

    @ParameterizedTest
    @MethodSource
    void malformed(String text, String kind) {
        open();
        protocol.onText(text, sink);
        assertEquals(List.of("malformed " + kind), sink.events);
    }

    @Test
    void aOneMegabyteBinaryFrameIsSwapped() {
        open();
        byte[] pcm = new byte[1_000_000];
        for (int i = 0; i < pcm.length; i++) pcm[i] = (byte) i;

        protocol.onBinary(pcm, sink);

        byte[] slin = sink.audio.get(0);
        assertEquals(pcm.length, slin.length);
        for (int i = 0; i < pcm.length; i += 2) {
            assertEquals(pcm[i], slin[i + 1]);
            assertEquals(pcm[i + 1], slin[i]);
        }
    }

    @Test
    void framesOverOneMebibyteAreRefused() {
        open();
        protocol.onBinary(new byte[AgentJson.MAX_FRAME + 1], sink);
        protocol.onText(" ".repeat(AgentJson.MAX_FRAME + 1), sink);
        protocol.onText("{\"event\":\"clear\"}", sink);

        assertEquals(List.of("malformed too_large", "malformed too_large", "clear"), sink.events);
    }
}
