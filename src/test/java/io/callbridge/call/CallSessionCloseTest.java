package io.callbridge.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.call.HangupCauses.Reason;
import io.callbridge.media.MediaQuality;
import io.callbridge.stream.AgentFigures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * Ending a call is exception-safe: whatever fails while the call is torn down (here the ARI hangup, the
 * quality metrics and the CDR write all throw), the call leaves the registry, counts as ended and reaches
 * ENDED, so it never blocks a drain or counts as active for ever.
 */
class CallSessionCloseTest {

    @Test
    void aCallWhoseTeardownFailsAtEveryStepStillLeavesTheRegistry() {
        CallRegistry registry = new CallRegistry();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CallMetrics metrics = new CallMetrics(meters, registry) {
            @Override
            void quality(MediaQuality quality, AgentFigures agent) {
                throw new IllegalStateException("metrics broke");
            }
        };
        // No ARI and no database behind the services: the hangup and the CDR write fail too.
        CallSession.Services services = new CallSession.Services(null, null, registry, metrics, Runnable::run, null, null, null);
        CallSession call = new CallSession(services, "channel-1", Direction.INBOUND, "+15550001111", "7000");
        registry.add(call);

        call.hangup(Termination.of(Termination.Result.ERROR, "test"), Reason.NORMAL);

        assertEquals(0, registry.size(), "the call must leave the registry");
        assertEquals(CallState.ENDED, call.state());
        assertTrue(call.isClosed());
        assertEquals(1.0, meters.get("callbridge.calls").tag("termination", "error").tag("direction", "inbound")
                .counter().count());
    }
}
