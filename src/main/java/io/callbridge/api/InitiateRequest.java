package io.callbridge.api;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/calls/initiate}: whom to call, as whom, and which agent talks once the far
 * end answers, either a configured route (by its number) or an agent given here.
 */
public record InitiateRequest(String to, String from, String route, Agent agent, Integer timeoutSeconds,
                              String statusCallback, List<String> statusCallbackEvent) {

    /** An agent for this call alone: the fields of a route that say how to reach it. */
    public record Agent(String url, String protocol, Integer sampleRate, Map<String, String> parameters) {
    }
}
