package io.callbridge.api;

import io.callbridge.api.problem.ProblemException;
import io.callbridge.call.CallControl;
import io.callbridge.call.PhoneNumbers;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Calls: those in progress on this instance, every call's CDR, and hanging up a live call. Thin:
 * {@link CallHistoryParams} checks the query, {@link CallControl} reads and acts. An unknown call id,
 * well-formed or not, is a 404: no call has it either way.
 */
@Path("/api/calls")
@Produces(MediaType.APPLICATION_JSON)
public class CallsResource {

    private final CallControl calls;
    private final PhoneNumbers numbers;

    CallsResource(CallControl calls, PhoneNumbers numbers) {
        this.calls = calls;
        this.numbers = numbers;
    }

    /** CDR history, newest first, one page at a time. */
    @GET
    public CallHistoryPage history(@BeanParam CallHistoryParams params, @Context UriInfo uri) {
        CallHistoryParams.Query query = params.validate(uri.getQueryParameters(), numbers::normalize);
        // One row more than the page: whether it exists decides nextCursor.
        return CallHistoryPage.of(calls.history(query.filter(), query.limit() + 1), query.limit());
    }

    @GET
    @Path("active")
    public ActiveCalls active() {
        return new ActiveCalls(calls.active().stream().map(ActiveCallResponse::of).toList());
    }

    @GET
    @Path("{callSid}")
    public CallResponse get(@RestPath String callSid) {
        return calls.record(callSid).map(CallResponse::of).orElseThrow(() -> noCall(callSid));
    }

    /** 202: the hangup runs on the call's own executor; GET the call to see it ended. */
    @POST
    @Path("{callSid}/hangup")
    public Response hangup(@RestPath String callSid) {
        return switch (calls.hangup(callSid)) {
            case REQUESTED -> Response.accepted().build();
            case ALREADY_ENDED -> throw new ProblemException(409, "call " + callSid + " is not in progress");
            case NOT_FOUND -> throw noCall(callSid);
        };
    }

    private static ProblemException noCall(String callSid) {
        return new ProblemException(404, "no call " + callSid);
    }
}
