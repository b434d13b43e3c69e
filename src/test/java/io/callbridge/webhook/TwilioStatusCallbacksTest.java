package io.callbridge.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callbridge.call.Termination.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Twilio's final CallStatus for each way a call ends (table). */
class TwilioStatusCallbacksTest {

    @ParameterizedTest
    @CsvSource({
            "true, CALLER_HANGUP, completed",
            "true, AGENT_FAILED, completed",
            "true, TRANSFERRED, completed",
            "false, BUSY, busy",
            "false, OVER_CAPACITY, busy",
            "false, NO_ANSWER, no-answer",
            "false, CANCELED, canceled",
            "false, REJECTED, failed",
            "false, FAILED, failed",
            "false, LOST, failed",
            "false, ERROR, failed",
    })
    void finalStatus(boolean answered, Result result, String expected) {
        assertEquals(expected, TwilioStatusCallbacks.finalStatus(answered, result));
    }
}
