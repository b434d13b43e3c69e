package io.callbridge.media;

/**
 * Converts 16-bit big-endian PCM between 8 kHz and an integer multiple of it (16 and 24 kHz), with a
 * windowed-sinc low-pass filter so that nothing aliases. Stateful (filter history), one per direction
 * per call, used from one thread.
 *
 * <p>Why it exists: Asterisk 22's externalMedia (chan_rtp) sets no payload map on its RTP instance, so on
 * receive it knows only the static payload types (0–34). slin16/slin24 travel as 118/123: Asterisk sends
 * them but silently drops them coming back. Raw routes at 16 or 24 kHz therefore use slin (8 kHz, type
 * 10) towards Asterisk and this converter at the agent edge. PSTN callers are 8 kHz anyway.
 */
public final class Resampler {

    private static final int TAPS_PER_PHASE = 16;

    private final int factor;
    private final boolean up;
    private final double[] kernel; // TAPS_PER_PHASE * factor taps, at the high rate
    private final double[] history; // last samples at the high rate (down) or low rate (up)
    private int historyPos;
    private int phase; // down: input samples since the last output sample

    private Resampler(int factor, boolean up) {
        this.factor = factor;
        this.up = up;
        this.kernel = lowPass(TAPS_PER_PHASE * factor, 0.9 / (2.0 * factor));
        this.history = new double[up ? TAPS_PER_PHASE : kernel.length];
    }

    /** 8 kHz → 8000 × factor. */
    public static Resampler up(int factor) {
        return new Resampler(factor, true);
    }

    /** 8000 × factor → 8 kHz. */
    public static Resampler down(int factor) {
        return new Resampler(factor, false);
    }

    /** Windowed (Blackman) sinc; {@code cutoff} as a fraction of the sample rate. Unity DC gain. */
    private static double[] lowPass(int taps, double cutoff) {
        double[] h = new double[taps];
        double sum = 0;
        double mid = (taps - 1) / 2.0;
        for (int i = 0; i < taps; i++) {
            double x = i - mid;
            double sinc = x == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
            double w = 0.42 - 0.5 * Math.cos(2 * Math.PI * i / (taps - 1)) + 0.08 * Math.cos(4 * Math.PI * i / (taps - 1));
            h[i] = sinc * w;
            sum += h[i];
        }
        for (int i = 0; i < taps; i++) h[i] /= sum;
        return h;
    }

    /** Converts whole big-endian samples; the output is {@code factor} times longer (up) or shorter (down). */
    public byte[] process(byte[] in, int offset, int length) {
        int samples = length / 2;
        if (up) {
            byte[] out = new byte[samples * factor * 2];
            for (int s = 0; s < samples; s++) {
                history[historyPos] = sample(in, offset + 2 * s);
                historyPos = (historyPos + 1) % history.length;
                // polyphase: output phase p uses taps p, p+factor, … against the low-rate history
                for (int p = 0; p < factor; p++) {
                    double acc = 0;
                    for (int t = 0; t < TAPS_PER_PHASE; t++) {
                        int h = (historyPos - 1 - t + history.length * 2) % history.length;
                        acc += history[h] * kernel[p + t * factor];
                    }
                    put(out, 2 * (s * factor + p), acc * factor);
                }
            }
            return out;
        }
        byte[] out = new byte[(phase + samples) / factor * 2];
        int produced = 0;
        for (int s = 0; s < samples; s++) {
            history[historyPos] = sample(in, offset + 2 * s);
            historyPos = (historyPos + 1) % history.length;
            if (++phase == factor) { // chunks of any size: the phase carries over between calls
                phase = 0;
                double acc = 0;
                for (int t = 0; t < kernel.length; t++) {
                    acc += history[(historyPos - 1 - t + history.length) % history.length] * kernel[t];
                }
                put(out, 2 * produced++, acc);
            }
        }
        return out;
    }

    private static double sample(byte[] b, int i) {
        return (short) ((b[i] << 8) | (b[i + 1] & 0xFF));
    }

    private static void put(byte[] b, int i, double v) {
        int s = (int) Math.round(Math.max(-32768, Math.min(32767, v)));
        b[i] = (byte) (s >> 8);
        b[i + 1] = (byte) s;
    }
}
