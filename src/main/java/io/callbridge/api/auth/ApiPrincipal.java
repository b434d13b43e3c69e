package io.callbridge.api.auth;

import io.callbridge.audit.Actor;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Who made an API request: the {@link Actor} of the key that opened it. Set on the request by
 * {@link ApiKeyFilter} (request property {@link #PROPERTY}) for whatever runs after authentication: rate
 * limits per key, the audit log's "who".
 */
public final class ApiPrincipal {

    public static final String PROPERTY = "callbridge.api.principal";

    private ApiPrincipal() {
    }

    /** The actor of an authenticated request; every request under {@code /api} has one. */
    public static Actor of(ContainerRequestContext request) {
        if (request.getProperty(PROPERTY) instanceof Actor actor) return actor;
        throw new IllegalStateException("no API principal on " + request.getUriInfo().getPath());
    }
}
