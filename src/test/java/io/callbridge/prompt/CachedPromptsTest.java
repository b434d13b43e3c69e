package io.callbridge.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.callbridge.testing.Audio;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Prompt audio without a call: real flite speech and real HTTP fetches into a cache directory, checked as files
 * Asterisk would play (format, length, content).
 */
class CachedPromptsTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        File toneWav = dir.resolve("tone-source.wav").toFile();
        // 440 Hz for 1.5 s at 16 kHz: the cache must resample it to 8 kHz
        Audio.writeWav(toneWav, Audio.tone(440, 1500, 16000, 8000), 16000);
        byte[] tone = Files.readAllBytes(toneWav.toPath());
        server.createContext("/tone.wav", exchange -> {
            fetches.incrementAndGet();
            exchange.sendResponseHeaders(200, tone.length);
            exchange.getResponseBody().write(tone);
            exchange.close();
        });
        server.createContext("/text.wav", exchange -> {
            byte[] body = "not audio at all".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private PromptConfig config(Duration audioMaxAge) {
        Path cache = dir.resolve("cache");
        return new PromptConfig() {
            public String directory() { return cache.toString(); }
            public Optional<String> asteriskDirectory() { return Optional.of("/var/lib/callbridge/prompts"); }
            public String flite() { return "flite"; }
            public Duration renderTimeout() { return Duration.ofSeconds(30); }
            public int maxTextLength() { return 200; }
            public Duration audioMaxAge() { return audioMaxAge; }
            public Duration fetchTimeout() { return Duration.ofSeconds(5); }
            public long maxAudioBytes() { return 1_000_000; }
        };
    }

    /** flite, counting its renderings. */
    private static final class CountingFlite implements SpeechEngine {
        final FliteSpeech flite;
        final AtomicInteger renders = new AtomicInteger();

        CountingFlite(PromptConfig config) {
            flite = new FliteSpeech(config);
        }

        public String voiceId(String voice, String language) {
            return flite.voiceId(voice, language);
        }

        public void render(String text, String voice, String language, Path wav) throws IOException {
            renders.incrementAndGet();
            flite.render(text, voice, language, wav);
        }
    }

    @Test
    void speechIsRenderedOnceAsWidebandSpeech() throws Exception {
        PromptConfig config = config(Duration.ofHours(1));
        CountingFlite engine = new CountingFlite(config);
        CachedPrompts prompts = new CachedPrompts(config, engine);
        String text = "Thank you for calling. Your call is important to us.";

        // two callers at once: one rendering
        CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> prompts.speech(text, "alice", "en-US"));
        CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> prompts.speech(text, "Polly.Joanna", null));
        String uri = a.get();
        assertEquals(uri, b.get());
        assertEquals(uri, prompts.speech(text, null, null));
        assertEquals(1, engine.renders.get());
        String name = uri.substring(uri.lastIndexOf('/') + 1);
        assertEquals("sound:/var/lib/callbridge/prompts/speech/" + name, uri);

        Path file = dir.resolve("cache/speech/" + name + ".wav16");
        Audio.Wav wav = Audio.readWav(file.toFile());
        assertEquals(16000, wav.rate());
        double seconds = wav.samples().length / 16000.0;
        assertTrue(seconds > 1.5 && seconds < 8, "length " + seconds + " s");
        SpeechChecks.Figures figures = SpeechChecks.measure(wav.samples(), 16000);
        assertTrue(figures.speechLike(), figures.toString());
        try (var left = Files.list(dir.resolve("cache/speech"))) {
            assertEquals(1, left.count(), "no temporary files are left");
        }

        // a male voice is another rendering
        String man = prompts.speech(text, "man", null);
        assertFalse(man.equals(uri));
        assertEquals(2, engine.renders.get());
    }

    @Test
    void aToneIsNotSpeech() {
        SpeechChecks.Figures tone = SpeechChecks.measure(Audio.tone(440, 2000, 8000, 8000), 8000);
        assertFalse(tone.speechLike(), tone.toString());
        assertTrue(tone.largestBandShare() > 0.95, tone.toString());
        short[] beeps = new short[16000];
        for (int i = 0; i < 4; i++) System.arraycopy(Audio.tone(440, 200, 8000, 8000), 0, beeps, i * 4000, 1600);
        SpeechChecks.Figures beeping = SpeechChecks.measure(beeps, 8000);
        assertFalse(beeping.speechLike(), beeping.toString());
        assertFalse(SpeechChecks.measure(new short[16000], 8000).speechLike());
    }

    @Test
    void speechOfNothingOrTooMuchFails() {
        CachedPrompts prompts = new CachedPrompts(config(Duration.ofHours(1)), new FliteSpeech(config(Duration.ofHours(1))));
        assertThrows(PromptMedia.PromptException.class, () -> prompts.speech("  ", null, null));
        assertThrows(PromptMedia.PromptException.class, () -> prompts.speech("x".repeat(201), null, null));
    }

    @Test
    void audioIsFetchedOnceConvertedTo8kHzAndCached() throws Exception {
        PromptConfig config = config(Duration.ofHours(1));
        CachedPrompts prompts = new CachedPrompts(config, new FliteSpeech(config));
        String uri = prompts.audio(url("/tone.wav"));
        assertEquals(uri, prompts.audio(url("/tone.wav")));
        assertEquals(1, fetches.get());

        Path file = dir.resolve("cache/audio/" + uri.substring(uri.lastIndexOf('/') + 1) + ".wav");
        Audio.Wav wav = Audio.readWav(file.toFile());
        assertEquals(8000, wav.rate());
        assertEquals(1.5, wav.samples().length / 8000.0, 0.05);
        assertTrue(Audio.energyShare(wav.samples(), 8000, 400, 480, 100) > 0.9, "the 440 Hz tone survives");
    }

    @Test
    void staleAudioIsFetchedAgain() {
        PromptConfig config = config(Duration.ZERO);
        CachedPrompts prompts = new CachedPrompts(config, new FliteSpeech(config));
        prompts.audio(url("/tone.wav"));
        prompts.audio(url("/tone.wav"));
        assertEquals(2, fetches.get());
    }

    @Test
    void badAudioFailsWithAReason() {
        PromptConfig config = config(Duration.ofHours(1));
        CachedPrompts prompts = new CachedPrompts(config, new FliteSpeech(config));
        assertTrue(assertThrows(PromptMedia.PromptException.class, () -> prompts.audio(url("/missing.wav")))
                .getMessage().contains("HTTP 404"));
        assertTrue(assertThrows(PromptMedia.PromptException.class, () -> prompts.audio(url("/text.wav")))
                .getMessage().contains("can decode"), () -> assertThrows(PromptMedia.PromptException.class, () -> prompts.audio(url("/text.wav"))).getMessage());
        assertThrows(PromptMedia.PromptException.class, () -> prompts.audio("ftp://example.test/a.wav"));
        assertThrows(PromptMedia.PromptException.class, () -> prompts.audio("sound:../../etc/passwd"));
        assertEquals("sound:beep", prompts.audio("sound:beep"));
        assertEquals("sound:digits/1", prompts.audio("sound:digits/1"));
    }

    @ParameterizedTest
    @CsvSource({"alice,slt", "woman,slt", "man,rms", "Polly.Joanna,slt", "Polly.Matthew,rms",
            "Polly.Joey-Neural,rms", "Google.en-US-Standard-C,slt", "'',slt"})
    void twilioVoicesMapToFliteVoices(String twilio, String flite) {
        assertEquals(flite, FliteSpeech.fliteVoice(twilio));
    }
}
