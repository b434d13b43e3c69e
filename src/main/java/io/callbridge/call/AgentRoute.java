package io.callbridge.call;

import io.callbridge.stream.Protocol;
import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * What handles a dialed number: the AI agent's WebSocket and how to speak to it.
 *
 * @param number             the route's pattern: exact number, prefix ({@code +4930*}) or {@code *}
 * @param sampleRate         8000 for twilio; 8000, 16000 or 24000 for raw
 * @param maxConcurrentCalls null for no limit; beyond it calls are rejected with 486, or wait in overflowQueue
 * @param onAgentFailure     {@code hangup}, or a number / SIP URI to forward the caller to
 * @param mohClass           the music-on-hold class callers hear while held; null for {@code default}
 * @param holdEvents         whether the agent gets {@code hold}/{@code resume} events on its stream
 * @param record             whether every answered call of the route is recorded (recording/)
 * @param recordAnnouncement an Asterisk sound played to the caller as that recording starts, before the agent is heard, or null
 * @param flow               the route's TwiML flow (stored or from a voice URL) instead of an agent; null for an agent
 * @param overflowQueue      the call queue callers over maxConcurrentCalls wait in until a line frees (queue/);
 *                           null: they are refused with 486
 */
public record AgentRoute(long id, String number, URI url, Protocol protocol, int sampleRate,
                         Map<String, String> parameters, Integer maxConcurrentCalls, String onAgentFailure,
                         String mohClass, boolean holdEvents, boolean record, String recordAnnouncement,
                         RouteFlow flow, String overflowQueue) {

    /** A route without an overflow queue. */
    public AgentRoute(long id, String number, URI url, Protocol protocol, int sampleRate,
                      Map<String, String> parameters, Integer maxConcurrentCalls, String onAgentFailure,
                      String mohClass, boolean holdEvents, boolean record, String recordAnnouncement, RouteFlow flow) {
        this(id, number, url, protocol, sampleRate, parameters, maxConcurrentCalls, onAgentFailure, mohClass,
                holdEvents, record, recordAnnouncement, flow, null);
    }

    /** A route to an agent (no TwiML flow). */
    public AgentRoute(long id, String number, URI url, Protocol protocol, int sampleRate,
                      Map<String, String> parameters, Integer maxConcurrentCalls, String onAgentFailure,
                      String mohClass, boolean holdEvents, boolean record, String recordAnnouncement) {
        this(id, number, url, protocol, sampleRate, parameters, maxConcurrentCalls, onAgentFailure, mohClass,
                holdEvents, record, recordAnnouncement, null);
    }

    /** A route with the default music on hold, no hold events, not recorded. */
    public AgentRoute(long id, String number, URI url, Protocol protocol, int sampleRate,
                      Map<String, String> parameters, Integer maxConcurrentCalls, String onAgentFailure) {
        this(id, number, url, protocol, sampleRate, parameters, maxConcurrentCalls, onAgentFailure, null, false, false,
                null);
    }

    public static final String HANGUP = "hangup";

    /**
     * The stream parameters Callbridge sets on every call ({@code AgentBridging.streamStart}: the caller, the
     * dialed number and the call's direction). A route or an outbound call's agent cannot set them: the
     * agent would get Callbridge's values instead.
     */
    public static final Set<String> RESERVED_PARAMETERS = Set.of("from", "to", "direction", "resumed");
}
