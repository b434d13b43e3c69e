package io.callbridge.ari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The events reader on events captured from the local stack's Asterisk 22 (src/test/resources/ari-events:
 * one real frame per file, unchanged).
 */
class AriEventReaderTest {

    private static final ObjectMapper TREE = new ObjectMapper();

    static String event(String name) throws IOException {
        try (InputStream in = AriEventReaderTest.class.getResourceAsStream("/ari-events/" + name + ".json")) {
            if (in == null) throw new IllegalArgumentException("no captured event " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    @Test
    void stasisStartOfAnInboundCallCarriesArgsAndTheChannelSnapshot() throws Exception {
        var e = assertInstanceOf(AriEvent.StasisStart.class, AriEventReader.read(event("stasis-start-inbound")));
        assertEquals(List.of("7001"), e.args());
        AriChannel channel = e.channel();
        assertEquals("1796030596.4", channel.id());
        assertEquals("PJSIP/kamailio-00000002", channel.name());
        assertEquals("Ring", channel.state());
        assertEquals("+15550001111", channel.callerNumber());
        assertEquals("997001", channel.exten());
        assertEquals("", channel.variable(Ownership.VARIABLE)); // listed in ari.conf, not set yet
    }

    @Test
    void stasisStartOfAChannelCallbridgeCreatedCarriesItsOwnershipMarker() throws Exception {
        var e = assertInstanceOf(AriEvent.StasisStart.class, AriEventReader.read(event("stasis-start-outbound")));
        assertEquals(List.of("outbound"), e.args());
        assertEquals("cb-out-cc66be7e8d458da46af32b11", e.channel().id());
        assertEquals("callbridge-test@vm/CA62da3873d628293a3eedb2991dbb8188", e.channel().variable(Ownership.VARIABLE));
        assertEquals(Optional.of(new Ownership.Owner("callbridge-test@vm", "CA62da3873d628293a3eedb2991dbb8188")),
                Ownership.parse(e.channel().variable(Ownership.VARIABLE)));
    }

    @Test
    void stasisEndNamesItsChannel() throws Exception {
        var e = assertInstanceOf(AriEvent.StasisEnd.class, AriEventReader.read(event("stasis-end")));
        assertEquals("1796030596.4", e.channelId());
    }

    @Test
    void hangupRequestWhoseTypeComesAfterItsCause() throws Exception {
        String json = event("channel-hangup-request");
        assertEquals("{\"cause\":32,", json.substring(0, 12)); // as Asterisk wrote it: type is not first
        var e = assertInstanceOf(AriEvent.ChannelHangupRequest.class, AriEventReader.read(json));
        assertEquals("cb-em-CAd139d4ebf7a286b65a72567def48d2e3", e.channelId());
        assertEquals(32, e.cause());
        assertNull(e.techCause());
    }

    @Test
    void hangupRequestOfABusyFarEndCarriesTheSipResponse() throws Exception {
        var e = assertInstanceOf(AriEvent.ChannelHangupRequest.class,
                AriEventReader.read(event("channel-hangup-request-busy")));
        assertEquals("cb-tl-CA3e84126cceb429cffe60bcb4e91f0014", e.channelId());
        assertEquals(17, e.cause());
        assertEquals("486", e.techCause()); // a number in the JSON
    }

    @Test
    void channelDestroyedCarriesCauseAndItsText() throws Exception {
        var e = assertInstanceOf(AriEvent.ChannelDestroyed.class, AriEventReader.read(event("channel-destroyed")));
        assertEquals("cb-em-CAd139d4ebf7a286b65a72567def48d2e3", e.channelId());
        assertEquals(16, e.cause());
        assertEquals("Normal Clearing", e.causeText());
        assertNull(e.techCause());
    }

    @Test
    void channelDestroyedOfABusyFarEndCarriesTheSipResponse() throws Exception {
        var e = assertInstanceOf(AriEvent.ChannelDestroyed.class,
                AriEventReader.read(event("channel-destroyed-busy")));
        assertEquals(17, e.cause());
        assertEquals("User busy", e.causeText());
        assertEquals("486", e.techCause());
    }

    @Test
    void dialEventsNameThePeerAndTheStatus() throws Exception {
        var begins = assertInstanceOf(AriEvent.Dial.class, AriEventReader.read(event("dial-begins")));
        var ringing = assertInstanceOf(AriEvent.Dial.class, AriEventReader.read(event("dial-ringing")));
        var answer = assertInstanceOf(AriEvent.Dial.class, AriEventReader.read(event("dial-answer")));
        assertEquals("cb-tl-CAd139d4ebf7a286b65a72567def48d2e3", answer.peerId());
        assertEquals("", begins.dialstatus());
        assertEquals("RINGING", ringing.dialstatus());
        assertEquals("ANSWER", answer.dialstatus());
    }

    @Test
    void dtmfCarriesTheDigit() throws Exception {
        var e = assertInstanceOf(AriEvent.ChannelDtmfReceived.class, AriEventReader.read(event("dtmf")));
        assertEquals("1796030611.15", e.channelId());
        assertEquals("1", e.digit());
    }

    @Test
    void holdAndUnholdNameTheirChannel() throws Exception {
        var hold = assertInstanceOf(AriEvent.ChannelHold.class, AriEventReader.read(event("channel-hold")));
        var unhold = assertInstanceOf(AriEvent.ChannelUnhold.class, AriEventReader.read(event("channel-unhold")));
        assertEquals("1796030611.15", hold.channelId());
        assertEquals("1796030611.15", unhold.channelId());
    }

    @Test
    void playbackFinishedNamesItsPlaybackAndHowItEnded() throws Exception {
        var done = assertInstanceOf(AriEvent.PlaybackFinished.class, AriEventReader.read(event("playback-finished")));
        assertEquals("cb-ra-CA0022b90a90eeb2bca25b2ae23e563e9e", done.playbackId());
        assertEquals("done", done.state());
        var failed = assertInstanceOf(AriEvent.PlaybackFinished.class, AriEventReader.read(event("playback-finished-failed")));
        assertEquals("failed", failed.state());
        assertThrows(IOException.class, () -> AriEventReader.read("{\"type\":\"PlaybackFinished\",\"playback\":{\"state\":\"done\"}}"));
    }

    /** Shaped as Asterisk 22's events.json models ChannelTransfer, ReferTo and ReferredBy (rest-api). */
    @Test
    void channelTransferNamesTheReferringChannelAndTheTarget() throws Exception {
        String blind = """
                {"type":"ChannelTransfer","state":"","refer_to":{"requested_destination":{"destination":"b-gina"}},
                 "referred_by":{"source_channel":{"id":"1796030611.15","name":"PJSIP/kamailio-00000001"},
                 "connected_channel":{"id":"1796030611.16"},"bridge":{"id":"cb-br-CA1"}},
                 "timestamp":"2026-11-30T09:10:05.688+0000","application":"callbridge"}""";
        var e = assertInstanceOf(AriEvent.ChannelTransfer.class, AriEventReader.read(blind));
        assertEquals(new AriEvent.ChannelTransfer("1796030611.15", "b-gina", null, ""), e);
        String attended = """
                {"type":"ChannelTransfer","referred_by":{"source_channel":{"id":"1796030611.15"}},
                 "refer_to":{"requested_destination":{"protocol_id":"a84b4c76e66710@pc33"},
                 "destination_channel":{"id":"1796030611.20"}}}""";
        assertEquals(new AriEvent.ChannelTransfer("1796030611.15", null, "a84b4c76e66710@pc33", null, "1796030611.20"),
                AriEventReader.read(attended));
        assertThrows(IOException.class, () -> AriEventReader.read("{\"type\":\"ChannelTransfer\",\"refer_to\":{}}"));
    }

    @Test
    void typesCallbridgeDoesNotUseAreSkipped() throws Exception {
        assertNull(AriEventReader.read(event("channel-varset"))); // its type comes after other fields
        assertNull(AriEventReader.read("{\"type\":\"ChannelVarset\",\"channel\":\"not even a channel\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"stasis-start-inbound", "channel-hangup-request-busy", "channel-destroyed-busy",
            "dial-answer", "dtmf", "stasis-end", "channel-hold", "playback-finished"})
    void fieldsMayComeInAnyOrder(String name) throws Exception {
        String json = event(name);
        assertEquals(AriEventReader.read(json), AriEventReader.read(reordered(json)));
    }

    @Test
    void malformedEventsAreRefusedWithAnIOException() throws Exception {
        String real = event("stasis-start-inbound");
        assertThrows(IOException.class, () -> AriEventReader.read(real.substring(0, real.length() / 2)));
        assertThrows(IOException.class, () -> AriEventReader.read("[\"StasisStart\"]"));
        assertThrows(IOException.class, () -> AriEventReader.read("not json"));
        assertThrows(IOException.class, () -> AriEventReader.read("{\"timestamp\":\"2026-11-30T09:10:05.688+0000\"}"));
        assertThrows(IOException.class, () -> AriEventReader.read("{\"type\":\"StasisStart\",\"args\":[]}"));
        assertThrows(IOException.class, () -> AriEventReader.read("{\"type\":\"StasisEnd\",\"channel\":\"x\"}"));
        assertThrows(IOException.class, () -> AriEventReader.read("{\"type\":\"Dial\",\"dialstatus\":\"ANSWER\"}"));
    }

    /** The same event with its fields, and those of every nested object, in reverse order. */
    private static String reordered(String json) throws IOException {
        return TREE.writeValueAsString(reverse(TREE.readValue(json, new TypeReference<Map<String, Object>>() { })));
    }

    @SuppressWarnings("unchecked")
    private static Object reverse(Object value) {
        if (!(value instanceof Map<?, ?> map)) return value;
        List<Map.Entry<String, Object>> entries = new ArrayList<>(((Map<String, Object>) map).entrySet());
        Collections.reverse(entries);
        Map<String, Object> reversed = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : entries) reversed.put(e.getKey(), reverse(e.getValue()));
        return reversed;
    }
}
