package io.callbridge.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.TestAgent;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The same G.722 call as {@link WidebandCallTest} with the WebSocket leg turned off
 * ({@code callbridge.media.wideband-websocket=false}): the RTP leg at 8 kHz, side by side with the figure
 * of the WebSocket leg. What the caller hears above 4 kHz is then only codec noise.
 */
@QuarkusTest
@TestProfile(WidebandRtpBaselineTest.RtpOnly.class)
class WidebandRtpBaselineTest {

    /** The RTP leg for every call. */
    public static class RtpOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("callbridge.media.wideband-websocket", "false");
        }
    }

    private static final Logger LOG = Logger.getLogger(WidebandRtpBaselineTest.class);

    @Inject
    TestAgent agent;

    @Inject
    TestData data;

    @Test
    void rtpLegCutsTheAgentAt4kHz() throws Exception {
        WidebandCallTest.Heard heard = WidebandCallTest.sweepToG722Caller(agent, data, "7317");
        LOG.infof("RTP leg: %.1f %% of the energy the G.722 caller heard is above 4 kHz (RMS %.0f)",
                100 * heard.shareAbove4k(), heard.rms());
        assertTrue(heard.shareAbove4k() < 0.05, "share above 4 kHz: " + heard.shareAbove4k());
        assertEquals(320L * heard.cdr().packetsOut, heard.cdr().bytesOut); // slin at 8 kHz
    }
}
