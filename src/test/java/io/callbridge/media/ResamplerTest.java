package io.callbridge.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.Audio;
import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResamplerTest {

    /** Feeds {@code pcm} in chunks of awkward sizes, as agents and RTP deliver it. */
    private static short[] run(Resampler r, short[] pcm) {
        byte[] in = Audio.toPcm(pcm, ByteOrder.BIG_ENDIAN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] chunks = {2, 334, 640, 98, 1000};
        int off = 0;
        for (int i = 0; off < in.length; i++) {
            int n = Math.min(chunks[i % chunks.length], in.length - off);
            out.writeBytes(r.process(in, off, n));
            off += n;
        }
        return Audio.fromPcm(out.toByteArray(), ByteOrder.BIG_ENDIAN);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void upsamplingKeepsAToneAndItsLevel(int factor) {
        short[] wide = run(Resampler.up(factor), Audio.tone(1000, 1000, 8000, 10000));
        int rate = 8000 * factor;
        assertEquals(rate, wide.length);
        double level = Audio.level(wide, rate / 4, rate / 2, 1000, rate);
        assertTrue(Math.abs(level - 10000) < 500, "1 kHz level after x" + factor + ": " + level);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void downsamplingKeepsSpeechBandAndRemovesWhatWouldAlias(int factor) {
        int rate = 8000 * factor;
        short[] narrow = run(Resampler.down(factor), Audio.tone(1000, 1000, rate, 10000));
        assertEquals(8000, narrow.length);
        double kept = Audio.level(narrow, 2000, 4000, 1000, 8000);
        assertTrue(Math.abs(kept - 10000) < 500, "1 kHz level: " + kept);

        // 5 kHz cannot exist at 8 kHz; without a filter it would fold down to 3 kHz
        short[] folded = run(Resampler.down(factor), Audio.tone(5000, 1000, rate, 10000));
        double alias = Audio.level(folded, 2000, 4000, 3000, 8000);
        assertTrue(alias < 300, "5 kHz leaked in as a 3 kHz alias at level " + alias);
    }
}
