package io.callbridge.call;

import java.time.OffsetDateTime;

/** A route as stored: its id, what it says and when it was written. */
public record StoredRoute(long id, RouteSpec spec, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
