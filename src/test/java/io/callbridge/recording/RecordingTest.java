package io.callbridge.recording;

import static io.callbridge.testing.Api.api;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.Audio;
import io.callbridge.testing.Baresip;
import io.callbridge.testing.TestAgent;
import io.callbridge.testing.TestAgent.Session;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

/**
 * A recorded call on the real path (baresip → Kamailio → Asterisk → app → test agent): the caller plays 400 Hz,
 * the agent 1 kHz. The stereo WAV holds 400 Hz on the left only and 1 kHz on the right only; a pause in the
 * middle is silence in both channels, as long as the pause lasted, and the file is as long as the recording
 * ran (a pause that dropped time instead would make it shorter); metadata, SHA-256 and a byte range match.
 */
@QuarkusTest
class RecordingTest {

    static final String NUMBER = "7411";
    static final String TRANSFER_NUMBER = "7412";
    static final String NOTICE_NUMBER = "7415";
    /** Asterisk's core sound "conference now being recorded": 2.3 s. */
    static final String NOTICE = "conf-now-recording";
    static final Duration WAIT = Duration.ofSeconds(10);
    static final int RATE = 8000;
    /** Caller audio frames of 20 ms the agent receives: the test's clock, driven by the call itself. */
    static final int FRAMES_PER_SECOND = 50;

    @Inject
    TestAgent agent;

    @Inject
    TestData data;

    @Test
    void callerLeftAgentRightPauseIsSilenceOfItsLength() throws Exception {
        agent.reset();
        data.route(NUMBER, agent.url("/raw"), "raw", RATE, Map.of(), null);
        CompletableFuture<Baresip.Call> caller = Baresip.start(NUMBER, Audio.tone(400, 9000, RATE, 8000), 30);
        Session bot = agent.awaitSession(WAIT);
        String callSid = bot.next(f -> true, WAIT).json().getString("callSid");
        bot.sendBinary(Audio.toPcm(Audio.tone(1000, 12_000, RATE, 8000), ByteOrder.LITTLE_ENDIAN));

        String sid = await().atMost(WAIT).until(() -> api().body("{}").post("/api/calls/" + callSid + "/recordings"),
                r -> r.statusCode() == 201).then().header("Location", org.hamcrest.Matchers.containsString("/api/recordings/RE"))
                .extract().path("recordingSid");
        api().body("{}").post("/api/calls/" + callSid + "/recordings").then().statusCode(409); // one at a time

        callerFrames(bot, 2 * FRAMES_PER_SECOND);
        long pausedAt = System.nanoTime();
        api().post("/api/calls/" + callSid + "/recordings/" + sid + "/pause").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("paused"));
        callerFrames(bot, 3 * FRAMES_PER_SECOND / 2);
        api().post("/api/calls/" + callSid + "/recordings/" + sid + "/resume").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("in-progress"));
        long pauseMs = (System.nanoTime() - pausedAt) / 1_000_000;

        Baresip.Call call = caller.get(40, TimeUnit.SECONDS); // the recording stops with the call
        JsonPath meta = await().atMost(Duration.ofSeconds(30)).until(
                () -> api().get("/api/recordings/" + sid).then().statusCode(200).extract().jsonPath(),
                m -> "completed".equals(m.getString("status")));
        assertEquals(callSid, meta.getString("callSid"));
        assertEquals(2, meta.getInt("channels"));
        assertEquals(RATE, meta.getInt("sampleRate"));
        List<Map<String, Object>> pauses = meta.getList("pauses");
        assertEquals(1, pauses.size(), meta.prettify());
        long pauseStart = ((Number) pauses.getFirst().get("startMs")).longValue();
        long pauseEnd = ((Number) pauses.getFirst().get("endMs")).longValue();
        assertTrue(Math.abs((pauseEnd - pauseStart) - pauseMs) < 200,
                "pause in the metadata " + (pauseEnd - pauseStart) + " ms, requested for " + pauseMs + " ms");
        long ranMs = Duration.between(OffsetDateTime.parse(meta.getString("startedAt")),
                OffsetDateTime.parse(meta.getString("endedAt"))).toMillis();
        long durationMs = meta.getLong("durationMs");
        assertTrue(Math.abs(durationMs - ranMs) < 400,
                "the file lasts " + durationMs + " ms, the recording ran " + ranMs + " ms: " + call.output().length());

        byte[] wav = api().get("/api/recordings/" + sid + "/audio").then().statusCode(200)
                .contentType("audio/wav").header("Accept-Ranges", "bytes").extract().asByteArray();
        assertEquals(meta.getLong("sizeBytes"), wav.length);
        assertEquals(meta.getString("sha256"), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wav)));
        byte[] head = api().header("Range", "bytes=0-43").get("/api/recordings/" + sid + "/audio").then().statusCode(206)
                .header("Content-Range", "bytes 0-43/" + wav.length).extract().asByteArray();
        assertArrayEquals(Arrays.copyOf(wav, 44), head);
        api().header("Range", "bytes=" + wav.length + "-").get("/api/recordings/" + sid + "/audio").then().statusCode(416);

        short[][] lr = stereo(wav);
        short[] left = lr[0];
        short[] right = lr[1];
        assertEquals(durationMs, left.length * 1000L / RATE);
        // Before the pause and after it: the caller on the left only, the agent on the right only.
        for (long[] span : List.of(new long[] {300, pauseStart - 200}, new long[] {pauseEnd + 300, pauseEnd + 2300})) {
            assertTrue(share(left, span, 400, true) > 0.9, "caller's 400 Hz on the left in " + Arrays.toString(span));
            assertTrue(share(left, span, 1000, false) > 0.95, "no agent 1 kHz on the left in " + Arrays.toString(span));
            assertTrue(share(right, span, 1000, true) > 0.9, "agent's 1 kHz on the right in " + Arrays.toString(span));
            assertTrue(share(right, span, 400, false) > 0.95, "no caller 400 Hz on the right in " + Arrays.toString(span));
        }
        // Both channels run to the end of the file: neither side lost time (the agent's tone outlasts the call).
        long agentUntil = lastWindowWith(right, 1000);
        assertTrue(durationMs - agentUntil < 300, "the agent's tone on the right until " + agentUntil + " ms of " + durationMs);
        // The pause: silence in both channels, as long as the pause, where the metadata says.
        long[] inside = {pauseStart + 60, pauseEnd - 60};
        assertEquals(1.0, share(left, inside, 400, false), 0.0, "silence on the left during the pause");
        assertEquals(1.0, share(right, inside, 1000, false), 0.0, "silence on the right during the pause");
        long silentMs = longestQuiet(left) ;
        assertTrue(Math.abs(silentMs - pauseMs) < 200, "the caller's channel is silent for " + silentMs
                + " ms; the pause lasted " + pauseMs + " ms");

        api().get("/api/recordings?callSid=" + callSid).then().statusCode(200)
                .body("items.recordingSid", org.hamcrest.Matchers.contains(sid));
        api().delete("/api/recordings/" + sid).then().statusCode(204);
        api().get("/api/recordings/" + sid).then().statusCode(404);
    }

    /**
     * A route that records every call; the call is transferred to a human (sipp playing speech) mid-way. The
     * right channel carries the agent's 1 kHz until the transfer and the human's speech after it; the caller's
     * 400 Hz stays on the left throughout.
     */
    @Test
    void routeRecordsTheWholeCallAcrossATransfer() throws Exception {
        agent.reset();
        data.route(TRANSFER_NUMBER, agent.url("/raw"), "raw", RATE, Map.of(), null);
        long routeId = api().get("/api/routes/by-number/" + TRANSFER_NUMBER).then().statusCode(200).extract().jsonPath()
                .getLong("id");
        Map<String, Object> route = new java.util.HashMap<>(Map.of("number", TRANSFER_NUMBER, "url", agent.url("/raw"),
                "protocol", "raw", "sampleRate", RATE, "record", true));
        api().body(route).put("/api/routes/" + routeId).then().statusCode(200).body("record", org.hamcrest.Matchers.is(true));
        try (io.callbridge.testing.Sipp.Uas human = io.callbridge.testing.Sipp.farEnd("uas-answer-hangup.xml",
                Map.of("HOLD_MS", "4000"), 40)) {
            CompletableFuture<Baresip.Call> caller = Baresip.start(TRANSFER_NUMBER, Audio.tone(400, 20_000, RATE, 8000), 40);
            Session bot = agent.awaitSession(WAIT);
            String callSid = bot.next(f -> true, WAIT).json().getString("callSid");
            bot.sendBinary(Audio.toPcm(Audio.tone(1000, 20_000, RATE, 8000), ByteOrder.LITTLE_ENDIAN));
            String sid = await().atMost(WAIT).until(() -> api().get("/api/recordings?callSid=" + callSid).then()
                    .statusCode(200).extract().jsonPath().getList("items.recordingSid", String.class), l -> l.size() == 1).getFirst();
            assertEquals("route", api().get("/api/recordings/" + sid).then().extract().path("source"));

            callerFrames(bot, 2 * FRAMES_PER_SECOND);
            api().body(Map.of("to", "+15550003040")).post("/api/calls/" + callSid + "/transfer").then().statusCode(202);
            assertTrue(human.await().succeeded(), "the human answered, talked and hung up");
            caller.get(40, TimeUnit.SECONDS);

            JsonPath meta = await().atMost(Duration.ofSeconds(30)).until(
                    () -> api().get("/api/recordings/" + sid).then().statusCode(200).extract().jsonPath(),
                    m -> "completed".equals(m.getString("status")));
            short[][] lr = stereo(api().get("/api/recordings/" + sid + "/audio").then().statusCode(200).extract().asByteArray());
            short[] left = lr[0];
            short[] right = lr[1];
            long durationMs = meta.getLong("durationMs");
            // The agent's tone on the right until the transfer; then no more of it.
            long agentEnd = lastWindowWith(right, 1000) ;
            assertTrue(agentEnd >= 1800, "the agent is on the right for the first 2 s: until " + agentEnd + " ms");
            assertTrue(durationMs - agentEnd > 3500, "the human talked for 4 s after the agent: agent until " + agentEnd
                    + " ms of " + durationMs);
            // The human's speech on the right after the transfer (sipp's G.711 sample: speech, with its pauses).
            long[] talk = {agentEnd + 1000, durationMs - 300};
            assertTrue(voiced(right, talk) > 0.4, "the human's speech on the right in " + Arrays.toString(talk)
                    + ": " + voiced(right, talk));
            // Speech has energy near 400 Hz too: the caller's steady tone would be there in nearly every window.
            assertTrue(share(right, talk, 400, true) < 0.3, "no caller 400 Hz tone on the right after the transfer: "
                    + share(right, talk, 400, true));
            // The caller on the left the whole time, before and after the transfer.
            assertTrue(share(left, new long[] {300, durationMs - 300}, 400, true) > 0.9, "the caller's 400 Hz on the left");
            assertTrue(share(left, new long[] {300, durationMs - 300}, 1000, false) > 0.95, "no agent on the left");
        }
    }

    /**
     * A route that records with an announcement; its agent sends 3 s of 1 kHz as soon as the stream starts. What
     * the caller hears (the recording's right channel, which starts with the notice) is the whole notice and then
     * the whole tone: the agent's audio waited in the playout queue, instead of being played under the notice.
     */
    @Test
    void announcementPlaysBeforeTheAgentWhoseAudioWaitsForIt() throws Exception {
        agent.reset();
        data.route(NOTICE_NUMBER, agent.url("/raw"), "raw", RATE, Map.of(), null);
        long routeId = api().get("/api/routes/by-number/" + NOTICE_NUMBER).then().statusCode(200).extract().jsonPath()
                .getLong("id");
        api().body(Map.of("number", NOTICE_NUMBER, "url", agent.url("/raw"), "protocol", "raw", "sampleRate", RATE,
                "record", true, "recordAnnouncement", NOTICE)).put("/api/routes/" + routeId).then().statusCode(200);
        CompletableFuture<Baresip.Call> caller = Baresip.start(NOTICE_NUMBER, Audio.tone(400, 9000, RATE, 8000), 30);
        Session bot = agent.awaitSession(WAIT);
        String callSid = bot.next(f -> true, WAIT).json().getString("callSid");
        bot.sendBinary(Audio.toPcm(Audio.tone(1000, 3000, RATE, 8000), ByteOrder.LITTLE_ENDIAN)); // a greeting, at once
        String sid = await().atMost(WAIT).until(() -> api().get("/api/recordings?callSid=" + callSid).then()
                .statusCode(200).extract().jsonPath().getList("items.recordingSid", String.class), l -> l.size() == 1).getFirst();
        caller.get(40, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(30)).until(
                () -> api().get("/api/recordings/" + sid).then().statusCode(200).extract().jsonPath(),
                m -> "completed".equals(m.getString("status")));
        short[] right = stereo(api().get("/api/recordings/" + sid + "/audio").then().statusCode(200).extract().asByteArray())[1];
        long toneStart = firstWindowWith(right, 1000);
        long toneEnd = lastWindowWith(right, 1000);
        // The notice first, from the recording's start (speech, with some energy near 1 kHz but never the tone's).
        assertTrue(toneStart >= 1800, "the agent's tone starts at " + toneStart + " ms, under the 2.3 s notice");
        long[] notice = {100, toneStart - 200};
        assertTrue(voiced(right, notice) > 0.5, "the notice in " + Arrays.toString(notice) + ": " + voiced(right, notice));
        // Then the agent's tone from its beginning: all 3 s of it, unbroken.
        assertTrue(toneEnd - toneStart >= 2900, "the agent's 3 s tone lasted " + (toneEnd - toneStart) + " ms after the notice");
        assertTrue(share(right, new long[] {toneStart, toneStart + 2900}, 1000, true) > 0.95, "the agent's tone unbroken");
    }

    /** The start of the first 20 ms window where the {@code hz} tone is, in ms; -1 for none. */
    static long firstWindowWith(short[] x, double hz) {
        int window = RATE / 50;
        for (int at = 0; at + window <= x.length; at += window) {
            if (Audio.level(x, at, window, hz, RATE) > 2000) return at * 1000L / RATE;
        }
        return -1;
    }

    /** The end of the last 20 ms window where the {@code hz} tone is, in ms. */
    static long lastWindowWith(short[] x, double hz) {
        int window = RATE / 50;
        long last = 0;
        for (int at = 0; at + window <= x.length; at += window) {
            if (Audio.level(x, at, window, hz, RATE) > 2000) last = (at + window) * 1000L / RATE;
        }
        return last;
    }

    /** The share of 20 ms windows in {@code span} (ms) with sound in them (RMS above 300). */
    static double voiced(short[] x, long[] span) {
        int window = RATE / 50;
        int n = 0;
        int on = 0;
        for (int at = (int) (span[0] * RATE / 1000); at + window <= Math.min(x.length, span[1] * RATE / 1000); at += window) {
            double sum = 0;
            for (int i = at; i < at + window; i++) sum += (double) x[i] * x[i];
            if (Math.sqrt(sum / window) > 300) on++;
            n++;
        }
        assertTrue(n > 10, "span " + Arrays.toString(span) + " too short");
        return (double) on / n;
    }

    /** Waits for {@code n} more 20 ms frames of caller audio at the agent. */
    private static void callerFrames(Session bot, int n) throws InterruptedException {
        for (int i = 0; i < n; i++) bot.next(f -> f.binary() != null, WAIT);
    }

    /** Left and right samples of a 16-bit stereo WAV. */
    static short[][] stereo(byte[] wav) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            AudioFormat f = in.getFormat();
            assertEquals(2, f.getChannels());
            assertEquals(16, f.getSampleSizeInBits());
            assertEquals(RATE, (int) f.getSampleRate());
            short[] all = Audio.fromPcm(in.readAllBytes(), f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            short[] l = new short[all.length / 2];
            short[] r = new short[all.length / 2];
            for (int i = 0; i < l.length; i++) {
                l[i] = all[2 * i];
                r[i] = all[2 * i + 1];
            }
            return new short[][] {l, r};
        }
    }

    /** The share of 20 ms windows in {@code span} (ms) where the {@code hz} tone is ({@code present}) or is not. */
    static double share(short[] x, long[] span, double hz, boolean present) {
        int window = RATE / 50;
        int from = (int) (span[0] * RATE / 1000);
        int to = (int) Math.min(x.length, span[1] * RATE / 1000);
        int n = 0;
        int hits = 0;
        for (int at = from; at + window <= to; at += window) {
            boolean on = Audio.level(x, at, window, hz, RATE) > (present ? 2000 : 300);
            if (on == present) hits++;
            n++;
        }
        assertTrue(n > 10, "span " + Arrays.toString(span) + " too short");
        return (double) hits / n;
    }

    /** The longest run of all-quiet 20 ms windows (peak below 200), in ms. */
    static long longestQuiet(short[] x) {
        int window = RATE / 50;
        int best = 0;
        int run = 0;
        for (int at = 0; at + window <= x.length; at += window) {
            int peak = 0;
            for (int i = at; i < at + window; i++) peak = Math.max(peak, Math.abs(x[i]));
            run = peak < 200 ? run + 1 : 0;
            best = Math.max(best, run);
        }
        return best * 20L;
    }
}
