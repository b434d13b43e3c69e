package io.callbridge.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.Audio;
import io.callbridge.testing.Baresip;
import io.callbridge.testing.TestAgent;
import io.callbridge.testing.TestAgent.Session;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The twilio protocol on the real path: baresip → Kamailio → Asterisk → app → the test agent, and back.
 * The agent checks what a Twilio bot would see, then talks back with tones, marks and a clear.
 */
@QuarkusTest
class TwilioStreamTest {

    static final String NUMBER = "7301";
    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    TestAgent agent;

    @Inject
    TestData data;

    @Test
    void botHearsTheCallerAndTheCallerHearsTheBotWithMarksAndClear() throws Exception {
        agent.reset();
        data.route(NUMBER, agent.url("/twilio"), "twilio", 8000, Map.of("tenant", "acme"), null);
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        short[] speech = Audio.tone(400, 7000, 8000, 8000); // the caller "speaks" a 400 Hz tone for 7 s
        CompletableFuture<Baresip.Call> caller = Baresip.start(NUMBER, speech, 25);

        Session bot = agent.awaitSession(WAIT);
        // 1. connected, then start, exactly as Twilio sends them
        JsonObject connected = bot.next(f -> true, WAIT).json();
        assertEquals(new JsonObject().put("event", "connected").put("protocol", "Call").put("version", "1.0.0"), connected);
        JsonObject start = bot.next(f -> true, WAIT).json();
        assertEquals("start", start.getString("event"));
        assertEquals("1", start.getValue("sequenceNumber"));
        String streamSid = start.getString("streamSid");
        assertTrue(streamSid.matches("MZ[0-9a-f]{32}"), streamSid);
        JsonObject s = start.getJsonObject("start");
        assertEquals(streamSid, s.getString("streamSid"));
        assertTrue(s.getString("accountSid").matches("AC[0-9a-f]{32}"));
        String callSid = s.getString("callSid");
        assertTrue(callSid.matches("CA[0-9a-f]{32}"));
        assertEquals(new JsonArray().add("inbound"), s.getJsonArray("tracks"));
        JsonObject params = s.getJsonObject("customParameters");
        assertEquals("acme", params.getString("tenant"));
        assertEquals(NUMBER, params.getString("to"));
        assertEquals("tester", params.getString("from"));
        assertEquals("inbound", params.getString("direction"));
        assertEquals(new JsonObject().put("encoding", "audio/x-mulaw").put("sampleRate", 8000).put("channels", 1),
                s.getJsonObject("mediaFormat"));

        // 2. the caller's audio: 20 ms mu-law frames, string counters, media-time timestamps
        byte[] heardByBot = new byte[0];
        for (int chunk = 1; chunk <= 60; chunk++) {
            JsonObject media = bot.next(f -> true, WAIT).json();
            assertEquals("media", media.getString("event"), media.encode());
            assertEquals(String.valueOf(chunk + 1), media.getValue("sequenceNumber"));
            assertEquals(streamSid, media.getString("streamSid"));
            JsonObject m = media.getJsonObject("media");
            assertEquals("inbound", m.getString("track"));
            assertEquals(String.valueOf(chunk), m.getValue("chunk"));
            assertEquals(String.valueOf((chunk - 1) * 20), m.getValue("timestamp"));
            byte[] payload = Base64.getDecoder().decode(m.getString("payload"));
            assertEquals(160, payload.length);
            heardByBot = concat(heardByBot, payload);
        }
        short[] botPcm = Audio.fromUlaw(heardByBot);
        assertTrue(Audio.level(botPcm, 4000, 4000, 400, 8000) > 3000, "the bot hears the caller's 400 Hz");

        // 3. a 1 kHz tone for 1 s, in odd-sized chunks, then a mark: echoed only once all of it was sent
        //    (a lower bound on the wall clock is safe: the audio cannot be paced out faster than real time)
        byte[] tone1 = Audio.toUlaw(Audio.tone(1000, 1000, 8000, 8000));
        long t0 = System.nanoTime();
        for (int off = 0; off < tone1.length; off += 333) {
            byte[] part = java.util.Arrays.copyOfRange(tone1, off, Math.min(tone1.length, off + 333));
            bot.send(media(streamSid, part));
        }
        bot.send(mark(streamSid, "tone-1"));
        TestAgent.Session.Frame mark = bot.nextEvent("mark", WAIT);
        long markMs = (mark.nanos() - t0) / 1_000_000;
        assertEquals("tone-1", mark.json().getJsonObject("mark").getString("name"));
        assertEquals(streamSid, mark.json().getString("streamSid"));
        assertTrue(markMs >= 980, "mark echoed after " + markMs + " ms, before its 1000 ms of audio were sent");

        // 4. barge-in: 3 s of 1600 Hz with a mark after its first second; the bot clears when that mark
        //    comes back. On the caller's audio timeline tone-2 then lasts 1 s, plus the round trip of the
        //    mark and the clear: a mark echoed early would cut it short, one echoed late would lengthen it.
        byte[] tone2 = Audio.toUlaw(Audio.tone(1600, 3000, 8000, 8000));
        bot.send(media(streamSid, java.util.Arrays.copyOfRange(tone2, 0, 8000)));
        bot.send(mark(streamSid, "tone-2-first-second"));
        bot.send(media(streamSid, java.util.Arrays.copyOfRange(tone2, 8000, tone2.length)));
        bot.send(mark(streamSid, "tone-2"));
        TestAgent.Session.Frame firstSecond = bot.nextEvent("mark", WAIT);
        assertEquals("tone-2-first-second", firstSecond.json().getJsonObject("mark").getString("name"));
        long clearedAt = System.nanoTime();
        bot.send("{\"event\":\"clear\",\"streamSid\":\"" + streamSid + "\"}");
        TestAgent.Session.Frame cleared = bot.nextEvent("mark", WAIT);
        assertEquals("tone-2", cleared.json().getJsonObject("mark").getString("name"), "clear echoes pending marks");
        long clearEchoMs = (cleared.nanos() - clearedAt) / 1_000_000;
        assertTrue(clearEchoMs < 500, "pending marks are echoed at the next tick, not after the 2 s of audio they "
                + "followed: " + clearEchoMs + " ms");

        // 5. the caller hangs up when its WAV ends: stop is the last message, then the socket closes
        Baresip.Call call = caller.get(40, java.util.concurrent.TimeUnit.SECONDS);
        JsonObject stop = bot.nextEvent("stop", WAIT).json();
        assertEquals(callSid, stop.getJsonObject("stop").getString("callSid"));
        assertEquals(s.getString("accountSid"), stop.getJsonObject("stop").getString("accountSid"));
        List<TestAgent.Session.Frame> frames = bot.frames;
        assertEquals("stop", frames.getLast().json().getString("event"), "stop is the last message");
        org.awaitility.Awaitility.await().atMost(WAIT).until(bot::isClosed);

        // 6. what the caller heard, on its own audio timeline: tone-1 for its full second, and tone-2 for the
        //    second before its mark plus the round trip of that mark and the clear (a tick or two)
        assertNotNull(call.heard(), "baresip recorded nothing:\n" + call.output());
        Audio.Wav heard = Audio.readWav(call.heard());
        int tone1Ms = presentMillis(heard, 1000);
        int tone2Ms = presentMillis(heard, 1600);
        assertTrue(Math.abs(tone1Ms - 1000) <= 40, "the caller heard tone-1 for " + tone1Ms + " ms");
        assertTrue(tone2Ms >= 1000 - 40 && tone2Ms <= 1000 + 120,
                "tone-2 played " + tone2Ms + " ms; it was cleared when its first second's mark came back");

        CallRecord cdr = data.awaitEnded(NUMBER, since); // the CDR is completed after stop
        assertEquals(callSid, cdr.callSid);
        assertEquals("caller_hangup", cdr.termination);
        assertEquals(0L, cdr.agentMalformed);
        assertNull(cdr.agentReconnects == 0 ? null : cdr.agentReconnects);
        assertFalse(cdr.packetsIn < 300, "about 7 s of caller audio: " + cdr.packetsIn);
    }

    private static int presentMillis(Audio.Wav wav, double hz) {
        boolean[] on = Audio.presence(wav.samples(), wav.rate(), hz, 5, 2000);
        int n = 0;
        for (boolean b : on) if (b) n++;
        return n * 5;
    }

    static String mark(String streamSid, String name) {
        return "{\"event\":\"mark\",\"streamSid\":\"" + streamSid + "\",\"mark\":{\"name\":\"" + name + "\"}}";
    }

    static String media(String streamSid, byte[] ulaw) {
        return "{\"event\":\"media\",\"streamSid\":\"" + streamSid + "\",\"media\":{\"payload\":\""
                + Base64.getEncoder().encodeToString(ulaw) + "\"}}";
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
