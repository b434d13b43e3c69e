package io.callbridge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callbridge.api.auth.ApiKeyFilter;
import io.callbridge.api.problem.Problems;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;
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
 * Either way the connection is closed after the answer. A body announced too large is read and thrown away
 * first, up to a bound ({@link #drainThenClose}), so a client that sends it whole before reading gets the
 * answer rather than a reset connection.
 */
@ApplicationScoped
public class BodyLimit {

    /** The most of a refused body read before the connection is closed anyway: 16 MiB. */
    static final long DRAIN_BYTES = 16L * 1024 * 1024;
    /** The longest a client may take to send the rest of a refused body. */
    static final long DRAIN_MILLIS = 10_000;

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
            HttpServerRequest request = ctx.request();
            ctx.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(problem(request.path()))
                    .onComplete(done -> drainThenClose(ctx, request));
            return;
        }
        ctx.next();
    }

    /**
     * Reads and discards what the client still sends of the body, up to {@link #DRAIN_BYTES} and for at most
     * {@link #DRAIN_MILLIS}, then closes the connection. Closing at once would reset it while a client that
     * writes its whole body before reading (most do, unless they send {@code Expect: 100-continue}) is still
     * writing, and the reset destroys the 413 before the client reads it (RFC 9112 §9.6: close in stages).
     */
    private void drainThenClose(RoutingContext ctx, HttpServerRequest request) {
        HttpConnection connection = request.connection();
        if (request.isEnded()) {
            connection.close();
            return;
        }
        long timer = ctx.vertx().setTimer(DRAIN_MILLIS, id -> connection.close());
        AtomicLong drained = new AtomicLong();
        request.handler(chunk -> {
            if (drained.addAndGet(chunk.length()) > DRAIN_BYTES) {
                ctx.vertx().cancelTimer(timer);
                connection.close();
            }
        });
        request.exceptionHandler(e -> {
            ctx.vertx().cancelTimer(timer);
            connection.close();
        });
        request.endHandler(end -> {
            ctx.vertx().cancelTimer(timer);
            connection.close();
        });
        request.resume();
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
        return answer(e, uri.getRequestUri().getRawPath());
    }

    /** The 413 for a body read past the limit, also where Jackson wrapped the exception ({@code ProblemMappers}). */
    public static Response answer(TooLarge e, String path) {
        return Problems.of(413, e.getMessage(), path).header(HttpHeaders.CONNECTION.toString(), "close").build();
    }
}
