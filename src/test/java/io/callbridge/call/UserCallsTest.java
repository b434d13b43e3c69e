package io.callbridge.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callbridge.call.HangupCauses.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The caller of a phone-to-phone call hears the called user's answer, as near as an ARI hangup reason says it. */
class UserCallsTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "480, NO_ANSWER, 480",
            "408, NO_ANSWER, 480",
            "487, NO_ANSWER, 480",
            "486, BUSY, 486",
            "600, BUSY, 486",
            "404, UNALLOCATED, 404",
            "603, REJECTED, 403",
            "403, REJECTED, 403",
            "500, CONGESTION, 503",
            "null, CONGESTION, 503"})
    void theCallersAnswerFollowsTheCalledUsers(Integer userSaid, Reason reason, int callerHears) {
        assertEquals(reason, UserCalls.reasonFor(userSaid));
        assertEquals(callerHears, reason.sipCode);
    }
}
