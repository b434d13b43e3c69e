package io.callbridge.call;

import io.callbridge.stream.Protocol;
import java.util.Map;
import java.util.Objects;

/**
 * What a route says, already validated and with its defaults applied (the API's {@code RouteValidator}
 * builds it). {@code url} is null only on rows written before routes pointed at agents.
 */
public record RouteSpec(String number, String description, String url, Protocol protocol, int sampleRate,
                        Map<String, String> parameters, Integer maxConcurrentCalls, String onAgentFailure,
                        String mohClass, boolean holdEvents) {

    /** A route with the default music on hold and no hold events. */
    public RouteSpec(String number, String description, String url, Protocol protocol, int sampleRate,
                     Map<String, String> parameters, Integer maxConcurrentCalls, String onAgentFailure) {
        this(number, description, url, protocol, sampleRate, parameters, maxConcurrentCalls, onAgentFailure, null, false);
    }

    public RouteSpec {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(onAgentFailure, "onAgentFailure");
        parameters = parameters == null ? Map.of() : parameters;
    }
}
