package io.callbridge.stream;

/**
 * The agent side of a call's quality figures.
 *
 * @param firstAudioMs  from answer to the first caller audio sent to the agent; null if none was sent
 * @param framesDropped caller frames dropped while the agent was away or not keeping up
 */
public record AgentFigures(int reconnects, Integer firstAudioMs, long malformed, long framesToAgent,
                           long framesDropped) {
}
