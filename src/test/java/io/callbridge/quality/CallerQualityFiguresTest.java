package io.callbridge.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.callbridge.ari.AriRtpStatistics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** ARI's RTPstat answers, as Asterisk 22 gave them on the local stack, read into the caller leg's figures. */
class CallerQualityFiguresTest {

    static final Instant AT = Instant.parse("2026-11-30T12:00:00Z");

    static CallerQuality figures(String json) throws Exception {
        return CallerQuality.of(AriRtpStatistics.parse(json.getBytes(StandardCharsets.UTF_8)), AT);
    }

    /** sipp losing every tenth packet, 16 s in; it sends no RTCP, so every far-end figure is 0. */
    @Test
    void aCallerWithoutRtcpHasNoFarEndFigures() throws Exception {
        CallerQuality q = figures("""
                {"txcount":801,"rxcount":482,"txploss":0,"rxploss":50,"txjitter":0.000375,"rxjitter":0.0,
                 "rtt":0.0,"maxrtt":0.0,"minrtt":0.0,"normdevrtt":0.0,"remote_maxjitter":0.0,
                 "local_ssrc":490864723,"remote_ssrc":3739283087,"txoctetcount":128160,"rxoctetcount":115680,
                 "channel_uniqueid":"1796041975.62"}""");
        assertEquals(482, q.packetsIn());
        assertEquals(50, q.packetsLostIn());
        assertEquals(9.4, q.lossInPercent());
        assertEquals(0.375, q.jitterInMs(), 1e-9);
        assertEquals(801, q.packetsOut());
        assertNull(q.packetsLostOut());
        assertNull(q.lossOutPercent());
        assertNull(q.jitterOutMs());
        assertNull(q.rttMs());
        assertEquals(1.5, q.mos()); // 9.4 % loss, no concealment, 20 ms jitter buffer
        assertEquals(AT, q.sampledAt());
    }

    /** baresip, which answers Asterisk's sender reports: round trip, loss and jitter as it reports them. */
    @Test
    void aCallerSendingRtcpHasItsReportedFigures() throws Exception {
        CallerQuality q = figures("""
                {"txcount":302,"rxcount":301,"txploss":3,"rxploss":0,"txjitter":0.001125,"rxjitter":0.000125,
                 "rtt":0.000579,"maxrtt":0.000579,"minrtt":0.000579,"normdevrtt":0.000579,
                 "remote_maxjitter":0.000125,"local_ssrc":1145427151,"remote_ssrc":3769995933}""");
        assertEquals(0.0, q.lossInPercent());
        assertEquals(1.125, q.jitterInMs(), 1e-9);
        assertEquals(3L, q.packetsLostOut());
        assertEquals(0.99, q.lossOutPercent()); // of the 302 sent
        assertEquals(0.125, q.jitterOutMs(), 1e-9);
        assertEquals(0.579, q.rttMs(), 1e-9);
        assertEquals(3.81, q.mos()); // the worse direction: 0.99 % loss out
    }

    @Test
    void aWrappedRoundTripFallsBackToTheCallsMeanThenItsMinimumThenNone() throws Exception {
        // Asterisk's RTT of a near-zero path whose LSR/DLSR difference went negative: 65,536 s less a bit
        String wrapped = """
                {"txcount":900,"rxcount":900,"txploss":0,"rxploss":0,"txjitter":0.000125,"rxjitter":0.000125,
                 "rtt":65535.999938,"maxrtt":65535.999938,"minrtt":%s,"normdevrtt":%s,
                 "remote_maxjitter":0.000125,"local_ssrc":1,"remote_ssrc":2}""";
        assertEquals(0.4, figures(wrapped.formatted("0.0003", "0.0004")).rttMs(), 1e-9);
        assertEquals(0.3, figures(wrapped.formatted("0.0003", "21845.33")).rttMs(), 1e-9);
        assertEquals(null, figures(wrapped.formatted("65535.9", "21845.33")).rttMs());
    }

    @Test
    void anAnswerThatIsNoObjectIsRefused() {
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> AriRtpStatistics.parse("[]".getBytes(StandardCharsets.UTF_8)));
    }
}
