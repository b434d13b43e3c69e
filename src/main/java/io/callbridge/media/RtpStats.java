package io.callbridge.media;

/**
 * Receive-side quality of one RTP stream, per RFC 3550: loss from the extended highest sequence number
 * (A.3), interarrival jitter (A.8), and packets that arrived after a later one. Updated only by the RTP
 * reader thread; read by others when the call ends (volatile snapshot fields are enough for that).
 */
final class RtpStats {

    private final int clockRate;
    private volatile long packets;
    private volatile long bytes;
    private volatile long outOfOrder;
    private int baseSeq = -1;
    private long cycles;
    private int maxSeq;
    private volatile long expected;
    private long firstArrivalNanos;
    private long lastTransit;
    private boolean haveTransit;
    private volatile double jitter; // in timestamp units

    RtpStats(int clockRate) {
        this.clockRate = clockRate;
    }

    /** @param arrivalNanos System.nanoTime() at receipt */
    void received(int seq, long timestamp, int payloadBytes, long arrivalNanos) {
        packets++;
        bytes += payloadBytes;
        if (baseSeq < 0) {
            baseSeq = seq;
            maxSeq = seq;
        } else {
            int delta = (seq - maxSeq) & 0xFFFF;
            if (delta == 0) {
                // duplicate: counts as received, changes nothing else
            } else if (delta < 0x8000) {
                if (seq < maxSeq) cycles += 0x10000; // wrapped
                maxSeq = seq;
            } else {
                outOfOrder++;
            }
        }
        expected = cycles + maxSeq - baseSeq + 1;
        if (!haveTransit) firstArrivalNanos = arrivalNanos;
        long arrival = (arrivalNanos - firstArrivalNanos) * clockRate / 1_000_000_000L; // relative: no overflow
        long transit = arrival - timestamp;
        if (haveTransit) {
            long d = Math.abs(transit - lastTransit);
            jitter += (d - jitter) / 16.0;
        }
        lastTransit = transit;
        haveTransit = true;
    }

    long packets() {
        return packets;
    }

    long bytes() {
        return bytes;
    }

    long outOfOrder() {
        return outOfOrder;
    }

    /** Expected minus received; never negative (duplicates can make received exceed expected). */
    long lost() {
        return Math.max(0, expected - packets);
    }

    double jitterMillis() {
        return jitter * 1000.0 / clockRate;
    }
}
