package io.callbridge.call;

import io.callbridge.call.Termination.Result;

/**
 * The one place that maps Asterisk hangup causes (Q.850 numbers, as in ChannelDestroyed) to terminations,
 * and ARI hangup reasons to the SIP response chan_pjsip sends for them (its hangup_cause2sip).
 */
public final class HangupCauses {

    private HangupCauses() {
    }

    /** The far end ended a call Callbridge had not ended itself. */
    public static Termination remoteEnded(int cause, String causeText, boolean answered) {
        String reason = "cause " + cause + (causeText == null || causeText.isBlank() ? "" : " " + causeText);
        // Once answered, the far side ending the call is a hangup whatever the cause (it stays in the reason).
        Result result = answered ? Result.CALLER_HANGUP : switch (cause) {
            case 0, 16, 31 -> Result.CALLER_HANGUP;
            case 17 -> Result.BUSY;
            case 18, 19 -> Result.NO_ANSWER;
            case 21 -> Result.REJECTED;
            case 1, 2, 3 -> Result.NO_ROUTE;
            default -> Result.FAILED;
        };
        return Termination.of(result, reason);
    }

    /** ARI hangup reasons Callbridge uses, with the Q.850 cause and SIP response they produce. */
    public enum Reason {
        NORMAL("normal", 16, null),
        BUSY("busy", 17, 486),
        CONGESTION("congestion", 34, 503),
        UNALLOCATED("unallocated", 1, 404),
        REJECTED("rejected", 21, 403);

        public final String ari;
        public final int cause;
        /** Final response to an unanswered INVITE; null where the call was answered (200) or it varies. */
        public final Integer sipCode;

        Reason(String ari, int cause, Integer sipCode) {
            this.ari = ari;
            this.cause = cause;
            this.sipCode = sipCode;
        }
    }
}
