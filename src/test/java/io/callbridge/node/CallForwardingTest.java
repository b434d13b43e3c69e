package io.callbridge.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which requests may need the call's owner: actions on a call and reads of its live parts, never its CDR. */
class CallForwardingTest {

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "/api/calls/CA1/hangup, false, CA1",
            "/api/calls/CA1, false, CA1",
            "/api/calls/CA1/transfer/complete, false, CA1",
            "/api/calls/CA1/recordings/RE1/pause, false, CA1",
            "/api/calls/CA1/streams, true, CA1",
            "/api/calls/CA1, true, none",
            "/api/calls/CA1/, true, none",
            "/api/calls/initiate, false, none",
            "/api/calls/active, true, none",
            "/api/calls, true, none",
            "/api/routes/1, false, none"})
    void callSidOfPath(String path, boolean read, String callSid) {
        assertEquals(callSid, CallForwarding.callSid(path, read));
    }
}
