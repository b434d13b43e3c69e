package io.callbridge.media;

/**
 * Receive-side quality of one RTP stream, per RFC 3550: loss from the extended highest sequence number
 * (A.3), interarrival jitter (A.8), and packets that arrived after a later one. Every packet of the stream
 * counts for loss, audio or not: RFC 4733 telephone-events share the audio's sequence space, so a digit
 * the app does not forward must still fill its sequence numbers. Jitter and the audio figures take audio
 * packets only (an event's timestamp is its start, repeated). Updated only by the RTP reader thread; read
 * by others when the call ends (volatile snapshot fields are enough for that).
 */
final class RtpStats {

    private final int clockRate;
    private volatile long packets;
    private volatile long bytes;
    private volatile long outOfOrder;
    private volatile long otherPackets;
    private int baseSeq = -1;
    private long cycles;
    private int maxSeq;
    private volatile long expected;
    private long firstArrivalNanos;
    private int lastTransit;
    private boolean haveTransit;
    private volatile double jitter; // in timestamp units

    RtpStats(int clockRate) {
        this.clockRate = clockRate;
    }

    /**
     * One audio packet.
     *
     * @param timestamp    the RTP timestamp, an unsigned 32-bit value (only its low 32 bits are used)
     * @param arrivalNanos System.nanoTime() at receipt
     */
    void received(int seq, long timestamp, int payloadBytes, long arrivalNanos) {
        packets++;
        bytes += payloadBytes;
        sequence(seq);
        if (!haveTransit) firstArrivalNanos = arrivalNanos;
        long arrival = (arrivalNanos - firstArrivalNanos) * clockRate / 1_000_000_000L; // relative: no overflow
        // RFC 3550 A.8 computes transit and its difference in wrapping 32-bit arithmetic: only the
        // difference matters, and across a timestamp wrap a long would jump by 2^32.
        int transit = (int) arrival - (int) timestamp;
        if (haveTransit) {
            int d = Math.abs(transit - lastTransit);
            jitter += (d - jitter) / 16.0;
        }
        lastTransit = transit;
        haveTransit = true;
    }

    /** A packet of the stream that is not audio (telephone-event, comfort noise): it counts only for loss. */
    void receivedOther(int seq) {
        otherPackets++;
        sequence(seq);
    }

    private void sequence(int seq) {
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
    }

    long bytes() {
        return bytes;
    }

    long outOfOrder() {
        return outOfOrder;
    }

    /** Audio packets received. */
    long packets() {
        return packets;
    }

    /** Expected minus received, of every payload type; never negative (duplicates can make received exceed expected). */
    long lost() {
        return Math.max(0, expected - packets - otherPackets);
    }

    double jitterMillis() {
        return jitter * 1000.0 / clockRate;
    }
}
