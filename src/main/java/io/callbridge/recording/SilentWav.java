package io.callbridge.recording;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** A mono WAV of silence as long as, and in the format of, another. */
final class SilentWav {

    private SilentWav() {
    }

    static byte[] like(byte[] wav) throws IOException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            AudioFormat f = in.getFormat();
            long frames = in.getFrameLength();
            byte[] zeros = new byte[(int) (frames * f.getFrameSize())];
            ByteArrayOutputStream out = new ByteArrayOutputStream(zeros.length + 44);
            AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(zeros), f, frames), AudioFileFormat.Type.WAVE, out);
            return out.toByteArray();
        } catch (UnsupportedAudioFileException e) {
            throw new IOException("not a WAV file: " + e.getMessage(), e);
        }
    }
}
