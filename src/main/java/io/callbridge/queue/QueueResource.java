package io.callbridge.queue;

import io.callbridge.api.DequeueRequest;
import io.callbridge.api.StrictJson;
import io.callbridge.api.problem.FieldError;
import io.callbridge.api.problem.InvalidRequestException;
import io.callbridge.api.problem.ProblemException;
import io.callbridge.call.AgentRoute;
import io.callbridge.call.CallControl;
import io.callbridge.call.CallRouting;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/**
 * {@code GET /api/queues}, {@code GET /api/queues/{name}} and {@code POST /api/queues/{name}/dequeue}: this
 * instance's call queues (docs/flows.md, "Queues"). Thin: {@link CallQueues} keeps the queues; the hand-off of a
 * dequeued caller is a transfer or a redirect of its call ({@link CallControl}).
 */
@Path("/api/queues")
@Produces(MediaType.APPLICATION_JSON)
public class QueueResource {

    private final CallQueues queues;
    private final CallControl calls;
    private final CallRouting routes;

    QueueResource(CallQueues queues, CallControl calls, CallRouting routes) {
        this.queues = queues;
        this.calls = calls;
        this.routes = routes;
    }

    @GET
    @Operation(summary = "List queues", description = "Every queue a caller has joined on this instance since it "
            + "started, by name, with its callers in order and its figures.")
    public List<QueueView> list() {
        return queues.list();
    }

    @GET
    @Path("{name}")
    @Operation(summary = "Show a queue", description = "Its callers in order (position from 1, waitTime in seconds), "
            + "current size, average wait of the callers dequeued so far, longest wait and abandoned count. 404 when "
            + "no caller has joined it on this instance.")
    @APIResponse(responseCode = "200", description = "The queue",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = QueueView.class)))
    public QueueView show(@RestPath String name) {
        return queues.view(name).orElseThrow(() -> new ProblemException(404, "no queue " + name));
    }

    @POST
    @Path("{name}/dequeue")
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "Dequeue a caller", description = "Takes the front caller (or callSid) out of the queue and "
            + "hands it to a number or SIP URI (a transfer: its outcome comes as the call.transferred webhook), to the "
            + "agent of a route (route: its number), or to TwiML (as POST /api/calls/{callSid}). 404 when the queue or "
            + "that caller in it is not there or the queue is empty; 400 when route names no route with an agent; 409 "
            + "when the call could not be handed on (it ended meanwhile); 503 when it did not take the "
            + "request in time.")
    @APIResponse(responseCode = "202", description = "The caller left the queue and is being handed on",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CallQueues.Dequeued.class)))
    public Response dequeue(@RestPath String name, DequeueRequest body) {
        List<FieldError> errors = body == null ? List.of(new FieldError("to", "is required")) : body.fieldErrors();
        if (!errors.isEmpty()) throw InvalidRequestException.of("field", errors);
        AgentRoute agent = body.route() == null ? null : agentRoute(body.route());
        String target = body.to() != null ? body.to() : body.route() != null ? "route:" + body.route()
                : body.url() != null ? body.url() : "twiml";
        CallQueues.Dequeued taken = queues.dequeue(name, body.callSid(), target).orElseThrow(() -> new ProblemException(404,
                body.callSid() == null ? "no caller waits in queue " + name : "call " + body.callSid() + " is not in queue " + name));
        String problem = handOn(taken.callSid(), body, agent);
        if (problem != null) throw new ProblemException(problem.startsWith("did not") ? 503 : 409,
                "call " + taken.callSid() + " left queue " + name + " but " + problem);
        return Response.accepted(taken).build();
    }

    /** Runs after the call's own exit from the queue (same executor, later task); null when handed on. */
    private String handOn(String callSid, DequeueRequest body, AgentRoute agent) {
        if (agent != null) {
            return switch (calls.connectAgent(callSid, agent)) {
                case REQUESTED -> null;
                case NOT_MOVABLE -> "cannot be connected to an agent now";
                case ALREADY_ENDED, NOT_FOUND -> "has ended";
            };
        }
        if (body.to() != null) {
            return switch (calls.transfer(callSid, body.to())) {
                case REQUESTED -> null;
                case BUSY -> "did not take the transfer in time";
                case NOT_TRANSFERABLE -> "cannot be transferred now";
                case ALREADY_ENDED, NOT_FOUND -> "has ended";
            };
        }
        return switch (calls.redirect(callSid, body.twiml(), body.url(), body.url() == null ? null : body.methodOrDefault())) {
            case REQUESTED -> null;
            case NOT_MOVABLE -> "cannot take new TwiML now";
            case ALREADY_ENDED, NOT_FOUND -> "has ended";
        };
    }

    /** The route with an agent whose number is exactly {@code number}; checked before anyone leaves the queue. */
    private AgentRoute agentRoute(String number) {
        AgentRoute route = routes.byNumber(number).orElse(null);
        if (route == null || route.url() == null || route.flow() != null) {
            throw InvalidRequestException.of("field",
                    List.of(new FieldError("route", "no route with an agent has number " + number)));
        }
        return route;
    }
}
