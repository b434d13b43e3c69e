package io.callbridge.recording;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Writes a {@code <Record>} message: Asterisk's mono 16-bit WAV as it is, or with its leading and trailing silence
 * cut (TwiML's {@code trim="trim-silence"}): 20 ms frames quieter than {@link #SILENCE_RMS} (about -44 dBFS) at
 * either end go, keeping {@link #MARGIN_FRAMES} of them around the speech so words are not clipped.
 */
final class MessageWav {

    static final double SILENCE_RMS = 200;
    static final int MARGIN_FRAMES = 5;

    /** The file written: its length in milliseconds and its sample rate in Hz. */
    record Written(long durationMs, int sampleRate) {
    }

    private MessageWav() {
    }

    static Written write(byte[] wav, boolean trim, Path target) throws IOException {
        AudioFormat format;
        byte[] pcm;
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new BufferedInputStream(new ByteArrayInputStream(wav)))) {
            format = in.getFormat();
            pcm = in.readAllBytes();
        } catch (UnsupportedAudioFileException e) {
            throw new IOException("Asterisk's recording is not a WAV: " + e.getMessage(), e);
        }
        if (format.getSampleSizeInBits() != 16 || format.getChannels() != 1 || format.isBigEndian()) {
            throw new IOException("Asterisk's recording is not 16-bit little-endian mono: " + format);
        }
        if (trim) pcm = trim(pcm, (int) format.getSampleRate() / 50);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (AudioInputStream out = new AudioInputStream(new ByteArrayInputStream(pcm), format, pcm.length / 2)) {
            AudioSystem.write(out, AudioFileFormat.Type.WAVE, tmp.toFile());
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        int rate = (int) format.getSampleRate();
        return new Written(pcm.length / 2 * 1000L / rate, rate);
    }

    /** {@code pcm} (16-bit little-endian) without the quiet frames of {@code frame} samples at either end. */
    static byte[] trim(byte[] pcm, int frame) {
        int frames = pcm.length / 2 / frame;
        int first = -1;
        int last = -1;
        for (int f = 0; f < frames; f++) {
            if (rms(pcm, f * frame, frame) >= SILENCE_RMS) {
                if (first < 0) first = f;
                last = f;
            }
        }
        if (first < 0) return new byte[0];
        int from = Math.max(0, first - MARGIN_FRAMES) * frame * 2;
        int to = Math.min(pcm.length, (last + 1 + MARGIN_FRAMES) * frame * 2);
        return Arrays.copyOfRange(pcm, from, to);
    }

    private static double rms(byte[] pcm, int from, int n) {
        double sum = 0;
        for (int i = from; i < from + n; i++) {
            int s = (short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8));
            sum += (double) s * s;
        }
        return Math.sqrt(sum / n);
    }
}
