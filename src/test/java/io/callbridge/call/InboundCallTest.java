package io.callbridge.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.Metrics;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real calls: sipp → Kamailio (5060) → Asterisk (5080) → Stasis → this app over ARI → CDR in PostgreSQL. */
@QuarkusTest
class InboundCallTest {

    static final String ROUTED = "7001";
    static final String UNROUTED = "7999";

    @Inject
    TestData data;

    @Inject
    Blocklist blocklist;

    @BeforeEach
    void ready() {
        data.ensureRoute(ROUTED);
        data.removeRoute(UNROUTED);
        TestData.awaitReady();
    }

    @Test
    void routedCallIsBridgedToItsAgentAndRecordedWithItsQuality() {
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        double before = Metrics.value("callbridge_calls_total", "direction=\"inbound\",termination=\"caller_hangup\"");
        double requestsBefore = Metrics.sum("callbridge_ari_requests_total", "outcome=\"success\"");

        Sipp.Result call = Sipp.talkingCall(ROUTED, 3000);

        assertTrue(call.succeeded(), "sipp call to " + ROUTED + " failed:\n" + call.output());
        CallRecord cdr = data.awaitEnded(ROUTED, since);
        assertEquals("caller_hangup", cdr.termination);
        assertEquals(200, cdr.sipCode);
        assertEquals(TestData.ECHO_AGENT, cdr.agentUrl);
        assertEquals("twilio", cdr.protocol);
        // about 3 s of the caller's audio reached the app; 20 ms frames went back all along (echo or silence)
        assertTrue(cdr.packetsIn > 50, "packets in: " + cdr.packetsIn);
        assertTrue(cdr.packetsOut > 100, "packets out: " + cdr.packetsOut);
        assertEquals(160L * cdr.packetsOut, cdr.bytesOut);
        assertEquals(0L, cdr.packetsLost);
        assertEquals(0L, cdr.agentReconnects.longValue());
        assertNotNull(cdr.firstAudioMs);
        assertTrue(cdr.firstAudioMs < 2000, "first audio after " + cdr.firstAudioMs + " ms");
        assertNotNull(cdr.jitterMs);
        assertEquals(ROUTED, cdr.route);
        assertEquals("inbound", cdr.direction);
        assertEquals("+15550001111", cdr.fromNumber);
        assertTrue(cdr.callSid.matches("CA[0-9a-f]{32}"), cdr.callSid);
        assertNotNull(cdr.answeredAt);
        assertTrue(!cdr.endedAt.isBefore(cdr.answeredAt) && !cdr.answeredAt.isBefore(cdr.startedAt));
        assertTrue(Duration.between(cdr.answeredAt, cdr.endedAt).toMillis() >= 3000);
        assertEquals(before + 1, Metrics.value("callbridge_calls_total", "direction=\"inbound\",termination=\"caller_hangup\""));
        assertEquals(0, Metrics.value("callbridge_calls_active", null));
        // The channel marked as ours, the externalMedia leg, the bridge, both legs into it in one request, the
        // answer; at the end the bridge and the leg removed (the caller's channel is gone already).
        assertEquals(requestsBefore + 7, Metrics.sum("callbridge_ari_requests_total", "outcome=\"success\""),
                "ARI requests of one inbound call the caller hangs up");
    }

    /**
     * sipp's caller starts talking the moment it has the 200 OK: all of sipp's G.711 sample (236 packets of
     * 30 ms, 240 bytes each) reaches the app, the first packet included, because the bridge to the agent is
     * ready before the call is answered.
     */
    @Test
    void theCallersAudioFromItsFirstPacketOnReachesTheApp() {
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        Sipp.Result call = Sipp.talkingCall(ROUTED, 8000);
        assertTrue(call.succeeded(), call.output());
        CallRecord cdr = data.awaitEnded(ROUTED, since);
        assertEquals(236L * 240, cdr.bytesIn, "caller audio bytes at the app (packets in: " + cdr.packetsIn + ")");
    }

    @Test
    void unroutedNumberIsRejectedWith404AndRecordedAsNoRoute() {
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        double before = Metrics.value("callbridge_calls_total", "direction=\"inbound\",termination=\"no_route\"");

        Sipp.Result call = Sipp.rejectedCall(UNROUTED, 404);

        assertTrue(call.succeeded(), "expected 404 for " + UNROUTED + ":\n" + call.output());
        CallRecord cdr = data.awaitEnded(UNROUTED, since);
        assertEquals("no_route", cdr.termination);
        assertEquals(404, cdr.sipCode);
        assertEquals(null, cdr.answeredAt);
        assertEquals(before + 1, Metrics.value("callbridge_calls_total", "direction=\"inbound\",termination=\"no_route\""));
    }

    @Test
    void aRouteAddedWhileRunningAppliesToTheNextCall() {
        String number = "7002";
        data.removeRoute(number);
        assertTrue(Sipp.rejectedCall(number, 404).succeeded());
        data.ensureRoute(number);
        Sipp.Result call = Sipp.talkingCall(number, 1000);
        assertTrue(call.succeeded(), call.output());
    }

    @Test
    void blockedCallerIsRefusedWith403BeforeAnswerWhateverTheNumberForm() {
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        // sipp calls from +15550001111; blocked here in its national form (country code 1 by default)
        blocklist.block(TestData.FIXTURE, "(555) 000-1111", "test");
        try {
            Sipp.Result call = Sipp.rejectedCall(ROUTED, 403);
            assertTrue(call.succeeded(), "expected 403 for a blocked caller:\n" + call.output());
        } finally {
            blocklist.unblock(TestData.FIXTURE, "+15550001111");
        }
        CallRecord cdr = data.awaitEnded(ROUTED, since);
        assertEquals("blocked", cdr.termination);
        assertEquals(403, cdr.sipCode);
        assertEquals(null, cdr.answeredAt);
        assertTrue(Sipp.talkingCall(ROUTED, 500).succeeded(), "unblocked again");
    }
}
