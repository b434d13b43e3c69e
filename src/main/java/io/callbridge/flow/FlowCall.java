package io.callbridge.flow;

import io.callbridge.call.CallSession;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A call while a TwiML flow runs on it: what a {@link FlowVerb} may use. The interpreter implements it; verbs
 * reach the call's channel and media through {@link #session()}.
 */
public interface FlowCall {

    /** The call's session (channel, bridge, CDR, executor). */
    CallSession session();

    /** The call's id ({@code CA} + 32 hex): Twilio's CallSid. */
    default String callSid() {
        return session().callSid();
    }

    /**
     * Twilio's voice request parameters for this call as they stand now: {@code CallSid}, {@code AccountSid},
     * {@code From}, {@code To}, {@code CallStatus}, {@code Direction}, {@code ApiVersion} (Twilio's "TwiML voice
     * webhook request" page). Verbs add their own (e.g. {@code Digits}) through {@link FlowStep.Fetch}.
     */
    Map<String, String> parameters();

    /** {@code url} made absolute against the URL of the document being run (a stored document has none). */
    String resolve(String url);

    /**
     * Registers what to do when the flow is taken away from the running verb (the call was redirected by
     * {@code POST /api/calls/{callSid}}, or hung up): stop its playback, timers or dialled legs. Runs on the
     * call's executor; the verb's stage is then ignored.
     */
    void onInterrupt(Runnable stop);

    /**
     * Hands the caller's keys (0-9, *, #, A-D; ARI ChannelDtmfReceived, on the call's executor) to {@code key} while
     * the running verb runs: {@code <Gather>} collects them. Cleared when the verb's stage completes or the flow
     * is interrupted; keys pressed while no verb listens are dropped (an agent's stream still gets them).
     */
    void onCallerDigit(Consumer<Character> key);
}
