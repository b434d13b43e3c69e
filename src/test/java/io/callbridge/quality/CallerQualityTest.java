package io.callbridge.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.Audio;
import io.callbridge.testing.Baresip;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The caller leg's quality on the real path: sipp → Kamailio → Asterisk → app, the figures from Asterisk's RTP
 * statistics of the caller's channel in the CDR. sipp's pcap play sends no RTCP, so the far end's figures
 * (loss out, jitter out, round-trip time) must be null, not 0.
 */
@QuarkusTest
class CallerQualityTest {

    static final String NUMBER = "7461";

    @Inject
    TestData data;

    @BeforeEach
    void ready() {
        data.ensureRoute(NUMBER);
        TestData.awaitReady();
    }

    @Test
    void aCallerLosingEveryTenthPacketIsRecordedWithTenPercentLossAndAPoorMos() {
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);

        Sipp.Result call = Sipp.lossyCall(NUMBER, 20_000, 10);

        assertTrue(call.succeeded(), call.output());
        CallRecord cdr = data.awaitEnded(NUMBER, since);
        assertEquals("caller_hangup", cdr.termination);
        assertNotNull(cdr.callerLossInPercent, "caller loss recorded");
        assertTrue(cdr.callerLossInPercent > 8 && cdr.callerLossInPercent < 12,
                "caller loss in: " + cdr.callerLossInPercent + " % (" + cdr.callerPacketsLostIn + " of "
                        + (cdr.callerPacketsIn + cdr.callerPacketsLostIn) + ")");
        // G.107, G.711 without concealment: 10 % random loss is Ie,eff = 66.4; with a 20 ms jitter buffer MOS 1.46
        assertTrue(cdr.callerMos > 1.3 && cdr.callerMos < 1.7, "MOS " + cdr.callerMos);
        assertNotNull(cdr.callerJitterInMs);
        assertTrue(cdr.callerPacketsOut > 0, "packets to the caller: " + cdr.callerPacketsOut);
        assertNull(cdr.callerPacketsLostOut, "no RTCP from sipp: no loss reported by the caller");
        assertNull(cdr.callerLossOutPercent);
        assertNull(cdr.callerJitterOutMs);
        assertNull(cdr.callerRttMs, "no RTCP from sipp: no round-trip time");
        assertNotNull(cdr.callerQualityAt);
        // the caller hung up: its channel had no statistics left to give, the CDR holds the last periodic sample
        long age = Duration.between(cdr.callerQualityAt, cdr.endedAt).toMillis();
        assertTrue(age >= 0 && age <= 11_000, "last sample " + age + " ms before the end (one interval at most)");
    }

    @Test
    void aCleanCallerScoresTheMosOfAPerfectG711Call() {
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);

        Sipp.Result call = Sipp.talkingCall(NUMBER, 8000);

        assertTrue(call.succeeded(), call.output());
        CallRecord cdr = data.awaitEnded(NUMBER, since);
        assertEquals(0.0, cdr.callerLossInPercent);
        assertEquals(0L, cdr.callerPacketsLostIn);
        assertTrue(cdr.callerPacketsIn > 50, "packets from the caller: " + cdr.callerPacketsIn);
        assertTrue(cdr.callerMos >= 4.3, "MOS " + cdr.callerMos);
    }

    @Test
    void aCallerSendingRtcpGetsItsRoundTripAndOutgoingLoss() throws Exception {
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);

        // 30 s: the samples at 16 and 26 s come after Asterisk's sender report and baresip's answer to it (the
        // one at 6 s may not: the round-trip time needs both; on a loaded machine the one at 16 s once missed it)
        Baresip.Call call = Baresip.call(NUMBER, Audio.tone(400, 30_000, 8000, 8000), 32);

        assertEquals(0, call.exitCode(), call.output());
        CallRecord cdr = data.awaitEnded(NUMBER, since);
        // baresip's receiver reports arrived: the far end's figures are there
        assertEquals(0L, cdr.callerPacketsLostOut, "baresip sends RTCP: its loss report");
        // The round trip over loopback is tens of microseconds, near RTCP's resolution (1/65536 s): Asterisk
        // computes it as 0, or as slightly negative and wrapped, now and then (CI on a quiet machine, 2026-12-01:
        // loss and jitter reported, no plausible round trip), and the CDR then holds none rather than a wrong one
        // (CallerQuality.roundTripMs, unit-tested in CallerQualityFiguresTest). When there is one it is loopback's.
        if (cdr.callerRttMs != null) {
            assertTrue(cdr.callerRttMs > 0 && cdr.callerRttMs < 50, "loopback round trip: " + cdr.callerRttMs + " ms");
        }
        assertEquals(0.0, cdr.callerLossOutPercent);
        assertNotNull(cdr.callerJitterOutMs, "baresip reports the jitter of what it receives");
        assertTrue(cdr.callerJitterOutMs >= 0 && cdr.callerJitterOutMs < 20, "jitter out " + cdr.callerJitterOutMs);
        assertTrue(cdr.callerMos >= 4.3, "MOS " + cdr.callerMos);
    }
}
