package io.callbridge.call;

import io.callbridge.stream.Protocol;
import java.util.Map;
import java.util.Objects;

/**
 * What a route says, already validated and with its defaults applied (the API's {@code RouteValidator}
 * builds it). {@code url} is null only on rows written before routes pointed at agents. {@code record}: every
 * answered call is recorded (recording/), after {@code recordAnnouncement} (an Asterisk sound name, or null) is
 * played to the caller. {@code flow}: the route's TwiML flow instead of an agent (then {@code url} is null); its
 * {@code timeout} is null for the default. {@code overflowQueue}: the call queue callers over
 * {@code maxConcurrentCalls} wait in, or null (486).
 */
public record RouteSpec(String number, String description, String url, Protocol protocol, int sampleRate,
                        Map<String, String> parameters, Integer maxConcurrentCalls, String onAgentFailure,
                        boolean record, String recordAnnouncement, String mohClass, boolean holdEvents,
                        RouteFlow flow, String overflowQueue) {

    /** A route without an overflow queue. */
    public RouteSpec(String number, String description, String url, Protocol protocol, int sampleRate,
                     Map<String, String> parameters, Integer maxConcurrentCalls, String onAgentFailure,
                     boolean record, String recordAnnouncement, String mohClass, boolean holdEvents, RouteFlow flow) {
        this(number, description, url, protocol, sampleRate, parameters, maxConcurrentCalls, onAgentFailure, record,
                recordAnnouncement, mohClass, holdEvents, flow, null);
    }

    /** A route to an agent. */
    public RouteSpec(String number, String description, String url, Protocol protocol, int sampleRate,
                     Map<String, String> parameters, Integer maxConcurrentCalls, String onAgentFailure,
                     boolean record, String recordAnnouncement, String mohClass, boolean holdEvents) {
        this(number, description, url, protocol, sampleRate, parameters, maxConcurrentCalls, onAgentFailure, record,
                recordAnnouncement, mohClass, holdEvents, null);
    }

    /** A route that does not record its calls, with the default music on hold and no hold events. */
    public RouteSpec(String number, String description, String url, Protocol protocol, int sampleRate,
                     Map<String, String> parameters, Integer maxConcurrentCalls, String onAgentFailure) {
        this(number, description, url, protocol, sampleRate, parameters, maxConcurrentCalls, onAgentFailure, false, null,
                null, false);
    }

    public RouteSpec {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(onAgentFailure, "onAgentFailure");
        parameters = parameters == null ? Map.of() : parameters;
    }
}
