package io.callbridge.hold;

import io.callbridge.api.problem.ProblemException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/**
 * {@code POST /api/calls/{callSid}/hold} and {@code /resume}. Synchronous: the answer comes once Asterisk has
 * confirmed (docs/hold-and-moh.md). Thin: {@link CallHolds} does the work on the call's executor.
 */
@Path("/api/calls/{callSid}")
@Produces(MediaType.APPLICATION_JSON)
public class HoldResource {

    private final CallHolds holds;

    HoldResource(CallHolds holds) {
        this.holds = holds;
    }

    @POST
    @Path("hold")
    @Operation(summary = "Put a call on hold", description = "The caller hears the route's music on hold; no audio "
            + "goes between caller and agent until resumed (what the agent sends meanwhile is played after the "
            + "resume). Answers once Asterisk has confirmed; holding a held call changes nothing. 404 for an unknown "
            + "call, 409 when it is not answered, has no agent media, is being transferred or has ended, 502 when "
            + "Asterisk refused, 503 when the call did not take the request in time.")
    @APIResponse(responseCode = "200", description = "The call is on hold",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HoldResponse.class)))
    public HoldResponse hold(@RestPath String callSid) {
        return answer(callSid, holds.hold(callSid));
    }

    @POST
    @Path("resume")
    @Operation(summary = "Take a call off hold", description = "The music stops and audio flows both ways again from "
            + "the next 20 ms frame after Asterisk confirmed. A call the caller's phone holds stays held until the "
            + "caller resumes (held is then still true, heldBy caller). Resuming a call the API does not hold changes "
            + "nothing. 404, 409, 502 and 503 as for hold.")
    @APIResponse(responseCode = "200", description = "The API's hold has ended",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HoldResponse.class)))
    public HoldResponse resume(@RestPath String callSid) {
        return answer(callSid, holds.resume(callSid));
    }

    private static HoldResponse answer(String callSid, CallHolds.Outcome outcome) {
        return switch (outcome.result()) {
            case DONE -> HoldResponse.of(callSid, outcome);
            case NOT_FOUND -> throw new ProblemException(404, "no call " + callSid);
            case NOT_IN_PROGRESS -> throw new ProblemException(409, "call " + callSid + " is not in progress");
            case NOT_HOLDABLE -> throw new ProblemException(409, "call " + callSid + " cannot be held now: it is not "
                    + "answered yet, has no agent media, or is being transferred");
            case FAILED -> throw new ProblemException(502, outcome.detail());
            case BUSY -> throw new ProblemException(503, "call " + callSid + " did not take the request in time; "
                    + "nothing was done, try again");
        };
    }
}
