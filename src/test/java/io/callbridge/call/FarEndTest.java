package io.callbridge.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callbridge.call.Termination.Result;
import org.junit.jupiter.api.Test;

class FarEndTest {

    @Test
    void theFarEndsOwnCodeWinsOverTheStatusAndTheCause() {
        FarEnd farEnd = new FarEnd();
        farEnd.hangupRequested(17, "600");
        assertEquals(600, farEnd.sipCode(DialStatus.BUSY), "a 600 Busy Everywhere stays 600, not 486");
        assertEquals(Result.BUSY, farEnd.unanswered(DialStatus.BUSY));
    }

    @Test
    void withoutItTheStatusThenTheCauseGiveTheCode() {
        FarEnd farEnd = new FarEnd();
        assertEquals(487, farEnd.sipCode(DialStatus.NOANSWER));
        farEnd.hangupRequested(34, null);
        assertEquals(503, farEnd.sipCode(DialStatus.FAILED));
        assertEquals(503, farEnd.sipCode(null));
    }

    @Test
    void aFailedDialIsNamedByItsCauseAndAPlainHangupIsFailed() {
        FarEnd rejected = new FarEnd();
        rejected.hangupRequested(21, "403");
        assertEquals(Result.REJECTED, rejected.unanswered(DialStatus.FAILED));
        FarEnd plain = new FarEnd();
        plain.hangupRequested(16, null);
        assertEquals(Result.FAILED, plain.unanswered(null));
        assertEquals(Result.NO_ANSWER, plain.unanswered(DialStatus.NOANSWER));
    }
}
