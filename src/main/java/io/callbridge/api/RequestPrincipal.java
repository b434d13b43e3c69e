package io.callbridge.api;

import io.callbridge.api.auth.ApiPrincipal;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.container.ContainerRequestContext;

/** Who is making the current API request: the principal ApiKeyFilter put on it, for the audit log. */
@RequestScoped
class RequestPrincipal {

    private final ContainerRequestContext request;

    RequestPrincipal(ContainerRequestContext request) {
        this.request = request;
    }

    ApiPrincipal get() {
        if (request.getProperty(ApiPrincipal.PROPERTY) instanceof ApiPrincipal principal) return principal;
        // ApiKeyFilter answers 401 before any resource runs; reaching this is a bug, not a client error.
        throw new IllegalStateException("an /api request without a principal");
    }
}
