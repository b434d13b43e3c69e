package io.callbridge.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.core.MultivaluedHashMap;
import io.callbridge.api.problem.ProblemException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A fork's Media Streams messages and the REST form it is asked with, without sockets. */
class ForkMessagesTest {

    static final String SID = "MZ0123456789abcdef0123456789abcdef";

    @Test
    void messagesFollowTwiliosMediaStreamsWithATrackEach() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("language", "en-US");
        parameters.put("quote", "say \"hi\"");
        ForkMessages m = new ForkMessages("AC1", "CA1", SID, StreamTrack.BOTH, parameters);

        JsonObject connected = new JsonObject(m.connected());
        assertEquals("connected", connected.getString("event"));
        assertFalse(connected.containsKey("sequenceNumber"));

        JsonObject start = new JsonObject(m.start());
        assertEquals("1", start.getString("sequenceNumber"));
        assertEquals(SID, start.getString("streamSid"));
        JsonObject body = start.getJsonObject("start");
        assertEquals("CA1", body.getString("callSid"));
        assertEquals("AC1", body.getString("accountSid"));
        assertEquals(new JsonArray(List.of("inbound", "outbound")), body.getJsonArray("tracks"));
        assertEquals(new JsonObject().put("language", "en-US").put("quote", "say \"hi\""), body.getJsonObject("customParameters"));
        assertEquals("audio/x-mulaw", body.getJsonObject("mediaFormat").getString("encoding"));
        assertEquals(8000, body.getJsonObject("mediaFormat").getInteger("sampleRate"));

        byte[] frame = new byte[170];
        frame[5] = 1;
        frame[6] = 2;
        JsonObject in1 = new JsonObject(m.media(StreamTrack.Side.INBOUND, frame, 5, 160));
        JsonObject out1 = new JsonObject(m.media(StreamTrack.Side.OUTBOUND, frame, 0, 160));
        JsonObject in2 = new JsonObject(m.media(StreamTrack.Side.INBOUND, frame, 0, 160));
        assertEquals("2", in1.getString("sequenceNumber"));
        assertEquals("3", out1.getString("sequenceNumber"));
        assertEquals("inbound", in1.getJsonObject("media").getString("track"));
        assertEquals("outbound", out1.getJsonObject("media").getString("track"));
        // chunk and timestamp count per track
        assertEquals("1", out1.getJsonObject("media").getString("chunk"));
        assertEquals("0", out1.getJsonObject("media").getString("timestamp"));
        assertEquals("2", in2.getJsonObject("media").getString("chunk"));
        assertEquals("20", in2.getJsonObject("media").getString("timestamp"));
        byte[] payload = Base64.getDecoder().decode(in1.getJsonObject("media").getString("payload"));
        assertEquals(160, payload.length);
        assertEquals(1, payload[0]);
        assertEquals(2, payload[1]);

        JsonObject stop = new JsonObject(m.stop());
        assertEquals("stop", stop.getString("event"));
        assertEquals("5", stop.getString("sequenceNumber"));
        assertEquals("CA1", stop.getJsonObject("stop").getString("callSid"));
    }

    @Test
    void anInboundForkAnnouncesOneTrack() {
        JsonObject start = new JsonObject(new ForkMessages("AC1", "CA1", SID, StreamTrack.INBOUND, Map.of()).start());
        assertEquals(new JsonArray(List.of("inbound")), start.getJsonObject("start").getJsonArray("tracks"));
        assertTrue(start.getJsonObject("start").getJsonObject("customParameters").isEmpty());
    }

    @Test
    void theRestFormIsReadAsTwilioSendsIt() {
        MultivaluedHashMap<String, String> form = new MultivaluedHashMap<>();
        form.add("Url", "wss://asr.example.test/live");
        form.add("Name", "transcript");
        form.add("Track", "outbound_track");
        form.add("Parameter2.Name", "b");
        form.add("Parameter2.Value", "2");
        form.add("Parameter1.Name", "a");
        ForkRequest r = ForkResource.request(form);
        assertEquals("wss://asr.example.test/live", r.url().toString());
        assertEquals("transcript", r.name());
        assertEquals(StreamTrack.OUTBOUND, r.track());
        assertEquals(Map.of("a", "", "b", "2"), r.parameters());
        assertEquals(List.of("a", "b"), List.copyOf(r.parameters().keySet()), "in the order of their numbers");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"|inbound_track|Url is required", "http://h/x||Url must be",
            "ws://h/x|left|Track must be"})
    void aBadFormIsA400NamingTheField(String url, String track, String message) {
        MultivaluedHashMap<String, String> form = new MultivaluedHashMap<>();
        if (url != null) form.add("Url", url);
        if (track != null) form.add("Track", track);
        try {
            ForkResource.request(form);
            throw new AssertionError("accepted");
        } catch (ProblemException e) {
            assertEquals(400, e.status());
            assertTrue(e.getMessage().contains(message), e.getMessage());
        }
    }
}
