package io.callbridge.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.Audio;
import io.callbridge.testing.Baresip;
import io.callbridge.testing.TestAgent;
import io.callbridge.testing.TestAgent.Session;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The raw protocol at 16 kHz on the real path: little-endian PCM both ways. */
@QuarkusTest
class RawStreamTest {

    static final String NUMBER = "7311";
    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    TestAgent agent;

    @Inject
    TestData data;

    @Test
    void wideband16kLittleEndianBothWays() throws Exception {
        agent.reset();
        data.route(NUMBER, agent.url("/raw"), "raw", 16000, Map.of("lang", "de"), null);
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        CompletableFuture<Baresip.Call> caller = Baresip.start(NUMBER, Audio.tone(400, 4000, 8000, 8000), 20);
        Session bot = agent.awaitSession(WAIT);

        JsonObject meta = bot.next(f -> true, WAIT).json();
        assertEquals("start", meta.getString("event"));
        assertEquals(16000, meta.getInteger("sampleRate"));
        assertEquals("pcm_s16le", meta.getString("encoding"));
        assertEquals(1, meta.getInteger("channels"));
        assertTrue(meta.getString("callSid").matches("CA[0-9a-f]{32}"));
        assertEquals(NUMBER, meta.getString("to"));
        assertEquals("de", meta.getJsonObject("parameters").getString("lang"));

        // caller audio: binary frames of 20 ms at 16 kHz (640 bytes), little-endian
        byte[] pcm = new byte[0];
        for (int i = 0; i < 60; i++) {
            TestAgent.Session.Frame f = bot.next(x -> x.binary() != null, WAIT);
            assertEquals(640, f.binary().length);
            pcm = java.util.Arrays.copyOf(pcm, pcm.length + 640);
            System.arraycopy(f.binary(), 0, pcm, pcm.length - 640, 640);
        }
        short[] le = Audio.fromPcm(pcm, ByteOrder.LITTLE_ENDIAN);
        assertTrue(Audio.level(le, 8000, 8000, 400, 16000) > 3000,
                "400 Hz is there only if the bytes were swapped to little-endian");

        // the bot answers with 1 s of 1 kHz, little-endian 16 kHz, in frames of any size
        byte[] tone = Audio.toPcm(Audio.tone(1000, 1000, 16000, 8000), ByteOrder.LITTLE_ENDIAN);
        for (int off = 0; off < tone.length; off += 1000) {
            bot.sendBinary(java.util.Arrays.copyOfRange(tone, off, Math.min(tone.length, off + 1000)));
        }
        bot.send("{\"event\":\"mark\",\"name\":\"done\"}");
        JsonObject mark = bot.nextEvent("mark", WAIT).json();
        assertEquals("done", mark.getString("name"));

        Baresip.Call call = caller.get(30, TimeUnit.SECONDS);
        assertEquals("stop", bot.nextEvent("stop", WAIT).json().getString("event"));
        assertNotNull(call.heard(), call.output());
        Audio.Wav heard = Audio.readWav(call.heard());
        boolean[] on = Audio.presence(heard.samples(), heard.rate(), 1000, 5, 2000);
        int ms = 0;
        for (boolean b : on) if (b) ms += 5;
        assertTrue(Math.abs(ms - 1000) <= 40, "the caller heard the bot's tone for " + ms + " ms");

        CallRecord cdr = data.awaitEnded(NUMBER, since); // the CDR is completed after stop
        assertEquals("raw", cdr.protocol);
        // towards Asterisk the leg is slin at 8 kHz (its externalMedia drops slin16 coming back; see Resampler)
        assertEquals(320L * cdr.packetsOut, cdr.bytesOut);
    }
}
