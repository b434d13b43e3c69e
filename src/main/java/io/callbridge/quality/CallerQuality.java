package io.callbridge.quality;

import io.callbridge.ari.AriRtpStatistics;
import java.time.Instant;

/**
 * The quality of the caller's leg (the carrier or phone side of Asterisk), from one sample of Asterisk's RTP
 * statistics of the caller's channel. "in" is caller → Asterisk, measured by Asterisk itself; "out" is Asterisk →
 * caller, as the caller's RTCP receiver reports tell it: null (not 0) when the caller sent none, as do the
 * round-trip time and anything that depends on it. Loss in percent of the packets expected (0–100), jitter
 * (RFC 3550 interarrival) and round-trip time in milliseconds; {@code mos} by {@link EModel};
 * {@code sampledAt} is when Asterisk answered the sample.
 */
public record CallerQuality(long packetsIn, long packetsLostIn, double lossInPercent, double jitterInMs,
                            long packetsOut, Long packetsLostOut, Double lossOutPercent, Double jitterOutMs,
                            Double rttMs, double mos, Instant sampledAt) {

    /**
     * Jitter buffer allowed for in the one-way delay: twice the interarrival jitter, at least one 20 ms packet
     * (what a receiver's adaptive buffer typically holds).
     */
    static double jitterBufferMs(double jitterMs) {
        return Math.max(20, 2 * jitterMs);
    }

    /** The figures of {@code s}, sampled at {@code at}. */
    public static CallerQuality of(AriRtpStatistics s, Instant at) {
        // Asterisk leaves every far-end figure at 0 until an RTCP receiver report arrives; a real report on any
        // path but loopback gives a round-trip time above 0.
        boolean reported = s.rtt() > 0 || s.maxrtt() > 0 || s.txploss() > 0 || s.remoteMaxjitter() > 0;
        double lossIn = percent(s.rxploss(), s.rxcount() + s.rxploss());
        // Asterisk 22 fills ARI's txjitter with the jitter it measures on what it receives, and rxjitter with the
        // far end's report of what it sent (seconds, both): checked on the local stack, where a caller sending no
        // RTCP (sipp) leaves rxjitter at 0 and one sending it (baresip) sets rxjitter = remote_maxjitter.
        double jitterIn = s.txjitter() * 1000;
        Long lostOut = reported ? s.txploss() : null;
        Double lossOut = reported ? percent(s.txploss(), Math.max(s.txcount(), s.txploss())) : null;
        Double jitterOut = reported ? s.rxjitter() * 1000 : null;
        Double rtt = reported ? roundTripMs(s) : null;
        double worstLoss = Math.max(lossIn, lossOut == null ? 0 : lossOut);
        double worstJitter = Math.max(jitterIn, jitterOut == null ? 0 : jitterOut);
        double delay = (rtt == null ? 0 : rtt / 2) + jitterBufferMs(worstJitter);
        double mos = EModel.mos(EModel.r(delay, worstLoss, EModel.BPL_G711));
        return new CallerQuality(s.rxcount(), s.rxploss(), lossIn, jitterIn, s.txcount(), lostOut, lossOut, jitterOut,
                rtt, round(mos, 2), at);
    }

    /** A round-trip time above this is not one: see {@link #roundTripMs}. */
    static final double MAX_RTT_SECONDS = 10;

    /**
     * The latest round-trip time in ms, or null when there is none worth the name. Asterisk computes it from an
     * RTCP report's LSR and DLSR (RFC 3550 section 6.4.1) in 1/65536 s units; when the report's delay makes that
     * difference slightly negative (on a near-zero path such as loopback) it wraps to about 65,536 s (seen on
     * the local stack with baresip). Such a value falls back to the mean of the call's round-trip times
     * ({@code normdevrtt}), then its minimum, if either is plausible.
     */
    static Double roundTripMs(AriRtpStatistics s) {
        for (double seconds : new double[] {s.rtt(), s.normdevrtt(), s.minrtt()}) {
            if (seconds > 0 && seconds < MAX_RTT_SECONDS) return seconds * 1000;
        }
        return null;
    }

    /** {@code lost} of {@code expected} packets, in percent (2 decimal places); 0 of nothing. */
    static double percent(long lost, long expected) {
        return expected <= 0 || lost <= 0 ? 0 : round(100.0 * lost / expected, 2);
    }

    private static double round(double v, int places) {
        double scale = Math.pow(10, places);
        return Math.round(v * scale) / scale;
    }
}
