package io.callbridge.api.auth;

import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Who made an API request: the key that opened it. Set on the request by {@link ApiKeyFilter} (request
 * property {@link #PROPERTY}) for whatever runs after authentication: rate limits per key, the audit log's
 * "who".
 *
 * @param keyId a stable, non-secret id of the key (never the key itself)
 * @param name  a human name of the key, for logs and the audit log
 */
public record ApiPrincipal(String keyId, String name) {

    public static final String PROPERTY = "callbridge.api.principal";

    /** The principal of an authenticated request; every request under {@code /api} has one. */
    public static ApiPrincipal of(ContainerRequestContext request) {
        if (request.getProperty(PROPERTY) instanceof ApiPrincipal principal) return principal;
        throw new IllegalStateException("no API principal on " + request.getUriInfo().getPath());
    }
}
