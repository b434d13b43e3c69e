package io.callbridge.stream.twilio;

import io.callbridge.stream.AgentJson;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callbridge.stream.RecordingSink;
import io.callbridge.stream.StreamStart;
import io.callbridge.stream.WireFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The twilio adapter driven without sockets: frames out are compared byte for byte with Twilio's shapes. */
class TwilioProtocolTest {

    static final String AC = "AC0123456789abcdef0123456789abcdef";
    static final String CA = "CA0123456789abcdef0123456789abcdef";
    static final String MZ = "MZ0123456789abcdef0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();

    final TwilioProtocol protocol = new TwilioProtocol();
    final RecordingSink sink = new RecordingSink();

    static StreamStart start(Map<String, String> parameters) {
        return new StreamStart(AC, CA, MZ, "+15550001111", "+15550002222", parameters, 8000);
    }

    List<WireFrame> open() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("from", "+15550001111");
        parameters.put("to", "+15550002222");
        return protocol.open(start(parameters));
    }

    static JsonNode parse(WireFrame frame) throws Exception {
        assertTrue(frame.isText(), "twilio frames are text");
        return JSON.readTree(frame.text());
    }

    static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) b[i] = (byte) (seed + i * 7);
        return b;
    }

    // ---- gateway → bot

    @Test
    void openSendsConnectedThenStartExactlyAsTwilioDoes() {
        List<WireFrame> frames = open();

        assertEquals(2, frames.size());
        assertEquals("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}", frames.get(0).text());
        assertEquals("{\"event\":\"start\",\"sequenceNumber\":\"1\",\"streamSid\":\"" + MZ + "\","
                + "\"start\":{\"accountSid\":\"" + AC + "\",\"streamSid\":\"" + MZ + "\",\"callSid\":\"" + CA + "\","
                + "\"tracks\":[\"inbound\"],"
                + "\"customParameters\":{\"from\":\"+15550001111\",\"to\":\"+15550002222\"},"
                + "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}}}",
                frames.get(1).text());
    }

    @Test
    void startFieldsHaveTwiliosJsonTypes() throws Exception {
        JsonNode start = parse(open().get(1));

        assertTrue(start.get("sequenceNumber").isTextual());
        assertTrue(start.at("/start/tracks").isArray());
        assertTrue(start.at("/start/mediaFormat/sampleRate").isInt());
        assertTrue(start.at("/start/mediaFormat/channels").isInt());
        assertTrue(start.at("/start/customParameters").isObject());
    }

    @Test
    void mediaCountsSequenceChunkAndTimestampAsStrings() throws Exception {
        open();
        byte[] frame = bytes(160, 1);

        String first = protocol.media(frame, 0, 160).text();
        JsonNode second = parse(protocol.media(frame, 0, 160));
        JsonNode third = parse(protocol.media(frame, 0, 160));

        assertEquals("{\"event\":\"media\",\"sequenceNumber\":\"2\",\"streamSid\":\"" + MZ + "\","
                + "\"media\":{\"track\":\"inbound\",\"chunk\":\"1\",\"timestamp\":\"0\","
                + "\"payload\":\"" + Base64.getEncoder().encodeToString(frame) + "\"}}", first);
        assertEquals("3", second.get("sequenceNumber").textValue());
        assertEquals("2", second.at("/media/chunk").textValue());
        assertEquals("20", second.at("/media/timestamp").textValue());
        assertEquals("4", third.get("sequenceNumber").textValue());
        assertEquals("3", third.at("/media/chunk").textValue());
        assertEquals("40", third.at("/media/timestamp").textValue());
        assertEquals(216, third.at("/media/payload").textValue().length(), "160 bytes are 216 base64 chars");
    }

    @Test
    void timestampIsMediaTimeFromPayloadLengths() throws Exception {
        open();
        int[] lengths = {80, 320, 100, 100, 160}; // 10 ms, 40 ms, 12.5 ms twice, 20 ms
        List<String> timestamps = new ArrayList<>();
        for (int length : lengths) {
            timestamps.add(parse(protocol.media(new byte[length], 0, length)).at("/media/timestamp").textValue());
        }
        assertEquals(List.of("0", "10", "50", "62", "75"), timestamps);
    }

    @Test
    void sequenceNumberCountsEveryMessageAfterConnectedAndChunkOnlyMedia() throws Exception {
        open();
        List<JsonNode> sent = List.of(
                parse(protocol.media(new byte[160], 0, 160)),
                parse(protocol.dtmf('5')),
                parse(protocol.markPlayed("utt-1")),
                parse(protocol.media(new byte[160], 0, 160)),
                parse(protocol.stop()));

        assertEquals(List.of("2", "3", "4", "5", "6"), sent.stream().map(m -> m.get("sequenceNumber").textValue()).toList());
        assertEquals("1", sent.get(0).at("/media/chunk").textValue());
        assertEquals("2", sent.get(3).at("/media/chunk").textValue());
        assertEquals("20", sent.get(3).at("/media/timestamp").textValue());
    }

    @Test
    void dtmfMarkAndStopHaveTwiliosShapes() {
        open();
        assertEquals("{\"event\":\"dtmf\",\"sequenceNumber\":\"2\",\"streamSid\":\"" + MZ + "\","
                + "\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"#\"}}", protocol.dtmf('#').text());
        assertEquals("{\"event\":\"mark\",\"sequenceNumber\":\"3\",\"streamSid\":\"" + MZ + "\","
                + "\"mark\":{\"name\":\"utt-42\"}}", protocol.markPlayed("utt-42").text());
        assertEquals("{\"event\":\"stop\",\"sequenceNumber\":\"4\",\"streamSid\":\"" + MZ + "\","
                + "\"stop\":{\"accountSid\":\"" + AC + "\",\"callSid\":\"" + CA + "\"}}", protocol.stop().text());
    }

    @Test
    void parametersAndMarkNamesAreEscaped() throws Exception {
        String tricky = "say \"hi\" \\ back\nslash\ttab \u0001 Zoë 日本 😀 \u2028";
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("from", "+15550001111");
        parameters.put("we\"ird\\key", tricky);
        JsonNode start = parse(protocol.open(start(parameters)).get(1));
        JsonNode mark = parse(protocol.markPlayed(tricky));

        assertEquals(tricky, start.at("/start/customParameters").get("we\"ird\\key").textValue());
        assertEquals("+15550001111", start.at("/start/customParameters/from").textValue());
        assertEquals(tricky, mark.at("/mark/name").textValue());
    }

    @Test
    void mediaSendsTheSliceItIsGivenAsBase64() throws Exception {
        open();
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) all[i] = (byte) i;
        byte[] packet = new byte[12 + 160]; // an RTP packet: 12 header bytes, then the payload
        System.arraycopy(bytes(160, 3), 0, packet, 12, 160);

        byte[] whole = decode(protocol.media(all, 0, all.length));
        byte[] slice = decode(protocol.media(packet, 12, 160));
        byte[] shorter = decode(protocol.media(packet, 12, 80));
        byte[] again = decode(protocol.media(packet, 12, 160));

        assertArrayEquals(all, whole);
        assertArrayEquals(Arrays.copyOfRange(packet, 12, 172), slice);
        assertArrayEquals(Arrays.copyOfRange(packet, 12, 92), shorter);
        assertArrayEquals(Arrays.copyOfRange(packet, 12, 172), again);
    }

    private byte[] decode(WireFrame media) throws Exception {
        return Base64.getDecoder().decode(parse(media).at("/media/payload").textValue());
    }

    @Test
    void mediaRejectsASliceOutsideTheArray() {
        open();
        assertThrows(IndexOutOfBoundsException.class, () -> protocol.media(new byte[10], 5, 6));
    }

    @Test
    void nothingButOpenWorksBeforeOpen() {
        assertThrows(IllegalStateException.class, () -> protocol.media(new byte[160], 0, 160));
        assertThrows(IllegalStateException.class, () -> protocol.stop());
        open();
        assertThrows(IllegalStateException.class, this::open);
    }

    @Test
    void refusesAnythingButEightKilohertz() {
        StreamStart wideband = new StreamStart(AC, CA, MZ, "a", "b", Map.of(), 16000);
        assertThrows(IllegalArgumentException.class, () -> protocol.open(wideband));
    }

    // ---- bot → gateway

    @Test
    void botMessagesReachTheSinkInOrder() {
        open();
        byte[] audio = new byte[256];
        for (int i = 0; i < audio.length; i++) audio[i] = (byte) i;
        String payload = Base64.getEncoder().encodeToString(audio);

        protocol.onText("{\"event\":\"media\",\"streamSid\":\"" + MZ + "\",\"media\":{\"payload\":\"" + payload + "\"}}", sink);
        protocol.onText("{\"event\":\"mark\",\"streamSid\":\"" + MZ + "\",\"mark\":{\"name\":\"utt-42\"}}", sink);
        protocol.onText("{\"event\":\"clear\",\"streamSid\":\"" + MZ + "\"}", sink);
        protocol.onText("{\"event\":\"dtmf\",\"streamSid\":\"" + MZ + "\",\"dtmf\":{\"digit\":\"123#\"}}", sink);

        assertEquals(4, sink.events.size(), sink.events::toString);
        assertTrue(sink.events.get(0).startsWith("audio "));
        assertEquals(List.of("mark utt-42", "clear", "dtmf 123#"), sink.events.subList(1, 4));
        assertArrayEquals(audio, sink.audio.get(0), "base64 round trip of every byte value");
    }

    @Test
    void mediaWithoutStreamSidAndUnknownFieldsIsAccepted() {
        open();
        protocol.onText("{\"event\":\"media\",\"extra\":[1,{}],\"media\":{\"track\":\"outbound\",\"payload\":\"AQI=\"}}", sink);
        assertEquals(List.of("audio 0102"), sink.events);
    }

    @Test
    void twiliosOwnDtmfShapeWithATrackIsAccepted() {
        open();
        protocol.onText("{\"event\":\"dtmf\",\"streamSid\":\"" + MZ + "\",\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"5\"}}", sink);
        assertEquals(List.of("dtmf 5"), sink.events);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "9", "*", "#", "A", "B", "C", "D", "0123456789*#ABCD", "12345678901234567890123456789012"})
    void dialableDigitsPass(String digits) {
        open();
        protocol.onText("{\"event\":\"dtmf\",\"dtmf\":{\"digit\":\"" + digits + "\"}}", sink);
        assertEquals(List.of("dtmf " + digits), sink.events);
    }

    static Stream<Arguments> malformed() {
        String sid = "\"streamSid\":\"" + MZ + "\"";
        return Stream.of(
                Arguments.of("hello", "not_json"),
                Arguments.of("", "not_json"),
                Arguments.of("{\"event\":\"clear\"", "not_json"),
                Arguments.of("[{\"event\":\"clear\"}]", "not_json"),
                Arguments.of("\"clear\"", "not_json"),
                Arguments.of("{\"event\":\"clear\"} {\"event\":\"clear\"}", "not_json"),
                Arguments.of("{" + sid + "}", "missing_field"),
                Arguments.of("{\"event\":7}", "missing_field"),
                Arguments.of("{\"event\":\"dance\"," + sid + "}", "unknown_event"),
                Arguments.of("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}", "unknown_event"),
                Arguments.of("{\"event\":\"start\"," + sid + ",\"start\":{}}", "unknown_event"),
                Arguments.of("{\"event\":\"stop\"," + sid + ",\"stop\":{}}", "unknown_event"),
                Arguments.of("{\"event\":\"clear\",\"streamSid\":\"MZffffffffffffffffffffffffffffffff\"}", "wrong_stream_sid"),
                Arguments.of("{\"event\":\"media\",\"streamSid\":42,\"media\":{\"payload\":\"AQI=\"}}", "wrong_stream_sid"),
                Arguments.of("{\"event\":\"media\",\"streamSid\":null,\"media\":{\"payload\":\"AQI=\"}}", "wrong_stream_sid"),
                Arguments.of("{\"event\":\"media\"," + sid + ",\"media\":{\"payload\":\"@@@@\"}}", "bad_base64"),
                Arguments.of("{\"event\":\"media\"," + sid + ",\"media\":{\"payload\":\"A\"}}", "bad_base64"),
                Arguments.of("{\"event\":\"media\"," + sid + ",\"media\":{\"payload\":\"AQI=\\n\"}}", "bad_base64"),
                Arguments.of("{\"event\":\"media\"," + sid + "}", "missing_field"),
                Arguments.of("{\"event\":\"media\"," + sid + ",\"media\":{}}", "missing_field"),
                Arguments.of("{\"event\":\"media\"," + sid + ",\"media\":\"AQI=\"}", "missing_field"),
                Arguments.of("{\"event\":\"media\"," + sid + ",\"media\":{\"payload\":123}}", "missing_field"),
                Arguments.of("{\"event\":\"mark\"," + sid + "}", "missing_field"),
                Arguments.of("{\"event\":\"mark\"," + sid + ",\"mark\":{\"name\":\"\"}}", "missing_field"),
                Arguments.of("{\"event\":\"mark\"," + sid + ",\"mark\":{\"name\":5}}", "missing_field"),
                Arguments.of("{\"event\":\"dtmf\"," + sid + "}", "missing_field"),
                Arguments.of("{\"event\":\"dtmf\"," + sid + ",\"dtmf\":{\"digit\":5}}", "missing_field"),
                Arguments.of("{\"event\":\"dtmf\"," + sid + ",\"dtmf\":{\"digit\":\"\"}}", "bad_dtmf"),
                Arguments.of("{\"event\":\"dtmf\"," + sid + ",\"dtmf\":{\"digit\":\"x\"}}", "bad_dtmf"),
                Arguments.of("{\"event\":\"dtmf\"," + sid + ",\"dtmf\":{\"digit\":\"12a\"}}", "bad_dtmf"),
                Arguments.of("{\"event\":\"dtmf\"," + sid + ",\"dtmf\":{\"digit\":\"" + "1".repeat(33) + "\"}}", "bad_dtmf"));
    }

    @ParameterizedTest
    @MethodSource
    void malformed(String text, String kind) {
        open();
        protocol.onText(text, sink);
        assertEquals(List.of("malformed " + kind), sink.events);
        assertTrue(sink.details.get(0).length() <= 121, "details stay short for the logs");
    }

    @Test
    void theStreamGoesOnAfterMalformedInput() {
        open();
        protocol.onText("{nope", sink);
        protocol.onBinary(new byte[] {1, 2}, sink);
        protocol.onText("{\"event\":\"clear\"}", sink);
        assertEquals(List.of("malformed not_json", "malformed binary_frame", "clear"), sink.events);
    }

    @Test
    void binaryFramesAreRefused() {
        open();
        protocol.onBinary(new byte[160], sink);
        assertEquals(List.of("malformed binary_frame"), sink.events);
    }

    @Test
    void aOneMegabyteMediaMessageIsDecoded() {
        open();
        byte[] audio = bytes(749_000, 5); // about 94 s of mu-law: a whole prompt in one message
        String text = "{\"event\":\"media\",\"streamSid\":\"" + MZ + "\",\"media\":{\"payload\":\""
                + Base64.getEncoder().encodeToString(audio) + "\"}}";
        assertTrue(text.length() > 998_000 && text.length() <= AgentJson.MAX_FRAME, "length " + text.length());

        protocol.onText(text, sink);

        assertEquals(1, sink.audio.size(), sink.events::toString);
        assertArrayEquals(audio, sink.audio.get(0));
    }

    @Test
    void aFrameOverOneMebibyteIsRefusedWithoutParsing() {
        open();
        // Not JSON at all: had it been parsed, the kind would be not_json.
        protocol.onText("x".repeat(AgentJson.MAX_FRAME + 1), sink);
        String media = "{\"event\":\"media\",\"media\":{\"payload\":\"" + "A".repeat(AgentJson.MAX_FRAME) + "\"}}";
        protocol.onText(media, sink);

        assertEquals(List.of("malformed too_large", "malformed too_large"), sink.events);
    }
}
