package io.callbridge.debug;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.SipCapture;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local stack has Kamailio write every SIP message to pcap files (kamailio/capture.cfg, CAPTURE_PCAP_DIR):
 * a real call's INVITE, its 200 OK and its BYE are in them, read back with a pcap library.
 */
@QuarkusTest
class SipCaptureTest {

    static final String ROUTED = "7980";

    @Inject
    TestData data;

    @BeforeEach
    void ready() {
        data.ensureRoute(ROUTED);
        TestData.awaitReady();
    }

    @Test
    void aCallsInviteAnswerAndByeLandInThePcap() {
        Sipp.Result call = Sipp.talkingCall(ROUTED, 1000);
        assertTrue(call.succeeded(), "sipp call to " + ROUTED + " failed:\n" + call.output());

        String dialed = "INVITE sip:" + Sipp.TEST_PREFIX + ROUTED + "@";
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<String> messages = SipCapture.messages();
            // the caller's INVITE as Kamailio received it: the last one to this number is this test's
            String invite = messages.stream().filter(m -> m.startsWith(dialed)).reduce((a, b) -> b).orElse(null);
            assertTrue(invite != null, "no INVITE to " + ROUTED + " in " + SipCapture.DIR);
            String callId = SipCapture.header(invite, "Call-ID");
            List<String> call1 = messages.stream().filter(m -> callId.equals(SipCapture.header(m, "Call-ID"))).toList();
            assertTrue(call1.stream().anyMatch(m -> m.startsWith("SIP/2.0 200")
                    && SipCapture.header(m, "CSeq").endsWith("INVITE")), "no 200 OK to the INVITE of " + callId);
            assertTrue(call1.stream().anyMatch(m -> m.startsWith("BYE ")), "no BYE of " + callId);
            assertTrue(call1.stream().anyMatch(m -> m.startsWith("SIP/2.0 200")
                    && SipCapture.header(m, "CSeq").endsWith("BYE")), "no 200 OK to the BYE of " + callId);
        });
    }
}
