package io.callbridge.call;

import io.callbridge.call.Termination.Result;

/**
 * What ARI's Dial event says about a call Callbridge placed ({@code dialstatus}, as app_dial's DIALSTATUS),
 * and how each final status ends the call.
 */
enum DialStatus {
    /** Still going: ringing or early media. */
    PROGRESS(null, null),
    ANSWER(null, 200),
    BUSY(Result.BUSY, 486),
    /** The ring timeout passed; Asterisk cancelled the INVITE, which the far end ends with 487. */
    NOANSWER(Result.NO_ANSWER, 487),
    /** We hung up before the answer; the INVITE was cancelled. */
    CANCEL(Result.CANCELED, 487),
    /** Unreachable, refused or congested: the far end's answer is known only as a hangup cause. */
    FAILED(Result.FAILED, null),
    /** Anything else (an empty status while the dial starts). */
    OTHER(null, null);

    /** How the call ends, for a final status other than ANSWER. */
    final Result result;
    /** The SIP code to record, where the status alone tells it. */
    final Integer sipCode;

    DialStatus(Result result, Integer sipCode) {
        this.result = result;
        this.sipCode = sipCode;
    }

    static DialStatus of(String dialstatus) {
        if (dialstatus == null) return OTHER;
        return switch (dialstatus) {
            case "RINGING", "PROGRESS" -> PROGRESS;
            case "ANSWER" -> ANSWER;
            case "BUSY" -> BUSY;
            case "NOANSWER" -> NOANSWER;
            case "CANCEL" -> CANCEL;
            case "CHANUNAVAIL", "CONGESTION", "INVALIDARGS" -> FAILED;
            default -> OTHER;
        };
    }

    boolean failed() {
        return result != null;
    }
}
