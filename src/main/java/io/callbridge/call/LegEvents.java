package io.callbridge.call;

/**
 * What happens to a leg Callbridge placed for a call ({@link Transfer}) and to the call's own caller while it
 * exists: {@link Transfers} for a transfer, {@link UserCalls} for the user a phone called, {@link Refers} for
 * a phone's REFER target. Every method runs on the call's executor.
 */
interface LegEvents {

    /** A Dial event for the leg ({@code dialstatus} as ARI's Dial event). */
    void dialed(CallSession call, Transfer leg, String dialstatus);

    /** The leg's channel is gone, with Q.850 {@code cause} and the technology's own (the SIP response). */
    void legGone(CallSession call, Transfer leg, int cause, String techCause);

    /** The call's own channel (the caller) is gone while the leg exists. */
    void callerGone(CallSession call, Transfer leg, int cause, String causeText);
}
