package io.callbridge.call;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callbridge.stream.Protocol;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A call's agent as the CDR keeps it (column {@code agent_spec}): the {@link AgentRoute} a call was routed
 * to, so that an app restarted mid-call reopens the stream to the same agent with the same parameters and
 * failure policy, whatever happened to the route since. JSON:
 * {@code {"routeId":1,"number":"1000","url":"ws://…","protocol":"twilio","sampleRate":8000,
 * "parameters":{…},"maxConcurrentCalls":null,"onAgentFailure":"hangup","mohClass":null,"holdEvents":false}}.
 */
final class AgentSpec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AgentSpec() {
    }

    static String toJson(AgentRoute route) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("routeId", route.id());
        m.put("number", route.number());
        m.put("url", route.url() == null ? null : route.url().toString());
        m.put("protocol", route.protocol().code());
        m.put("sampleRate", route.sampleRate());
        m.put("parameters", route.parameters());
        m.put("maxConcurrentCalls", route.maxConcurrentCalls());
        m.put("onAgentFailure", route.onAgentFailure());
        m.put("mohClass", route.mohClass());
        m.put("holdEvents", route.holdEvents());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("agent of route " + route.number() + " is not serializable", e);
        }
    }

    /** The route written by {@link #toJson}; IllegalArgumentException when {@code json} is not one. */
    static AgentRoute fromJson(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            Map<String, String> parameters = new LinkedHashMap<>();
            n.path("parameters").fields().forEachRemaining(e -> parameters.put(e.getKey(), e.getValue().asText()));
            JsonNode url = n.get("url");
            JsonNode limit = n.get("maxConcurrentCalls");
            return new AgentRoute(n.path("routeId").asLong(), n.path("number").isNull() ? null : n.path("number").asText(null),
                    url == null || url.isNull() ? null : URI.create(url.asText()),
                    Protocol.fromCode(n.path("protocol").asText("twilio")), n.path("sampleRate").asInt(8000),
                    Map.copyOf(parameters), limit == null || limit.isNull() ? null : limit.asInt(),
                    n.path("onAgentFailure").asText(AgentRoute.HANGUP),
                    n.path("mohClass").isTextual() ? n.path("mohClass").asText() : null, n.path("holdEvents").asBoolean(false),
                    false, null);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable agent_spec: " + e.getMessage(), e);
        }
    }
}
