package io.callbridge.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callbridge.testing.Audio;
import java.io.File;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code <Record>} message's file: trimmed to the sound with 100 ms either side, or kept whole. */
class MessageWavTest {

    @TempDir
    Path dir;

    /** Asterisk's file: 1 s of silence, 2 s of 440 Hz, 1 s of silence, 8 kHz mono. */
    private byte[] asterisksFile() throws Exception {
        short[] x = new short[8000 * 4];
        System.arraycopy(Audio.tone(440, 2000, 8000, 6000), 0, x, 8000, 16000);
        File f = dir.resolve("asterisk.wav").toFile();
        Audio.writeWav(f, x, 8000);
        return Files.readAllBytes(f.toPath());
    }

    @Test
    void trimmingKeepsTheSoundAndAMargin() throws Exception {
        Path target = dir.resolve("RE1.wav");
        MessageWav.Written written = MessageWav.write(asterisksFile(), true, target);
        assertEquals(2200, written.durationMs());
        assertEquals(8000, written.sampleRate());
        Audio.Wav wav = Audio.readWav(target.toFile());
        assertEquals(2200 * 8, wav.samples().length);
    }

    @Test
    void withoutTrimmingTheFileIsWhole() throws Exception {
        MessageWav.Written written = MessageWav.write(asterisksFile(), false, dir.resolve("RE2.wav"));
        assertEquals(4000, written.durationMs());
    }

    @Test
    void silenceTrimsToNothing() {
        assertEquals(0, MessageWav.trim(Audio.toPcm(new short[8000], ByteOrder.LITTLE_ENDIAN), 160).length);
    }
}
