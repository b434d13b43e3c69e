package io.callbridge.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.Baresip;
import io.callbridge.testing.SipFixtures;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A phone calls another user whose name the dialplan's first pattern does not take (it starts with '.'; the
 * API admits such names): the call reaches the user through the app and has a CDR. Domain g.example.test and
 * SIP port 5703 belong to this test.
 */
@QuarkusTest
class UserNamesCallTest {

    static final String DOMAIN = "g.example.test";
    static final String PASSWORD = "g-secret-1";
    /** The callee's name: the tests' prefix (the stack's test dialplan hands it to this app), then '.'. */
    static final String CALLEE = Sipp.TEST_PREFIX + ".g-doe";
    static final int CALLEE_PORT = 5703;

    @Inject
    TestData data;

    @Inject
    SipFixtures users;

    @BeforeEach
    void ready() {
        users.domain(DOMAIN);
        TestData.awaitReady();
    }

    @AfterEach
    void unregister() {
        users.unregister(CALLEE, DOMAIN);
    }

    @Test
    void aPhoneCallsAUserWhoseNameStartsWithADot() throws Exception {
        users.user("g-erin", DOMAIN, PASSWORD);
        users.user(CALLEE, DOMAIN, PASSWORD);
        assertTrue(Sipp.register(CALLEE, DOMAIN, PASSWORD, CALLEE_PORT, 120).succeeded(), "registration failed");
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        try (Sipp.Uas callee = Sipp.farEndOn(CALLEE_PORT, "uas-answer-hangup.xml", Map.of("HOLD_MS", "1500"), 30)) {
            Baresip.Call call = Baresip.callAs("g-erin", DOMAIN, PASSWORD, ".g-doe", new short[8000 * 4], 12);

            assertEquals(0, call.exitCode(), call.output());
            Sipp.Result answered = callee.await();
            assertTrue(answered.succeeded(), "the callee was not reached:\n" + answered.output());
            CallRecord cdr = data.awaitEnded("sip:" + CALLEE + "@" + DOMAIN, since);
            assertEquals("g-erin", cdr.fromNumber);
            assertEquals("completed", cdr.termination);
        }
    }
}
