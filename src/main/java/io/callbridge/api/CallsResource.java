package io.callbridge.api;

import io.callbridge.api.problem.FieldError;
import io.callbridge.api.problem.InvalidRequestException;
import io.callbridge.api.problem.ProblemException;
import io.callbridge.call.CallControl;
import io.callbridge.call.CallRouting;
import io.callbridge.call.CallSession;
import io.callbridge.call.TrunkAttempts;
import io.callbridge.call.OutboundFlow;
import io.callbridge.call.PhoneNumbers;
import io.callbridge.recording.Recorder;
import io.callbridge.trunk.Trunks;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Calls: those in progress (on every live instance), every call's CDR, and hanging up a live call. Thin:
 * {@link CallHistoryParams} checks the query, {@link CallControl} reads and acts. An unknown call id,
 * well-formed or not, is a 404: no call has it either way.
 */
@Path("/api/calls")
@Produces(MediaType.APPLICATION_JSON)
public class CallsResource {

    private final CallControl calls;
    private final PhoneNumbers numbers;
    private final OutboundFlow outbound;
    private final CallRouting routing;

    private final Recorder recorder;
    private final TrunkAttempts trunkAttempts;
    private final AllActiveCalls active;
    private final Trunks trunks;

    CallsResource(CallControl calls, PhoneNumbers numbers, OutboundFlow outbound, CallRouting routing,
                  Recorder recorder, TrunkAttempts trunkAttempts, AllActiveCalls active,
                  Trunks trunks) {
        this.active = active;
        this.trunks = trunks;
        this.recorder = recorder;
        this.trunkAttempts = trunkAttempts;
        this.calls = calls;
        this.numbers = numbers;
        this.outbound = outbound;
        this.routing = routing;
    }

    /**
     * Places an outbound call. 201 at once with the call id; the call's progress is in its CDR, the webhooks
     * and its status callback. 503 while draining or without the database, 409 when the route is at its
     * call limit.
     */
    @POST
    @Path("initiate")
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "Place an outbound call", description = "Dials to as from, then bridges the answered call "
            + "to the route's or the given agent. Answers at once; progress comes in the CDR, the webhooks and the "
            + "status callback. 400 naming the field when one is invalid (a route or trunk that does not exist, a disabled trunk), "
            + "409 when the route is at its call limit, 503 while draining or without the database.")
    @APIResponse(responseCode = "201", description = "The call, placed",
            headers = @Header(name = "Location", description = "The call's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ActiveCallResponse.class)))
    public Response initiate(InitiateRequest body, @Context UriInfo uri) {
        OutboundFlow.Request request = InitiateValidator.validate(body, routing::byNumber, trunks::findByIdOrName);
        CallSession call;
        try {
            call = outbound.initiate(request);
        } catch (OutboundFlow.Refused e) {
            throw new ProblemException(e.unavailable ? 503 : 409, e.getMessage());
        }
        if (Boolean.TRUE.equals(body.record())) recorder.recordOnAnswer(call.callSid(), body.recordingStatusCallback());
        return Response.created(uri.getBaseUriBuilder().path("api/calls").path(call.callSid()).build())
                .entity(active.here(call)).build();
    }

    /** CDR history, newest first, one page at a time. */
    @GET
    @Operation(summary = "Call history", description = "CDRs, newest first, one page at a time, filtered by the "
            + "parameters given.")
    public CallHistoryPage history(@BeanParam CallHistoryParams params, @Context UriInfo uri) {
        CallHistoryParams.Query query = params.validate(uri.getQueryParameters(), numbers::normalize);
        // One row more than the page: whether it exists decides nextCursor.
        return CallHistoryPage.of(calls.history(query.filter(), query.limit() + 1), query.limit());
    }

    @GET
    @Path("active")
    @Operation(summary = "Calls in progress on every live instance", description = "Newest first; each names the "
            + "instance that owns it. partial is true when only the answering instance's calls could be listed.")
    public ActiveCalls active() {
        return active.list();
    }

    @GET
    @Path("{callSid}")
    @Operation(summary = "Read a call's CDR", description = "With the gateways its outbound legs were sent to "
            + "through carrier trunks (trunkAttempts). 404 for an unknown call id.")
    public CallResponse get(@RestPath String callSid) {
        return calls.record(callSid).map(r -> CallResponse.of(r, trunkAttempts.of(callSid)))
                .orElseThrow(() -> noCall(callSid));
    }

    /** 202: the hangup runs on the call's own executor; GET the call to see it ended. */
    @POST
    @Path("{callSid}/hangup")
    @Operation(summary = "Hang up a call", description = "Hangs up an answered call or cancels a ringing outbound "
            + "one. 404 for an unknown call, 409 when it has ended.")
    @APIResponse(responseCode = "202", description = "The hangup is under way; GET the call to see it ended")
    public Response hangup(@RestPath String callSid) {
        return switch (calls.hangup(callSid)) {
            case REQUESTED -> Response.accepted().build();
            case ALREADY_ENDED -> throw new ProblemException(409, "call " + callSid + " is not in progress");
            case NOT_FOUND -> throw noCall(callSid);
        };
    }

    /**
     * 202: Twilio's "modify a live call": new TwiML ({@code twiml}, or {@code url} + {@code method}) replaces what
     * the call does, in a flow or with an agent; {@code status=completed} hangs it up.
     */
    @POST
    @Path("{callSid}")
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "Modify a live call", description = "Moves the call to new TwiML (twiml, or url + method), "
            + "stopping its running verb or its agent's stream; status completed hangs it up (docs/flows.md). 404 for "
            + "an unknown call, 409 when it has ended, is being transferred, or is an outbound call still ringing "
            + "(status canceled cancels that one).")
    @APIResponse(responseCode = "202", description = "The change is under way")
    public Response update(@RestPath String callSid, UpdateCallRequest body) {
        List<FieldError> errors = body == null ? List.of(new FieldError("twiml", "a body is required")) : body.fieldErrors();
        if (!errors.isEmpty()) throw InvalidRequestException.of("field", errors);
        if (body.status() != null) return hangup(callSid);
        return switch (calls.redirect(callSid, body.twiml(), body.url(), body.url() == null ? null : body.methodOrDefault())) {
            case REQUESTED -> Response.accepted().build();
            case NOT_MOVABLE -> throw new ProblemException(409, "call " + callSid
                    + " cannot take new TwiML now: it is being transferred, or is an outbound call still ringing");
            case ALREADY_ENDED -> throw new ProblemException(409, "call " + callSid + " is not in progress");
            case NOT_FOUND -> throw noCall(callSid);
        };
    }

    /** 202: the transfer runs on the call's executor; its outcome comes as the {@code call.transferred} webhook. */
    @POST
    @Path("{callSid}/transfer")
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "Transfer a call", description = "A blind transfer of an answered call (the outcome comes "
            + "as the call.transferred webhook), or with mode warm a warm one: the caller hears music on hold while "
            + "the target talks with the agent, then transfer/complete or transfer/cancel (each step comes as a "
            + "transfer.* webhook). 404 for an unknown call, 409 when it is not answered, is being transferred or has "
            + "ended (and, for warm, when it is on hold, dialling or has no agent), 503 when the call did not take the "
            + "request in time.")
    @APIResponse(responseCode = "202", description = "The transfer is under way")
    public Response transfer(@RestPath String callSid, TransferRequest body) {
        List<FieldError> errors = body == null ? List.of(new FieldError("to", "is required")) : body.fieldErrors();
        if (!errors.isEmpty()) throw InvalidRequestException.of("field", errors);
        return switch (calls.transfer(callSid, body.to(), body.warm())) {
            case REQUESTED -> Response.accepted().build();
            case NOT_TRANSFERABLE -> throw new ProblemException(409,
                    "call " + callSid + " cannot be transferred now: it is not answered yet, or already being transferred");
            case ALREADY_ENDED -> throw new ProblemException(409, "call " + callSid + " is not in progress");
            case BUSY -> throw new ProblemException(503, "call " + callSid + " did not take the transfer in time; "
                    + "nothing was done, try again");
            case NOT_FOUND -> throw noCall(callSid);
        };
    }

    /** 204: the caller has joined the warm transfer's target; the agent's stream has stopped. */
    @POST
    @Path("{callSid}/transfer/complete")
    @Operation(summary = "Complete a warm transfer", description = "The caller joins the target, who has been "
            + "talking with the agent; the agent's stream stops. 404 for an unknown call, 409 when the call has no "
            + "warm transfer under way, its target has not answered yet, or the call has ended; 502 when Asterisk "
            + "could not join the caller (the call then ends); 503 when the call did not take the request in time.")
    @APIResponse(responseCode = "204", description = "The caller talks with the target")
    public Response completeTransfer(@RestPath String callSid) {
        return warmStep(callSid, calls.completeTransfer(callSid));
    }

    /** 204: the warm transfer's target is hung up and the caller is back with the agent. */
    @POST
    @Path("{callSid}/transfer/cancel")
    @Operation(summary = "Cancel a warm transfer", description = "The target is hung up (or stops ringing) and the "
            + "caller is back with the agent. 404 for an unknown call, 409 when the call has no warm transfer under "
            + "way or has ended, 503 when the call did not take the request in time.")
    @APIResponse(responseCode = "204", description = "The caller talks with the agent again")
    public Response cancelTransfer(@RestPath String callSid) {
        return warmStep(callSid, calls.cancelTransfer(callSid));
    }

    private static Response warmStep(String callSid, CallControl.WarmStep step) {
        return switch (step) {
            case DONE -> Response.noContent().build();
            case NO_TRANSFER -> throw new ProblemException(409, "call " + callSid + " has no warm transfer under way");
            case NOT_ANSWERED -> throw new ProblemException(409, "the target of call " + callSid
                    + "'s warm transfer has not answered yet");
            case ALREADY_ENDED -> throw new ProblemException(409, "call " + callSid + " is not in progress");
            case FAILED -> throw new ProblemException(502, "Asterisk could not join the caller of call " + callSid
                    + " to the target; the call has ended");
            case BUSY -> throw new ProblemException(503, "call " + callSid + " did not take the request in time; "
                    + "nothing was done, try again");
            case NOT_FOUND -> throw noCall(callSid);
        };
    }

    private static ProblemException noCall(String callSid) {
        return new ProblemException(404, "no call " + callSid);
    }
}
