package io.callbridge.call;

import io.callbridge.call.Termination.Result;

/**
 * What Asterisk says about how the far end of a channel ended it: the Q.850 cause and, when chan_pjsip
 * knew it, the SIP response ({@code tech_cause}). Kept by a call for its own channel and by a transfer for
 * its leg; read on the call's executor.
 */
final class FarEnd {

    private int cause = 16; // normal clearing, until Asterisk says otherwise
    private Integer sipCode;

    /** Asterisk was asked to hang up the channel, with this cause and the technology's own. */
    void hangupRequested(Integer cause, String techCause) {
        if (cause != null && cause > 0) this.cause = cause;
        Integer sip = HangupCauses.sipCodeIn(techCause);
        if (sip != null) sipCode = sip;
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
     * more than a hangup. {@code status} null: only the channel's end is known.
     */
    Result unanswered(DialStatus status) {
        if (status != null && status != DialStatus.FAILED && status.result != null) return status.result;
        Result byCause = HangupCauses.remoteEnded(cause, null, false).result();
        return byCause == Result.CALLER_HANGUP ? Result.FAILED : byCause;
    }
}
