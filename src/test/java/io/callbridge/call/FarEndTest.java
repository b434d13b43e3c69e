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
        plain.rang();
        assertEquals(Result.NO_ANSWER, plain.unanswered(DialStatus.NOANSWER));
    }

    @Test
    void noAnswerFromAFarEndThatNeverRangIsFailed() {
        FarEnd silent = new FarEnd();
        silent.hangupRequested(18, "SIP 408 Request Timeout"); // the stack's own timeout: nobody responded
        assertEquals(Result.FAILED, silent.unanswered(null));
        assertEquals(Result.FAILED, silent.unanswered(DialStatus.NOANSWER));
        assertEquals(408, silent.sipCode(null));
        FarEnd ringing = new FarEnd();
        ringing.rang();
        ringing.hangupRequested(18, "SIP 408 Request Timeout"); // a proxy gave up on a ringing phone
        assertEquals(Result.NO_ANSWER, ringing.unanswered(null));
    }

    @Test
    void theRingTimeoutIsNoAnswerIfItRangAndFailedIfNothingResponded() {
        FarEnd silent = new FarEnd();
        assertEquals(Termination.of(Result.FAILED, "no response from the far end in 30 s"), silent.timedOut(30));
        assertEquals(408, silent.timedOutSipCode());
        FarEnd ringing = new FarEnd();
        ringing.rang();
        assertEquals(Termination.of(Result.NO_ANSWER, "not answered in 30 s"), ringing.timedOut(30));
        assertEquals(487, ringing.timedOutSipCode());
    }
}
