package io.callbridge.prompt;

import io.callbridge.testing.Audio;

/**
 * Whether audio sounds like speech rather than silence or a tone, measured on 20 ms frames: enough loud frames,
 * a loudness that rises and falls with syllables, voiced frames (a clear pitch period of 2.5–12.5 ms, 80–400 Hz,
 * by normalised autocorrelation), and energy outside the strongest 60 Hz band (a tone, even one that starts and stops, has next to none; flite's
 * even pitch puts about three quarters of its speech in one such band).
 */
public final class SpeechChecks {

    /** The figures of one clip. */
    public record Figures(double activeShare, double envelopeVariation, double voicedShare, double largestBandShare) {

        /** Speech: loud for a fifth of the time, syllabic, voiced, and not a tone. */
        public boolean speechLike() {
            return activeShare > 0.2 && envelopeVariation > 0.4 && voicedShare > 0.2 && largestBandShare < 0.9;
        }
    }

    private SpeechChecks() {
    }

    public static Figures measure(short[] x, int rate) {
        int n = rate / 50;
        int frames = x.length / n;
        int active = 0;
        int voiced = 0;
        double sum = 0;
        double sumSq = 0;
        for (int f = 0; f < frames; f++) {
            double rms = rms(x, f * n, n);
            if (rms < 300) continue;
            active++;
            sum += rms;
            sumSq += rms * rms;
            if (pitched(x, f * n, n, rate)) voiced++;
        }
        double mean = active == 0 ? 0 : sum / active;
        double variation = active == 0 ? 0 : Math.sqrt(Math.max(0, sumSq / active - mean * mean)) / mean;
        double largest = 0;
        for (int hz = 100; hz + 60 <= rate / 2; hz += 20) largest = Math.max(largest, Audio.energyShare(x, rate, hz, hz + 60, 100));
        return new Figures(frames == 0 ? 0 : (double) active / frames, variation,
                active == 0 ? 0 : (double) voiced / active, largest);
    }

    private static double rms(short[] x, int from, int n) {
        double s = 0;
        for (int i = from; i < from + n; i++) s += (double) x[i] * x[i];
        return Math.sqrt(s / n);
    }

    /** A frame with a pitch period of 2.5–12.5 ms: normalised autocorrelation above 0.5 at some lag in that range. */
    private static boolean pitched(short[] x, int from, int n, int rate) {
        int minLag = rate / 400;
        int maxLag = Math.min(rate / 80, n / 2);
        double energy = 0;
        for (int i = from; i < from + n; i++) energy += (double) x[i] * x[i];
        if (energy == 0) return false;
        for (int lag = minLag; lag <= maxLag; lag++) {
            double r = 0;
            double e1 = 0;
            double e2 = 0;
            for (int i = from; i + lag < from + n; i++) {
                r += (double) x[i] * x[i + lag];
                e1 += (double) x[i] * x[i];
                e2 += (double) x[i + lag] * x[i + lag];
            }
            if (e1 > 0 && e2 > 0 && r / Math.sqrt(e1 * e2) > 0.5) return true;
        }
        return false;
    }
}
