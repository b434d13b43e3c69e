package io.callbridge.media;

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
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Wideband both ways on the real path: a G.722 caller (baresip, through Kamailio and Asterisk) and a raw
 * agent at 16 kHz that plays a 300–7,000 Hz sweep. What the caller heard must hold the sweep's upper half:
 * energy above 4 kHz, which the RTP leg at 8 kHz cuts off ({@link WidebandRtpBaselineTest} measures that).
 */
@QuarkusTest
class WidebandCallTest {

    static final String NUMBER = "7316";
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(WidebandCallTest.class);

    @Inject
    TestAgent agent;

    @Inject
    TestData data;

    /** What one G.722 call heard of the agent's sweep, and its CDR. */
    record Heard(double shareAbove4k, double rms, CallRecord cdr) {
    }

    @Test
    void g722CallerHearsTheAgentAbove4kHz() throws Exception {
        Heard heard = sweepToG722Caller(agent, data, NUMBER);
        LOG.infof("WebSocket leg: %.1f %% of the energy the G.722 caller heard is above 4 kHz (RMS %.0f)",
                100 * heard.shareAbove4k(), heard.rms());
        // A linear 300–7,000 Hz sweep spends 45 % of its time above 4 kHz; G.722 keeps most of it.
        assertTrue(heard.shareAbove4k() > 0.25, "share above 4 kHz: " + heard.shareAbove4k());
        // the leg towards Asterisk is slin16: 640 bytes per 20 ms frame
        assertEquals(640L * heard.cdr().packetsOut, heard.cdr().bytesOut);
    }

    /**
     * Calls {@code number} routed to a raw 16 kHz agent from a G.722 caller; the agent plays a 3 s sweep once the
     * caller's audio flows, and waits for its mark. Returns the share of the heard energy above 4 kHz.
     */
    static Heard sweepToG722Caller(TestAgent agent, TestData data, String number) throws Exception {
        agent.reset();
        data.route(number, agent.url("/raw"), "raw", 16000, Map.of(), null);
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        // The caller sends silence long enough for the sweep to be played and heard.
        CompletableFuture<Baresip.Call> caller = Baresip.start(number, new short[16000 * 7], 16000, "G722/16000/1", 12);
        Session bot = agent.awaitSession(WAIT);
        JsonObject meta = bot.next(f -> true, WAIT).json();
        assertEquals(16000, meta.getInteger("sampleRate"));
        TestAgent.Session.Frame first = bot.next(f -> f.binary() != null, WAIT); // the caller's audio flows
        assertEquals(640, first.binary().length);

        byte[] sweep = Audio.toPcm(Audio.sweep(300, 7000, 3000, 16000, 8000), ByteOrder.LITTLE_ENDIAN);
        for (int off = 0; off < sweep.length; off += 3200) {
            bot.sendBinary(Arrays.copyOfRange(sweep, off, Math.min(sweep.length, off + 3200)));
        }
        bot.send("{\"event\":\"mark\",\"name\":\"sweep\"}");
        assertEquals("sweep", bot.nextEvent("mark", WAIT).json().getString("name"));

        Baresip.Call call = caller.get(40, TimeUnit.SECONDS);
        assertNotNull(call.heard(), call.output());
        Audio.Wav wav = Audio.readWav(call.heard());
        assertEquals(16000, wav.rate(), "G.722 is decoded at 16 kHz");
        double share = Audio.energyShare(wav.samples(), wav.rate(), 4000, 8000, 200);
        double sum = 0;
        for (short x : wav.samples()) sum += (double) x * x;
        double rms = Math.sqrt(sum / Math.max(1, wav.samples().length));
        // The sweep was heard at all (3 s of amplitude 8,000 in a call of about 7 s): the share is not noise's.
        assertTrue(rms > 1000, "the caller heard too little of the sweep: RMS " + rms);
        CallRecord cdr = data.awaitEnded(number, since);
        return new Heard(share, rms, cdr);
    }
}
