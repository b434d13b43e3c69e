package io.callbridge.api.auth;

import io.callbridge.api.problem.Problems;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Duration;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every request under {@code /api} needs {@code Authorization: Bearer <key>} (RFC 6750). Pre-matching, so
 * it runs before the path is resolved: an unknown {@code /api} path, a wrong method or a bad body is
 * answered 401 before anything about the API is revealed. Health, metrics, OpenAPI and non-API paths are
 * served outside {@code /api} and stay open. Once the key is known, its rate limit applies (429): only an
 * authenticated request counts, so a stranger cannot use up a key's requests. The limit is counted in the database
 * ({@link SharedRateLimiter}, blocking), so that step runs on a worker thread and never on the I/O thread; a
 * database that does not answer within {@link #SHARED_LIMIT_WAIT} is given up for the request, which is then
 * counted on this instance alone.
 */
public class ApiKeyFilter {

    private static final String BEARER = "Bearer ";
    private static final String REALM = "Bearer realm=\"callbridge\"";

    /** The longest a request waits for the shared count; a connect to a dead database takes far longer. */
    static final Duration SHARED_LIMIT_WAIT = Duration.ofMillis(500);

    private final ApiKeys keys;
    private final SharedRateLimiter limiter;
    private final RateLimits limits;

    ApiKeyFilter(ApiKeys keys, SharedRateLimiter limiter, RateLimits limits) {
        this.keys = keys;
        this.limiter = limiter;
        this.limits = limits;
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!isApi(path)) return Uni.createFrom().nullItem();
        String token = bearerToken(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (token != null) {
            var principal = keys.identify(token);
            if (principal.isPresent()) {
                request.setProperty(ApiPrincipal.PROPERTY, principal.get());
                String keyId = principal.get().keyId();
                long asked = System.nanoTime();
                return Uni.createFrom().item(() -> limiter.acquire(keyId))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .ifNoItem().after(SHARED_LIMIT_WAIT)
                        .recoverWithItem(() -> limiter.failOpen(keyId, asked, new IllegalStateException(
                                "no answer within " + SHARED_LIMIT_WAIT.toMillis() + " ms")))
                        .onFailure().recoverWithItem(e -> limiter.failOpen(keyId, asked, e))
                        .map(wait -> wait == 0 ? null : tooManyRequests(request, wait));
            }
        }
        // RFC 6750 §3: no credentials gets the bare challenge; wrong ones say invalid_token.
        String challenge = token == null ? REALM : REALM + ", error=\"invalid_token\"";
        String detail = token == null ? "send Authorization: Bearer <API key>" : "the API key is not valid";
        return Uni.createFrom().item(Problems.of(401, detail, request.getUriInfo().getRequestUri().getRawPath())
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .build());
    }

    /** RFC 6585 §4, with the wait until the key's next token as {@code Retry-After}. */
    private Response tooManyRequests(ContainerRequestContext request, long waitNanos) {
        long seconds = RateLimiter.retryAfterSeconds(waitNanos);
        RateLimits.Limit limit = limits.current();
        String detail = "rate limit exceeded (" + BigDecimal.valueOf(limit.perSecond()).stripTrailingZeros().toPlainString()
                + " requests per second, burst " + limit.burst() + "); retry after " + seconds + " s";
        return Problems.of(429, detail, request.getUriInfo().getRequestUri().getRawPath())
                .header(HttpHeaders.RETRY_AFTER, seconds)
                .build();
    }

    public static boolean isApi(String path) {
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
