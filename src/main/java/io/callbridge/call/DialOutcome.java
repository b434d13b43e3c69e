package io.callbridge.call;

/**
 * How a {@code <Dial>} ended, in the terms of Twilio's action request ({@code DialCallStatus},
 * {@code DialCallDuration}, {@code DialCallSid}; https://www.twilio.com/docs/voice/twiml/dial#action).
 *
 * @param status          {@code completed} (answered, then either side hung up or the time limit passed),
 *                        {@code busy}, {@code no-answer}, {@code failed} or {@code canceled} (the dial was
 *                        stopped: the caller hung up or the call was redirected)
 * @param durationSeconds seconds the answered leg was bridged (0 when none answered)
 * @param dialCallSid     the id ({@code CA} + 32 hex) of the leg that answered, or of the first leg when none did;
 *                        null when no leg could be placed
 * @param target          the number or SIP URI that answered; null when none did
 * @param sipCode         the answered leg's 200, or the SIP response that ended the last unanswered one; may be null
 */
public record DialOutcome(String status, long durationSeconds, String dialCallSid, String target, Integer sipCode) {

    public static final String COMPLETED = "completed";
    public static final String BUSY = "busy";
    public static final String NO_ANSWER = "no-answer";
    public static final String FAILED = "failed";
    public static final String CANCELED = "canceled";

    /** Whether a target answered. */
    public boolean answered() {
        return COMPLETED.equals(status);
    }
}
