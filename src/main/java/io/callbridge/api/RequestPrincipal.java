package io.callbridge.api;

import io.callbridge.api.auth.ApiPrincipal;
import io.callbridge.audit.Actor;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.container.ContainerRequestContext;

/** Who is making the current API request: the principal ApiKeyFilter put on it, for the audit log. */
@RequestScoped
class RequestPrincipal {

    private final ContainerRequestContext request;

    RequestPrincipal(ContainerRequestContext request) {
        this.request = request;
    }

    /** ApiKeyFilter answers 401 before any resource runs, so every /api request has one. */
    Actor get() {
        return ApiPrincipal.of(request);
    }
}
