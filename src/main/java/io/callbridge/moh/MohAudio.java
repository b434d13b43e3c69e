package io.callbridge.moh;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Turns an uploaded WAV or MP3 into what Asterisk plays for music on hold without transcoding work per call:
 * a WAV of 16-bit signed little-endian PCM, mono, 8000 Hz (Asterisk's {@code wav} format, {@code slin}).
 * Decoding is javax.sound's (WAV, AIFF, AU) and the mp3spi service provider's (MP3); the JDK's own converter
 * resamples. Only the down-mix to mono is done here: Java Sound has no channel mixer. Prompt audio fetched for
 * {@code <Play>} is converted the same way.
 */
public final class MohAudio {

    static final float RATE = 8000f;
    private static final AudioFormat.Encoding PCM = AudioFormat.Encoding.PCM_SIGNED;

    private MohAudio() {
    }

    /**
     * Writes {@code upload} to {@code target} as an 8 kHz mono 16-bit WAV; returns its length in seconds.
     *
     * @throws UnsupportedAudioFileException when the bytes are not audio Callbridge can decode
     */
    public static double convert(byte[] upload, Path target) throws UnsupportedAudioFileException, IOException {
        try (AudioInputStream decoded = AudioSystem.getAudioInputStream(new BufferedInputStream(new ByteArrayInputStream(upload)))) {
            AudioFormat source = decoded.getFormat();
            AudioFormat pcm = new AudioFormat(PCM, source.getSampleRate(), 16, source.getChannels(),
                    2 * source.getChannels(), source.getSampleRate(), false);
            byte[] samples;
            try (AudioInputStream asPcm = matches(source, pcm) ? decoded : AudioSystem.getAudioInputStream(pcm, decoded)) {
                samples = asPcm.readAllBytes();
            }
            byte[] mono = downMix(samples, source.getChannels());
            AudioFormat monoFormat = new AudioFormat(PCM, source.getSampleRate(), 16, 1, 2, source.getSampleRate(), false);
            AudioFormat target8k = new AudioFormat(PCM, RATE, 16, 1, 2, RATE, false);
            try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(mono), monoFormat, mono.length / 2);
                 AudioInputStream out = source.getSampleRate() == RATE ? in : AudioSystem.getAudioInputStream(target8k, in)) {
                // Written through a buffer: a converted stream's length is unknown and WAV needs it in its header.
                byte[] converted = out.readAllBytes();
                if (converted.length == 0) throw new UnsupportedAudioFileException("no audio in the file");
                try (AudioInputStream whole = new AudioInputStream(new ByteArrayInputStream(converted), target8k,
                        converted.length / 2)) {
                    AudioSystem.write(whole, AudioFileFormat.Type.WAVE, target.toFile());
                }
                return converted.length / 2 / RATE;
            }
        } catch (IllegalArgumentException e) { // no converter for this encoding
            throw new UnsupportedAudioFileException(e.getMessage());
        }
    }

    private static boolean matches(AudioFormat a, AudioFormat b) {
        return a.getEncoding().equals(b.getEncoding()) && a.getSampleSizeInBits() == b.getSampleSizeInBits()
                && !a.isBigEndian() && a.getChannels() == b.getChannels();
    }

    /** 16-bit little-endian frames of {@code channels} channels, averaged into one channel. */
    static byte[] downMix(byte[] pcm, int channels) {
        if (channels == 1) return pcm;
        int frames = pcm.length / (2 * channels);
        ByteArrayOutputStream out = new ByteArrayOutputStream(frames * 2);
        for (int f = 0; f < frames; f++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                int i = (f * channels + c) * 2;
                sum += (short) ((pcm[i] & 0xFF) | (pcm[i + 1] << 8));
            }
            int v = sum / channels;
            out.write(v & 0xFF);
            out.write((v >> 8) & 0xFF);
        }
        return out.toByteArray();
    }
}
