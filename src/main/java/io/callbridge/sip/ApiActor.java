package io.callbridge.sip;

import io.callbridge.api.auth.ApiPrincipal;
import io.callbridge.audit.Actor;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.container.ContainerRequestContext;

/** Who is making the current API request (the key ApiKeyFilter authenticated), for the audit log. */
@RequestScoped
class ApiActor {

    private final ContainerRequestContext request;

    ApiActor(ContainerRequestContext request) {
        this.request = request;
    }

    Actor get() {
        return ApiPrincipal.of(request);
    }
}
