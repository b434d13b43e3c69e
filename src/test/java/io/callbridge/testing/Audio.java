package io.callbridge.testing;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** Tones, G.711 mu-law, WAV files and tone detection for the audio tests. */
public final class Audio {

    private Audio() {
    }

    /** {@code millis} of a sine at {@code hz}, 16-bit samples at {@code rate}. */
    public static short[] tone(double hz, int millis, int rate, int amplitude) {
        short[] s = new short[rate * millis / 1000];
        for (int i = 0; i < s.length; i++) s[i] = (short) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        return s;
    }

    public static byte[] toUlaw(short[] pcm) {
        byte[] out = new byte[pcm.length];
        for (int i = 0; i < pcm.length; i++) out[i] = linearToUlaw(pcm[i]);
        return out;
    }

    public static short[] fromUlaw(byte[] ulaw) {
        short[] out = new short[ulaw.length];
        for (int i = 0; i < ulaw.length; i++) out[i] = ulawToLinear(ulaw[i]);
        return out;
    }

    public static byte[] toPcm(short[] pcm, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(pcm.length * 2).order(order);
        for (short v : pcm) b.putShort(v);
        return b.array();
    }

    public static short[] fromPcm(byte[] data, ByteOrder order) {
        ByteBuffer b = ByteBuffer.wrap(data).order(order);
        short[] out = new short[data.length / 2];
        for (int i = 0; i < out.length; i++) out[i] = b.getShort();
        return out;
    }

    // G.711 mu-law (ITU-T G.711, the usual bias-and-segment form)
    static byte linearToUlaw(short sample) {
        int pcm = sample;
        int sign = (pcm >> 8) & 0x80;
        if (sign != 0) pcm = -pcm;
        if (pcm > 32635) pcm = 32635;
        pcm += 0x84;
        int exponent = 7;
        for (int mask = 0x4000; (pcm & mask) == 0 && exponent > 0; mask >>= 1) exponent--;
        int mantissa = (pcm >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    static short ulawToLinear(byte b) {
        int u = ~b & 0xFF;
        int t = ((u & 0x0F) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (short) ((u & 0x80) != 0 ? 0x84 - t : t - 0x84);
    }

    public static void writeWav(File file, short[] pcm, int rate) throws IOException {
        byte[] data = toPcm(pcm, ByteOrder.LITTLE_ENDIAN);
        AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new java.io.ByteArrayInputStream(data), format, pcm.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file);
        }
    }

    public record Wav(short[] samples, int rate) {
    }

    public static Wav readWav(File file) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file)) {
            AudioFormat f = in.getFormat();
            if (f.getSampleSizeInBits() != 16 || f.getChannels() != 1) throw new IOException("not 16-bit mono: " + f);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return new Wav(fromPcm(out.toByteArray(), f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN),
                    (int) f.getSampleRate());
        }
    }

    /** Amplitude of the {@code hz} component of {@code x[from, from+n)} (Goertzel), normalised to a sine's peak. */
    public static double level(short[] x, int from, int n, double hz, int rate) {
        double k = 2 * Math.cos(2 * Math.PI * hz / rate);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < from + n && i < x.length; i++) {
            double s0 = x[i] + k * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - k * s1 * s2;
        return 2 * Math.sqrt(Math.max(0, power)) / n;
    }

    /**
     * Per window of {@code windowMillis}, whether the {@code hz} tone is present (above {@code threshold}).
     */
    public static boolean[] presence(short[] x, int rate, double hz, int windowMillis, double threshold) {
        int n = rate * windowMillis / 1000;
        boolean[] out = new boolean[x.length / n];
        for (int w = 0; w < out.length; w++) out[w] = level(x, w * n, n, hz, rate) > threshold;
        return out;
    }

    /** A linear sweep from {@code fromHz} to {@code toHz} over {@code millis}. */
    public static short[] sweep(double fromHz, double toHz, int millis, int rate, int amplitude) {
        int n = rate * millis / 1000;
        short[] out = new short[n];
        double seconds = millis / 1000.0;
        for (int i = 0; i < n; i++) {
            double t = (double) i / rate;
            double phase = 2 * Math.PI * (fromHz * t + (toHz - fromHz) * t * t / (2 * seconds));
            out[i] = (short) (amplitude * Math.sin(phase));
        }
        return out;
    }

    /**
     * The share of {@code x}'s energy in {@code [fromHz, toHz)} among its energy in {@code [baseHz, rate/2)}:
     * power spectra of Hann-windowed blocks of 1,024 samples, summed over the whole signal.
     */
    public static double energyShare(short[] x, int rate, double fromHz, double toHz, double baseHz) {
        int n = 1024;
        double[] re = new double[n];
        double[] im = new double[n];
        double band = 0;
        double total = 0;
        for (int start = 0; start + n <= x.length; start += n / 2) {
            for (int i = 0; i < n; i++) {
                re[i] = x[start + i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1)));
                im[i] = 0;
            }
            fft(re, im);
            for (int k = 1; k < n / 2; k++) {
                double hz = (double) k * rate / n;
                double power = re[k] * re[k] + im[k] * im[k];
                if (hz >= baseHz) total += power;
                if (hz >= fromHz && hz < toHz) band += power;
            }
        }
        return total == 0 ? 0 : band / total;
    }

    /** In-place radix-2 FFT; {@code re.length} a power of two. */
    private static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) {
                double t = re[i]; re[i] = re[j]; re[j] = t;
                t = im[i]; im[i] = im[j]; im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double angle = -2 * Math.PI / len;
            for (int i = 0; i < n; i += len) {
                for (int k = 0; k < len / 2; k++) {
                    double wr = Math.cos(angle * k);
                    double wi = Math.sin(angle * k);
                    int a = i + k;
                    int b = a + len / 2;
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }
}
