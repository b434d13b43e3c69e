package io.callbridge.sms;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.InetAddress;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;

/**
 * Where Kamailio hands an inbound MESSAGE while it holds the transaction (kamailio/sms.cfg): the body as it
 * came, the SIP details as query parameters. Answers 200 with one line, the SIP status Kamailio replies with
 * ({@code 202 Accepted} once stored). Loopback only (403 otherwise); outside {@code /api}, so no API key, and
 * left out of the OpenAPI document: it is Kamailio's, not a client's.
 */
@Path("/internal/sms/inbound")
public class SmsInboundResource {

    private static final Logger LOG = Logger.getLogger(SmsInboundResource.class);

    private final SmsIntake intake;

    SmsInboundResource(SmsIntake intake) {
        this.intake = intake;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(hidden = true)
    public Response receive(@Context HttpServerRequest request, @QueryParam("from") String from,
                            @QueryParam("to") String to, @QueryParam("contentType") String contentType,
                            @QueryParam("length") @Schema(type = SchemaType.INTEGER) String length,
                            @QueryParam("source") String source, @QueryParam("callId") String callId,
                            @QueryParam("trunk") @Schema(type = SchemaType.INTEGER) String trunk, byte[] body) {
        if (!isLoopback(request)) return Response.status(403).entity("loopback only\n").build();
        int declared;
        try {
            declared = Integer.parseInt(length == null ? "" : length.strip());
        } catch (NumberFormatException e) {
            declared = body == null ? 0 : body.length;
        }
        SipAnswer answer;
        try {
            answer = intake.receive(new SmsIntake.Inbound(from, to, contentType, declared, source, callId, trunkId(trunk)), body);
        } catch (RuntimeException e) {
            // Not stored: the sender must not take it as delivered, and may send it again.
            LOG.errorf(e, "MESSAGE from %s to %s could not be stored", from, to);
            answer = new SipAnswer(500, "Message not stored");
        }
        return Response.ok(answer.line() + "\n").build();
    }

    /** The trunk id Kamailio found for the source address (absent or 0: none). */
    private static Long trunkId(String trunk) {
        try {
            long id = Long.parseLong(trunk == null ? "" : trunk.strip());
            return id > 0 ? id : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isLoopback(HttpServerRequest request) {
        var address = request.remoteAddress();
        if (address == null || address.hostAddress() == null) return false;
        try {
            return InetAddress.getByName(address.hostAddress()).isLoopbackAddress();
        } catch (Exception e) {
            return false;
        }
    }
}
