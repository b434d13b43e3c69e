package io.callbridge.call;

import io.callbridge.call.Termination.Result;

/**
 * The one place that maps Asterisk hangup causes (Q.850 numbers, as in ChannelDestroyed) to terminations,
 * and ARI hangup reasons to the SIP response chan_pjsip sends for them (its hangup_cause2sip).
 */
public final class HangupCauses {

    private HangupCauses() {
    }

    /**
     * The far end ended a call Callbridge had not ended itself. The reason reads "cause 16 Normal Clearing":
     * the Q.850 number and its name ({@link #causeName}). {@code causeText} (ARI's {@code cause_txt}, absent
     * when the call ended on StasisEnd) names only a cause Q.850 does not.
     */
    public static Termination remoteEnded(int cause, String causeText, boolean answered) {
        return Termination.of(remoteResult(cause, answered), causeReason(cause, causeText));
    }

    /** "cause 16 Normal Clearing": a Q.850 cause as a termination reason reads it. */
    static String causeReason(int cause, String causeText) {
        String name = causeName(cause);
        if (name == null && causeText != null && !causeText.isBlank()) name = causeText;
        return "cause " + cause + (name == null ? "" : " " + name);
    }

    /**
     * The name of a Q.850 cause as Asterisk 22 spells it (main/channel.c {@code causes[]}, ARI {@code cause_txt}):
     * "Normal Clearing" for 16, "User busy" for 17; null for 0 (Asterisk's "not defined") and other numbers
     * Q.850 does not name.
     */
    public static String causeName(int cause) {
        return Q850Causes.name(cause);
    }

    private static Result remoteResult(int cause, boolean answered) {
        // Once answered, the far side ending the call is a hangup whatever the cause (it stays in the reason).
        return answered ? Result.CALLER_HANGUP : switch (cause) {
            case 0, 16, 31 -> Result.CALLER_HANGUP;
            case 17 -> Result.BUSY;
            case 18, 19 -> Result.NO_ANSWER;
            case 21 -> Result.REJECTED;
            case 1, 2, 3 -> Result.NO_ROUTE;
            default -> Result.FAILED;
        };
    }

    /**
     * The SIP response a Q.850 cause stands for, as chan_pjsip maps them (its hangup_cause2sip); how the
     * final answer to an outbound INVITE is recorded, since Asterisk reports it as a cause.
     */
    public static int sipCodeOf(int cause) {
        return switch (cause) {
            case 1, 2, 3, 26 -> 404;
            case 17 -> 486;
            case 18 -> 408;
            case 19, 20, 31 -> 480;
            case 21 -> 403;
            case 22 -> 410;
            case 27 -> 502;
            case 28 -> 484;
            case 29 -> 501;
            case 34, 41, 42, 44, 47 -> 503;
            case 58, 65, 88 -> 488;
            case 102 -> 504;
            default -> 500;
        };
    }

    private static final java.util.regex.Pattern SIP_STATUS = java.util.regex.Pattern.compile("\\b([1-6][0-9]{2})\\b");

    /**
     * The SIP response in a channel's technology cause (Asterisk 22's {@code tech_cause}, from chan_pjsip:
     * the final response to our INVITE, such as "SIP 486 Busy Here"); null when there is none.
     */
    public static Integer sipCodeIn(String techCause) {
        if (techCause == null) return null;
        var m = SIP_STATUS.matcher(techCause);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    /** ARI hangup reasons Callbridge uses, with the Q.850 cause and SIP response they produce. */
    public enum Reason {
        NORMAL("normal", 16, null),
        BUSY("busy", 17, 486),
        CONGESTION("congestion", 34, 503),
        UNALLOCATED("unallocated", 1, 404),
        /** Not answered, or nobody there to answer (a user with no registration). */
        NO_ANSWER("no_answer", 19, 480),
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
