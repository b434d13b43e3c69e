package io.callbridge.api.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Answers a {@link ProblemException} with its status and detail (more specific than ProblemMappers' catch-all). */
public class ProblemExceptionMapper {

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return Problems.of(e.status(), e.getMessage(), uri == null ? null : uri.getRequestUri().getRawPath()).build();
    }
}
