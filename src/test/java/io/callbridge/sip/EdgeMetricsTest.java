package io.callbridge.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.Audio;
import io.callbridge.testing.Baresip;
import io.callbridge.testing.SipFixtures;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Kamailio's own counters on http://127.0.0.1:5066/metrics move with the traffic: a phone (the real baresip,
 * over UDP) registers with a password and calls an agent. Route 7684, SIP port 5688 and domain e.example.test
 * belong to this test.
 */
@QuarkusTest
class EdgeMetricsTest {

    static final String NUMBER = "7684";
    static final String REGISTRATIONS = "callbridge_edge_registrations_total";
    static final String RELAYED = "callbridge_edge_calls_relayed_total";
    static final String INBOUND = "direction=\"inbound\"";

    @Inject
    TestData data;

    @Inject
    SipFixtures edge;

    @Test
    void aRegisterAndACallShowInTheEdgeCounters() throws Exception {
        data.ensureRoute(NUMBER);
        TestData.awaitReady();
        edge.subscriber("udp-7684", "e.example.test", "udp-secret-7684");
        double registrations = SipFixtures.counter(REGISTRATIONS, "");
        double relayed = SipFixtures.counter(RELAYED, INBOUND);
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);

        Baresip.Phone phone = new Baresip.Phone("<sip:udp-7684@e.example.test>;auth_pass=udp-secret-7684"
                + ";outbound=\"sip:127.0.0.1:5060\";regint=600;audio_codecs=PCMU", "127.0.0.1:5688", List.of(), "e.example.test");
        Baresip.Call call = Baresip.call(phone, NUMBER, Audio.tone(400, 2000, 8000, 8000), 8000, 15);
        assertTrue(call.output().contains("{0/UDP/v4} 200 OK"), "registered:\n" + call.output());
        CallRecord cdr = data.awaitEnded(NUMBER, since);
        assertEquals("udp-7684", cdr.fromNumber);

        assertTrue(SipFixtures.counter(REGISTRATIONS, "") >= registrations + 1, "the registration counted");
        assertTrue(SipFixtures.counter(RELAYED, INBOUND) >= relayed + 1, "the call counted as relayed to a media node");
    }
}
