package io.callbridge.node;

import io.callbridge.api.problem.Problems;
import io.callbridge.ari.Ownership;
import io.callbridge.call.CallRegistry;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every instance serves the whole REST API: a request about a live call (an action under
 * {@code /api/calls/{callSid}}: hangup, update, transfer, hold, recordings, streams …, or a read of its live parts
 * such as its stream forks) that reaches an instance
 * which does not hold the call is forwarded over HTTP to the live instance that owns it ({@link InstanceAddresses}),
 * with the same method, path, query, body and credentials, and its answer is given back as it is. The CDR needs no
 * forwarding: it is in the shared database. A forwarded request carries {@value #FORWARDED_BY} and is
 * never forwarded again, so two instances that disagree about an owner cannot bounce a request between them.
 * Runs after authentication (a pre-matching filter) on the request's worker thread.
 */
public class CallForwarding {

    /** Set on a forwarded request to the instance id that forwarded it; on the answer, the owner's id. */
    public static final String FORWARDED_BY = "X-Callbridge-Forwarded-By";
    public static final String ANSWERED_BY = "X-Callbridge-Instance";

    static final Pattern CALL_PATH = Pattern.compile("^/api/calls/([^/]+)(/.*)?$");
    private static final Set<String> READS = Set.of("GET", "HEAD");
    /** Paths under /api/calls/ whose first segment is no call id. */
    private static final Set<String> NOT_CALLS = Set.of("initiate", "active");
    private static final List<String> COPIED_HEADERS = List.of("Authorization", "Content-Type", "Accept", "Idempotency-Key");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(CallForwarding.class);

    private final CallRegistry registry;
    private final InstanceAddresses addresses;
    private final Ownership ownership;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    CallForwarding(CallRegistry registry, InstanceAddresses addresses, Ownership ownership) {
        this.registry = registry;
        this.addresses = addresses;
        this.ownership = ownership;
    }

    @ServerRequestFilter
    public Optional<Response> forward(ContainerRequestContext request) {
        if (request.getHeaderString(FORWARDED_BY) != null) return Optional.empty();
        URI uri = request.getUriInfo().getRequestUri();
        String callSid = callSid(uri.getRawPath(), READS.contains(request.getMethod()));
        if (callSid == null || registry.byCallSid(callSid).filter(c -> !c.isClosed()).isPresent()) return Optional.empty();
        Optional<InstanceAddresses.Owner> owner;
        try {
            owner = addresses.ownerOf(callSid);
        } catch (SQLException e) {
            LOG.warnf("could not look up the owner of %s (answering here): %s", callSid, e.getMessage());
            return Optional.empty();
        }
        return owner.map(o -> relay(request, uri, o));
    }

    /**
     * The call id of a path that may need the owner, or null: any action under {@code /api/calls/{callSid}}, and
     * reads of a call's live parts ({@code …/streams}); the CDR itself ({@code GET /api/calls/{callSid}}) is read
     * from the database by any instance.
     */
    static String callSid(String path, boolean read) {
        Matcher m = CALL_PATH.matcher(path);
        if (!m.matches() || NOT_CALLS.contains(m.group(1))) return null;
        if (read && (m.group(2) == null || m.group(2).equals("/"))) return null;
        return m.group(1);
    }

    private Response relay(ContainerRequestContext request, URI uri, InstanceAddresses.Owner owner) {
        String target = owner.address() + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        try {
            byte[] body = request.hasEntity() ? request.getEntityStream().readAllBytes() : new byte[0];
            HttpRequest.Builder out = HttpRequest.newBuilder(URI.create(target)).timeout(TIMEOUT)
                    .method(request.getMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body))
                    .header(FORWARDED_BY, ownership.instanceId());
            for (String name : COPIED_HEADERS) {
                String value = request.getHeaderString(name);
                if (value != null) out.header(name, value);
            }
            HttpResponse<byte[]> answer = http.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
            LOG.debugf("%s %s forwarded to its owner %s: %d", request.getMethod(), uri.getRawPath(), owner.instanceId(),
                    answer.statusCode());
            Response.ResponseBuilder response = Response.status(answer.statusCode()).header(ANSWERED_BY, owner.instanceId());
            answer.headers().firstValue("Content-Type").ifPresent(t -> response.header("Content-Type", t));
            answer.headers().firstValue("Location").ifPresent(l -> response.header("Location", l));
            if (answer.body().length > 0) response.entity(answer.body());
            return response.build();
        } catch (IOException e) {
            return Problems.of(503, "the call is owned by instance " + owner.instanceId() + ", which could not be reached: "
                    + e.getMessage(), uri.getRawPath()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Problems.of(503, "interrupted while forwarding to instance " + owner.instanceId(), uri.getRawPath()).build();
        }
    }
}
