package io.callbridge.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * The body of {@code POST /api/routes} and {@code PUT /api/routes/{id}}; {@link RouteValidator} checks it
 * and applies the defaults. The read-only fields of {@link RouteResponse} are ignored, so a route fetched
 * with GET can be edited and PUT back as it is; any other unknown property is a 400.
 */
@JsonIgnoreProperties({"id", "createdAt", "updatedAt"})
public record RouteRequest(String number, String description, String url, String protocol, Integer sampleRate,
                           Map<String, String> parameters, Integer maxConcurrentCalls, String onAgentFailure) {
}
