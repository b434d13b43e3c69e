package io.callbridge.call;

/**
 * A call was answered (fired on the call's executor: observers hand any slow work elsewhere). Recording
 * observes it to record the calls of routes that ask for it.
 *
 * @param callSid     the call
 * @param routeNumber the number (pattern) of the route that handles it; null for none
 */
public record CallAnswered(String callSid, String routeNumber) {
}
