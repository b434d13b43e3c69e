package io.callbridge.recording;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.callbridge.testing.Audio;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interleaving Asterisk's two mono files: left and right in place, the shorter padded, pauses silent. */
class StereoWavTest {

    @TempDir
    Path dir;

    @Test
    void firstIsLeftSecondIsRightShorterPaddedPausesSilent() throws Exception {
        short[] caller = new short[8000]; // 1 s
        short[] other = new short[4000]; // 0.5 s
        java.util.Arrays.fill(caller, (short) 1000);
        java.util.Arrays.fill(other, (short) -2000);
        Path out = dir.resolve("r.wav");
        StereoWav.Written w = StereoWav.write(wav(caller, 8000, false), wav(other, 8000, true),
                List.of(new Pause(100, 200L)), out);
        assertEquals(8000, w.sampleRate());
        assertEquals(8000, w.frames());
        assertEquals(1000, w.durationMs());
        short[][] lr = RecordingTest.stereo(Files.readAllBytes(out));
        assertEquals(1000, lr[0][0]);
        assertEquals(-2000, lr[1][0]);
        assertEquals(0, lr[1][4000], "the shorter side is padded with silence");
        assertEquals(1000, lr[0][4000]);
        for (int i = 800; i < 1600; i++) assertArrayEquals(new short[] {0, 0}, new short[] {lr[0][i], lr[1][i]}, "paused at " + i);
        assertEquals(1000, lr[0][799]);
        assertEquals(1000, lr[0][1600]);
    }

    @Test
    void differentRatesOrNoWavAreRefused() throws Exception {
        Path out = dir.resolve("r.wav");
        assertThrows(IOException.class, () -> StereoWav.write(wav(new short[10], 8000, false), wav(new short[10], 16000, false),
                List.of(), out));
        assertThrows(IOException.class, () -> StereoWav.write(new byte[] {1, 2, 3}, wav(new short[10], 8000, false), List.of(), out));
    }

    @Test
    void aMissingSideBecomesSilenceAsLongAsTheOther() throws Exception {
        byte[] silent = SilentWav.like(wav(new short[] {5, 6, 7}, 8000, false));
        short[][] lr;
        Path out = dir.resolve("s.wav");
        StereoWav.write(wav(new short[] {5, 6, 7}, 8000, false), silent, List.of(), out);
        lr = RecordingTest.stereo(Files.readAllBytes(out));
        assertArrayEquals(new short[] {5, 6, 7}, lr[0]);
        assertArrayEquals(new short[] {0, 0, 0}, lr[1]);
    }

    static byte[] wav(short[] pcm, int rate, boolean bigEndian) throws IOException {
        byte[] data = Audio.toPcm(pcm, bigEndian ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
        AudioFormat f = new AudioFormat(rate, 16, 1, true, bigEndian);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(new AudioInputStream(new java.io.ByteArrayInputStream(data), f, pcm.length),
                bigEndian ? AudioFileFormat.Type.AIFF : AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }
}
