package io.callbridge.recording;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Two mono WAVs (16-bit PCM, as Asterisk records {@code wav}) interleaved into one stereo WAV: the first on
 * the left, the second on the right. Both start at the recording's start; the shorter one is padded with
 * silence at its end. Paused stretches are written as silence in both channels, whatever Asterisk wrote there.
 */
final class StereoWav {

    /** What was written: the sample rate (Hz) and the length in sample frames. */
    record Written(int sampleRate, long frames) {
        long durationMs() {
            return frames * 1000 / sampleRate;
        }
    }

    private StereoWav() {
    }

    /**
     * Writes {@code left} and {@code right} interleaved to {@code target} (through a temporary file beside it,
     * so a reader never sees half a file).
     *
     * @throws IOException when a file is no 16-bit PCM mono WAV, the two rates differ, or writing fails
     */
    static Written write(byte[] left, byte[] right, List<Pause> pauses, Path target) throws IOException {
        Mono l = read(left, "caller");
        Mono r = read(right, "other party");
        if (l.rate != r.rate) throw new IOException("the two channels differ in sample rate: " + l.rate + " and " + r.rate);
        int frames = Math.max(l.samples.length / 2, r.samples.length / 2);
        byte[] stereo = new byte[frames * 4];
        for (int i = 0; i < frames; i++) {
            copySample(l.samples, i, stereo, i * 4);
            copySample(r.samples, i, stereo, i * 4 + 2);
        }
        for (Pause p : pauses) {
            long from = Math.max(0, p.startMs() * l.rate / 1000);
            long to = Math.min(frames, (p.endMs() == null ? Long.MAX_VALUE / l.rate : p.endMs()) * l.rate / 1000);
            for (long i = from; i < to; i++) {
                for (int b = 0; b < 4; b++) stereo[(int) (i * 4 + b)] = 0;
            }
        }
        AudioFormat format = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, l.rate, 16, 2, 4, l.rate, false);
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(stereo), format, frames)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, partial.toFile());
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Written(l.rate, frames);
    }

    private static void copySample(byte[] mono, int frame, byte[] stereo, int at) {
        if (frame * 2 + 1 < mono.length) {
            stereo[at] = mono[frame * 2];
            stereo[at + 1] = mono[frame * 2 + 1];
        }
    }

    /** 16-bit little-endian samples and their rate. */
    private record Mono(byte[] samples, int rate) {
    }

    private static Mono read(byte[] wav, String which) throws IOException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            AudioFormat f = in.getFormat();
            if (f.getChannels() != 1 || f.getSampleSizeInBits() != 16 || f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED) {
                throw new IOException("the " + which + " channel is not 16-bit PCM mono: " + f);
            }
            AudioFormat little = new AudioFormat(f.getSampleRate(), 16, 1, true, false);
            try (AudioInputStream le = f.isBigEndian() ? AudioSystem.getAudioInputStream(little, in) : in) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(wav.length);
                le.transferTo(out);
                return new Mono(out.toByteArray(), Math.round(f.getSampleRate()));
            }
        } catch (UnsupportedAudioFileException e) {
            throw new IOException("the " + which + " channel is no WAV file: " + e.getMessage(), e);
        }
    }
}
