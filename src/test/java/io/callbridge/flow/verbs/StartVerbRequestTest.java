package io.callbridge.flow.verbs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.flow.TwimlException;
import io.callbridge.flow.TwimlParser;
import io.callbridge.fork.ForkRequest;
import io.callbridge.fork.StreamTrack;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How {@code <Start><Stream>} reads its attributes and parameters; no call needed. */
class StartVerbRequestTest {

    @Test
    void aStreamWithParametersIsReadWithTwiliosDefaults() {
        ForkRequest request = StartVerb.request(TwimlParser.parse("""
                <Response><Start><Stream url=" wss://asr.example.test/live ">
                  <Parameter name="language" value="en-US"/><Parameter name="empty"/>
                </Stream></Start></Response>""").children().getFirst());
        assertEquals("wss://asr.example.test/live", request.url().toString());
        assertNull(request.name());
        assertEquals(StreamTrack.INBOUND, request.track());
        assertEquals(Map.of("language", "en-US", "empty", ""), request.parameters());
    }

    @ParameterizedTest
    @CsvSource({"inbound_track, INBOUND", "OUTBOUND_TRACK, OUTBOUND", "both_tracks, BOTH"})
    void theTrackIsOneOfTwilios(String track, StreamTrack expected) {
        ForkRequest request = StartVerb.request(TwimlParser.parse("<Response><Start><Stream name=\"tap\" url=\"ws://h/x\" "
                + "track=\"" + track + "\"/></Start></Response>").children().getFirst());
        assertEquals(expected, request.track());
        assertEquals("tap", request.name());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "<Stream url=\"ws://h/x\" track=\"left\"/>| track",
            "<Stream/>| url",
            "<Stream url=\"https://h/x\"/>| url",
            "<Stream url=\"ws://h/x\"><Say>hi</Say></Stream>| <Parameter>",
            "<Stream url=\"ws://h/x\"><Parameter value=\"v\"/></Stream>| name",
            "<Siprec/>| exactly one <Stream>",
            "<Stream url=\"ws://h/a\"/><Stream url=\"ws://h/b\"/>| exactly one <Stream>",
    })
    void invalidTwimlIsRefusedNamingWhatIsWrong(String inside, String named) {
        TwimlException e = assertThrows(TwimlException.class, () -> StartVerb.request(
                TwimlParser.parse("<Response><Start>" + inside + "</Start></Response>").children().getFirst()));
        assertTrue(e.getMessage().contains(named.strip()), e.getMessage());
    }
}
