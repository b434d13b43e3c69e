package io.callbridge.call;

/**
 * Runs a route's TwiML flow on a call (implemented by the {@code flow} package, so the call path does not depend
 * on it). Called on the call's executor, with the call routed and marked as this instance's, not answered yet:
 * the flow answers when a verb needs media.
 */
public interface FlowStarter {

    /** Starts {@code route}'s flow ({@link AgentRoute#flow()}) on {@code call}. */
    void start(CallSession call, AgentRoute route);

    /**
     * Moves a live call to a new flow ({@code POST /api/calls/{callSid}}): the document {@code twiml}, or the one
     * {@code url} answers with {@code method}; whatever the call was doing (a verb, an agent's stream) stops.
     * Called on the call's executor.
     */
    void redirect(CallSession call, String twiml, String url, String method);
}
