package io.callbridge.api.auth;

import io.callbridge.api.problem.Problems;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every request under {@code /api} needs {@code Authorization: Bearer <key>} (RFC 6750). Pre-matching, so
 * it runs before the path is resolved: an unknown {@code /api} path, a wrong method or a bad body is
 * answered 401 before anything about the API is revealed. Health, metrics, OpenAPI and non-API paths are
 * served outside {@code /api} and stay open.
 */
public class ApiKeyFilter {

    private static final String BEARER = "Bearer ";
    private static final String REALM = "Bearer realm=\"callbridge\"";

    private final ApiKeys keys;

    ApiKeyFilter(ApiKeys keys) {
        this.keys = keys;
    }

    @ServerRequestFilter(preMatching = true)
    public Response authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!isApi(path)) return null;
        String token = bearerToken(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (token != null) {
            var principal = keys.identify(token);
            if (principal.isPresent()) {
                request.setProperty(ApiPrincipal.PROPERTY, principal.get());
                return null;
            }
        }
        // RFC 6750 §3: no credentials gets the bare challenge; wrong ones say invalid_token.
        String challenge = token == null ? REALM : REALM + ", error=\"invalid_token\"";
        String detail = token == null ? "send Authorization: Bearer <API key>" : "the API key is not valid";
        return Problems.of(401, detail, request.getUriInfo().getRequestUri().getRawPath())
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .build();
    }

    static boolean isApi(String path) {
        return path != null && (path.equals("/api") || path.startsWith("/api/"));
    }

    /** The token of a Bearer credential; the scheme is case-insensitive (RFC 9110 §11.1). */
    static String bearerToken(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()) return null;
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) return null;
        String token = authorization.substring(BEARER.length()).strip();
        return token.isEmpty() ? null : token;
    }
}
