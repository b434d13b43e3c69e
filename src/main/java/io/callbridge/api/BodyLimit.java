package io.callbridge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callbridge.api.auth.ApiKeyFilter;
import io.callbridge.api.problem.Problems;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The request body limit ({@code quarkus.http.limits.max-body-size}), answered with 413 as an RFC 9457
 * problem like every other error. Quarkus enforces the limit itself, but with a bare 413 and no body: for a
 * Content-Length over it in a Vert.x route that runs before any code of the app, and for a body without one
 * (chunked) in the stream Quarkus REST reads, which writes that 413 before the exception it throws can reach
 * an exception mapper. So:
 * <ul>
 *   <li>a Content-Length over the limit is answered here, by a route just before Quarkus's own;</li>
 *   <li>a body without Content-Length to {@code /api} is counted by {@link BodyLimitInterceptor} as it is
 *       read, which throws {@link TooLarge} past the same limit; Quarkus's stream limit is lifted for it.</li>
 * </ul>
 * Either way the connection is closed after the answer rather than the rest of the body read.
 */
@ApplicationScoped
public class BodyLimit {

    private final long maxBytes;
    private final ObjectMapper json;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max, ObjectMapper json) {
        this.maxBytes = max.asLongValue();
        this.json = json;
    }

    /** A body read past the limit. */
    public static class TooLarge extends RuntimeException {
        TooLarge(String detail) {
            super(detail);
        }
    }

    long maxBytes() {
        return maxBytes;
    }

    String detail() {
        return "the request body must be at most " + maxBytes + " bytes";
    }

    void routes(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::checkLength);
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(this::countInApp);
    }

    private void checkLength(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && isOver(length)) {
            ctx.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(problem(ctx.request().path()))
                    .onComplete(done -> ctx.request().connection().close());
            return;
        }
        ctx.next();
    }

    private void countInApp(RoutingContext ctx) {
        if (ApiKeyFilter.isApi(ctx.normalizedPath()) && ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
            ctx.remove(VertxHttpRecorder.MAX_REQUEST_SIZE_KEY);
        }
        ctx.next();
    }

    /** A Content-Length that is not a number is left to Vert.x, which refuses it with 400. */
    private boolean isOver(String length) {
        try {
            return Long.parseLong(length.strip()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private String problem(String path) {
        try {
            return json.writeValueAsString(Problems.plain(413, detail(), path));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ServerExceptionMapper
    public Response tooLarge(TooLarge e, UriInfo uri) {
        return Problems.of(413, e.getMessage(), uri.getRequestUri().getRawPath())
                .header(HttpHeaders.CONNECTION.toString(), "close").build();
    }
}
