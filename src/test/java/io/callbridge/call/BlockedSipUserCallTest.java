package io.callbridge.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A caller whose SIP user is a name (sip:mallory-7002@…), blocked by that name as the blocklist API takes
 * it, is refused with 403 on the real path (sipp → Kamailio → Asterisk → app). Route 7002 belongs to this test.
 */
@QuarkusTest
class BlockedSipUserCallTest {

    static final String ROUTED = "7002";
    static final String CALLER = "mallory-7002";

    @Inject
    TestData data;

    @Inject
    Blocklist blocklist;

    @BeforeEach
    void ready() {
        data.ensureRoute(ROUTED);
        TestData.awaitReady();
    }

    @Test
    void aCallerBlockedByItsSipUserIsRefusedWith403() {
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        blocklist.block(TestData.FIXTURE, "sip:" + CALLER + "@pbx.example.com", "test");
        try {
            Sipp.Result call = Sipp.rejectedCall(CALLER, ROUTED, 403);
            assertTrue(call.succeeded(), "expected 403 for a blocked SIP user:\n" + call.output());
        } finally {
            blocklist.unblock(TestData.FIXTURE, CALLER);
        }
        CallRecord cdr = data.awaitEnded(ROUTED, since);
        assertEquals("blocked", cdr.termination);
        assertEquals(CALLER, cdr.fromNumber);
        assertEquals(403, cdr.sipCode);
    }
}
