package io.callbridge.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RtpStatsTest {

    private static final long MS = 1_000_000L;

    @Test
    void steadyStreamHasNoLossNoReorderAndNoJitter() {
        RtpStats s = new RtpStats(8000);
        for (int i = 0; i < 100; i++) s.received(1000 + i, 160L * i, 160, 20 * MS * i);
        assertEquals(100, s.packets());
        assertEquals(16000, s.bytes());
        assertEquals(0, s.lost());
        assertEquals(0, s.outOfOrder());
        assertEquals(0.0, s.jitterMillis(), 0.01);
    }

    @Test
    void gapsCountAsLossAndLateOnesAsOutOfOrder() {
        RtpStats s = new RtpStats(8000);
        s.received(10, 0, 160, 0);
        s.received(11, 160, 160, 20 * MS);
        s.received(14, 640, 160, 80 * MS); // 12 and 13 missing
        s.received(12, 320, 160, 81 * MS); // 12 arrives late
        assertEquals(1, s.outOfOrder());
        assertEquals(1, s.lost(), "expected 10..14 = 5, received 4");
    }

    @Test
    void sequenceWrapIsNotLoss() {
        RtpStats s = new RtpStats(8000);
        int seq = 65530;
        for (int i = 0; i < 20; i++) s.received((seq + i) & 0xFFFF, 160L * i, 160, 20 * MS * i);
        assertEquals(0, s.lost());
        assertEquals(0, s.outOfOrder());
    }

    @Test
    void jitterFollowsRfc3550() {
        RtpStats s = new RtpStats(8000);
        // every other packet 5 ms late: |D| = 5 ms = 40 timestamp units each time after the first
        for (int i = 0; i < 200; i++) s.received(i, 160L * i, 160, 20 * MS * i + (i % 2) * 5 * MS);
        // J converges to |D| = 5 ms
        assertTrue(Math.abs(s.jitterMillis() - 5.0) < 0.2, "jitter " + s.jitterMillis());
    }

    @Test
    void timestampWrapLeavesJitterAlone() {
        RtpStats s = new RtpStats(8000);
        long ts = 0xFFFFFFFFL - 160L * 10; // wraps after the 11th packet
        for (int i = 0; i < 50; i++) s.received(i, (ts + 160L * i) & 0xFFFFFFFFL, 160, 20 * MS * i);
        assertEquals(0.0, s.jitterMillis(), 0.01, "a steady stream has no jitter across the 32-bit timestamp wrap");
    }

    @Test
    void otherPayloadTypesCountForLossOnly() {
        RtpStats s = new RtpStats(8000);
        s.received(1, 0, 160, 0);
        s.receivedOther(2);
        s.receivedOther(3);
        s.received(5, 480, 160, 60 * MS);
        assertEquals(2, s.packets());
        assertEquals(1, s.lost(), "1..5 expected, 4 seen (two of them telephone-events)");
    }
}
