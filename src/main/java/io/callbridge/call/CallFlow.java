package io.callbridge.call;

/**
 * The flow running on a call, as the call path sees it: where the caller's keys go and who hears the call end.
 * Its methods run on the call's executor.
 */
public interface CallFlow {

    /** A key the caller pressed (RFC 4733 or in-band, as ARI ChannelDtmfReceived reports it): 0-9, *, #, A-D. */
    void callerDigit(char digit);

    /** The call ended (or left the flow for good): stop timers, playbacks and requests. */
    void ended();
}
