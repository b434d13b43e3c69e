package io.callbridge.api;

import io.callbridge.call.RouteSpec;
import io.callbridge.call.StoredRoute;
import java.time.OffsetDateTime;
import java.util.Map;

/** A route as the API shows it. */
public record RouteResponse(long id, String number, String description, String url, String protocol, int sampleRate,
                            Map<String, String> parameters, Integer maxConcurrentCalls, String onAgentFailure,
                            OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static RouteResponse of(StoredRoute stored) {
        RouteSpec s = stored.spec();
        return new RouteResponse(stored.id(), s.number(), s.description(), s.url(), s.protocol().code(), s.sampleRate(),
                s.parameters(), s.maxConcurrentCalls(), s.onAgentFailure(), stored.createdAt(), stored.updatedAt());
    }
}
