package io.callbridge.call;

/**
 * A CDI event fired by {@link RouteService} inside the transaction that changes route {@code id}; observed
 * once it commits. {@code route} is the route as stored, null when it was deleted.
 */
record RouteChanged(long id, AgentRoute route) {
}
