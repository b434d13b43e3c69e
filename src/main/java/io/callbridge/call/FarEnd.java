package io.callbridge.call;

import io.callbridge.call.Termination.Result;

/**
 * What Asterisk says about how the far end of a channel ended it: the Q.850 cause and, when chan_pjsip
 * knew it, the SIP response ({@code tech_cause}). Kept by a call for its own channel and by a transfer for
 * its leg; read on the call's executor.
 */
final class FarEnd {

    /**
     * The SIP code recorded for an INVITE that got no response before we gave up: RFC 3261 (17.1.1.2, timer B)
     * ends such a transaction with 408 Request Timeout.
     */
    static final int NO_RESPONSE = 408;

    private int cause = 16; // normal clearing, until Asterisk says otherwise
    private Integer sipCode;
    private boolean rang;

    /** Asterisk was asked to hang up the channel, with this cause and the technology's own. */
    void hangupRequested(Integer cause, String techCause) {
        if (cause != null && cause > 0) this.cause = cause;
        Integer sip = HangupCauses.sipCodeIn(techCause);
        if (sip != null) sipCode = sip;
    }

    /**
     * The far end said it is ringing (180, or 183 with early media; ARI dialstatus RINGING or PROGRESS): it
     * was reached, and a call not answered from now on is {@code no_answer}.
     */
    void rang() {
        rang = true;
    }

    /**
     * How a call Callbridge placed ends when its ring timeout of {@code seconds} passes unanswered. A far end
     * that rang did not answer: {@code no_answer}, and Asterisk cancels the INVITE (487). One that never
     * said it rang was not reached (nothing listening, an unreachable carrier): {@code failed}, with 408.
     */
    Termination timedOut(int seconds) {
        return rang ? Termination.of(Result.NO_ANSWER, "not answered in " + seconds + " s")
                : Termination.of(Result.FAILED, "no response from the far end in " + seconds + " s");
    }

    /** The SIP code of a call that ended by {@link #timedOut}. */
    int timedOutSipCode() {
        return rang ? DialStatus.NOANSWER.sipCode : NO_RESPONSE;
    }

    int cause() {
        return cause;
    }

    /**
     * The SIP code of a call Callbridge placed that ended unanswered: the far end's own response if Asterisk
     * told it; else the one {@code status} stands for (null: none); else the one the cause stands for.
     */
    int sipCode(DialStatus status) {
        if (sipCode != null) return sipCode;
        if (status != null && status.sipCode != null) return status.sipCode;
        return HangupCauses.sipCodeOf(cause);
    }

    /**
     * How a call Callbridge placed ended without an answer. A dial status that says it (busy, no answer,
     * cancelled) decides; otherwise the cause: busy, no_answer, rejected, no_route, or failed when it says no
     * more than a hangup. {@code status} null: only the channel's end is known. "No answer" from a far end
     * that never rang (the stack's own 408 when nothing responded) is {@code failed}: it was not reached.
     */
    Result unanswered(DialStatus status) {
        Result result;
        if (status != null && status != DialStatus.FAILED && status.result != null) {
            result = status.result;
        } else {
            Result byCause = HangupCauses.remoteEnded(cause, null, false).result();
            result = byCause == Result.CALLER_HANGUP ? Result.FAILED : byCause;
        }
        return result == Result.NO_ANSWER && !rang ? Result.FAILED : result;
    }
}
