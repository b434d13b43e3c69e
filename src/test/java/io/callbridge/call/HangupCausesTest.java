package io.callbridge.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callbridge.call.HangupCauses.Reason;
import io.callbridge.call.Termination.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HangupCausesTest {

    @ParameterizedTest(name = "cause {0}, answered={1} -> {2}")
    @CsvSource({
            "16, true,  CALLER_HANGUP",
            "16, false, CALLER_HANGUP",
            "0,  false, CALLER_HANGUP",
            "17, false, BUSY",
            "17, true,  CALLER_HANGUP",
            "18, false, NO_ANSWER",
            "19, false, NO_ANSWER",
            "21, false, REJECTED",
            "1,  false, NO_ROUTE",
            "3,  false, NO_ROUTE",
            "34, false, FAILED",
            "38, false, FAILED",
            "127, true, CALLER_HANGUP",
            "1,   true, CALLER_HANGUP",
            "21,  true, CALLER_HANGUP",
    })
    void remoteEndMapsCauseToTermination(int cause, boolean answered, Result expected) {
        Termination t = HangupCauses.remoteEnded(cause, "text", answered);
        assertEquals(expected, t.result());
    }

    /** The reason names the cause as Asterisk 22 does (ARI cause_txt), also when the event carried no text. */
    @ParameterizedTest(name = "cause {0}, cause_txt \"{1}\" -> \"{2}\"")
    @CsvSource(value = {
            "16,  null,            cause 16 Normal Clearing",
            "16,  Normal Clearing, cause 16 Normal Clearing",
            "17,  null,            cause 17 User busy",
            "18,  null,            cause 18 No user responding",
            "19,  null,            'cause 19 User alerting, no answer'",
            "21,  null,            cause 21 Call Rejected",
            "1,   null,            cause 1 Unallocated (unassigned) number",
            "3,   null,            cause 3 No route to destination",
            "31,  null,            'cause 31 Normal, unspecified'",
            "34,  null,            cause 34 Circuit/channel congestion",
            "38,  null,            cause 38 Network out of order",
            "41,  null,            cause 41 Temporary failure",
            "127, null,            'cause 127 Interworking, unspecified'",
            "0,   null,            cause 0",
            "0,   Unknown,         cause 0 Unknown",
            "200, '',              cause 200",
    }, nullValues = "null")
    void theReasonNamesTheCause(int cause, String causeText, String reason) {
        assertEquals(reason, HangupCauses.remoteEnded(cause, causeText, true).reason());
    }

    @ParameterizedTest(name = "{0} -> ARI reason {1}, SIP {2}")
    @CsvSource({
            "UNALLOCATED, unallocated, 404",
            "BUSY,        busy,        486",
            "CONGESTION,  congestion,  503",
            "REJECTED,    rejected,    403",
    })
    void reasonsCarryTheirSipResponse(Reason reason, String ari, int sip) {
        assertEquals(ari, reason.ari);
        assertEquals(sip, reason.sipCode);
    }

    @ParameterizedTest
    @CsvSource({"NO_ROUTE, no_route", "CALLER_HANGUP, caller_hangup", "SHUTDOWN, shutdown"})
    void terminationCodesAreSnakeCase(Result result, String code) {
        assertEquals(code, result.code());
    }

    /** Asterisk 22 sends chan_pjsip's final response as tech_cause: the bare code ("486"), as seen on the stack. */
    @ParameterizedTest(name = "tech_cause \"{0}\" -> {1}")
    @CsvSource(value = {"486, 486", "503, 503", "SIP 480 Temporarily Unavailable, 480", "'', null", "none, null",
            "null, null"}, nullValues = "null")
    void theFarEndsCodeIsReadFromTheTechCause(String techCause, Integer sip) {
        assertEquals(sip, HangupCauses.sipCodeIn(techCause));
    }

    @ParameterizedTest(name = "cause {0} -> SIP {1}")
    @CsvSource({"17, 486", "18, 408", "19, 480", "21, 403", "1, 404", "34, 503", "102, 504", "16, 500"})
    void withoutATechCauseTheCauseStandsForACode(int cause, int sip) {
        assertEquals(sip, HangupCauses.sipCodeOf(cause));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"RINGING, PROGRESS", "PROGRESS, PROGRESS", "ANSWER, ANSWER", "BUSY, BUSY",
            "CONGESTION, FAILED", "CHANUNAVAIL, FAILED", "'', OTHER", "PROCEEDING, OTHER"})
    void dialStatusesAreRead(String dialstatus, DialStatus status) {
        assertEquals(status, DialStatus.of(dialstatus));
    }
}
